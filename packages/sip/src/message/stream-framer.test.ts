import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipErrorCode } from '../errors.ts';
import { createStreamFramer } from './stream-framer.ts';
import { requestText } from './test-fixtures.ts';

describe('createStreamFramer', () => {
  it('cuts messages by Content-Length, across chunks and back to back', () => {
    const a = requestText('MESSAGE', [], 'hello');
    const b = requestText('OPTIONS');
    const framer = createStreamFramer();
    const first = framer.push(Buffer.from(a.slice(0, 30)));
    assert.deepEqual(first, { ok: true, value: [] });
    const rest = framer.push(Buffer.from(a.slice(30) + b));
    assert.ok(rest.ok);
    assert.deepEqual(
      rest.value.map((i) => (i.type === 'message' ? i.bytes.toString() : i.type)),
      [a, b],
    );
    assert.equal(framer.buffered(), 0);
  });

  it('reports CRLF keep-alives: double CRLF is a ping, single CRLF a pong (RFC 5626 §3.5.1)', () => {
    const framer = createStreamFramer();
    const r = framer.push(Buffer.from('\r\n\r\n'));
    assert.deepEqual(r, { ok: true, value: [{ type: 'keepalive', pong: true }] });
    const p = framer.push(Buffer.from('\r\n'));
    assert.deepEqual(p, { ok: true, value: [{ type: 'keepalive', pong: false }] });
  });

  it('treats a missing Content-Length as an empty body', () => {
    const text = requestText('OPTIONS').replace('Content-Length: 0\r\n', '');
    const r = createStreamFramer().push(Buffer.from(text));
    assert.ok(r.ok && r.value.length === 1);
  });

  it('refuses a head that grows past the limit before its end arrives', () => {
    const framer = createStreamFramer({ maxMessageBytes: 1024 });
    const r1 = framer.push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nX: ${'a'.repeat(900)}`));
    assert.ok(r1.ok);
    const r2 = framer.push(Buffer.from('b'.repeat(200)));
    assert.ok(!r2.ok && r2.error.code === SipErrorCode.MessageTooLarge);
    assert.equal(framer.buffered(), 0, 'nothing kept after a failure');
    assert.ok(!framer.push(Buffer.from('\r\n')).ok, 'a failed framer stays failed');
  });

  it('refuses a declared body over the limit without waiting for it', () => {
    const framer = createStreamFramer({ maxMessageBytes: 4096 });
    const head = requestText('MESSAGE').replace('Content-Length: 0', 'Content-Length: 100000');
    const r = framer.push(Buffer.from(head));
    assert.ok(!r.ok && r.error.code === SipErrorCode.MessageTooLarge);
  });

  it('refuses bad or duplicate Content-Length', () => {
    const bad = createStreamFramer().push(Buffer.from(requestText('OPTIONS').replace('Content-Length: 0', 'Content-Length: -1')));
    assert.ok(!bad.ok && bad.error.code === SipErrorCode.BadContentLength);
    const dup = createStreamFramer().push(Buffer.from(requestText('OPTIONS', ['l: 0'])));
    assert.ok(!dup.ok && dup.error.code === SipErrorCode.DuplicateHeader);
  });
});
