import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { getHeader } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import { requestText } from '../message/test-fixtures.ts';
import type { SipRequest } from '../message/types.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { stampReceived } from './via-received.ts';
import { acceptKey, createFrameDecoder, encodeFrame } from './ws-frame.ts';

function withVia(via: string): SipRequest {
  const r = parseMessage(
    Buffer.from(requestText('OPTIONS').replace(/Via: [^\r]*/, `Via: ${via}, SIP/2.0/UDP second.example.com;branch=z9hG4bK2`)),
  );
  assert.ok(r.ok && r.value.kind === 'request');
  return r.value;
}

function masked(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len])
      : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 255]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number)));
  return Buffer.concat([head, mask, body]);
}

describe('received / rport stamping (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('adds received when sent-by differs and fills rport', () => {
    const r = stampReceived(withVia('SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bK1;rport'), '198.51.100.4', 40123);
    assert.equal(
      getHeader(r, 'Via'),
      'SIP/2.0/UDP 10.0.0.8:5060;branch=z9hG4bK1;rport=40123;received=198.51.100.4, SIP/2.0/UDP second.example.com;branch=z9hG4bK2',
    );
  });

  it('adds received for a host name sent-by, leaves a matching IP alone', () => {
    assert.match(
      getHeader(stampReceived(withVia('SIP/2.0/UDP phone.example.com;branch=z9hG4bK1'), '192.0.2.9', 5060), 'Via') ?? '',
      /^SIP\/2\.0\/UDP phone\.example\.com;branch=z9hG4bK1;received=192\.0\.2\.9,/,
    );
    const same = withVia('SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bK1');
    assert.equal(stampReceived(same, '192.0.2.9', 5060), same);
  });
});

describe('WebSocket framing (RFC 6455)', () => {
  it('computes the RFC 6455 §1.3 sample accept key', () => {
    assert.equal(acceptKey('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('decodes masked frames split anywhere, incl. 16-bit lengths', () => {
    const d = createFrameDecoder(65536);
    const big = Buffer.alloc(300, 7);
    const bytes = Buffer.concat([masked(1, Buffer.from('hello')), masked(2, big)]);
    const r1 = d.push(bytes.subarray(0, 9));
    const r2 = d.push(bytes.subarray(9));
    assert.ok(r1.ok && r2.ok);
    const frames = [...r1.frames, ...r2.frames];
    assert.deepEqual(
      frames.map((f) => [f.opcode, f.payload.length]),
      [
        [1, 5],
        [2, 300],
      ],
    );
    assert.equal(frames[0]?.payload.toString(), 'hello');
  });

  it('refuses unmasked and oversized frames', () => {
    const unmasked = createFrameDecoder(100).push(encodeFrame(1, Buffer.from('x')));
    assert.ok(!unmasked.ok && unmasked.closeCode === 1002);
    const big = createFrameDecoder(100).push(masked(1, Buffer.alloc(200)).subarray(0, 4));
    assert.ok(!big.ok && big.closeCode === 1009);
  });

  it('encodes server frames unmasked with the right length form', () => {
    assert.deepEqual([...encodeFrame(1, Buffer.from('ab'))], [0x81, 2, 97, 98]);
    const f = encodeFrame(2, Buffer.alloc(70000));
    assert.equal(f[1], 127);
    assert.equal(f.length, 70010);
  });
});

describe('rate limiter', () => {
  it('allows a burst then the sustained rate per source', () => {
    const clock = new VirtualClock(0);
    const rl = createRateLimiter({ perSecond: 10, burst: 3, clock, exempt: (s) => s === '127.0.0.9' });
    assert.deepEqual(
      [1, 2, 3, 4].map(() => rl.allow('a')),
      [true, true, true, false],
    );
    assert.equal(rl.allow('b'), true, 'other sources unaffected');
    clock.advance(100);
    assert.deepEqual([rl.allow('a'), rl.allow('a')], [true, false]);
    assert.ok(Array.from({ length: 50 }, () => rl.allow('127.0.0.9')).every(Boolean));
  });
});
