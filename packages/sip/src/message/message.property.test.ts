import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseMessage } from './parser.ts';
import { serializeMessage } from './serializer.ts';
import { createStreamFramer } from './stream-framer.ts';
import { corpusDir, inviteText } from './test-fixtures.ts';
import type { SipHeader, SipMessage } from './types.ts';

const rec = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { noNullPrototype: true });
const token = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.!%*_+`'~-]{0,11}$/);
const host = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6().map((h) => `[${h}]`),
);
const display = fc.string({ unit: 'grapheme', maxLength: 16 });
/** Values keep no outer whitespace and no line breaks: the parser trims and unfolds. */
const headerValue = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((s) => s.replace(/[\r\n]/g, ' ').trim())
  .filter((s) => s === s.trim());

const sipUri = rec({
  scheme: fc.constantFrom('sip' as const, 'sips' as const),
  user: fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), { nil: null }),
  password: fc.constant(null),
  host,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
  params: fc.array(rec({ name: token, value: fc.option(token, { nil: null }) }), { maxLength: 2 }),
  headers: fc.constant([]),
});

function quoteDisplay(d: string): string {
  return `"${d.replace(/[\\"]/g, '\\$&')}"`;
}

const uriText = (u: { scheme: string; user: string | null; host: string; port: number | null }) =>
  `${u.scheme}:${u.user === null ? '' : `${encodeURIComponent(u.user).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}@`}${u.host}${u.port === null ? '' : `:${u.port}`}`;

const common = fc
  .tuple(
    token,
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.array(rec({ transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS'), host, branch: token }), { minLength: 1, maxLength: 3 }),
    display,
    sipUri,
    token,
    fc.array(rec({ name: token.map((t) => `X-${t}`), value: headerValue }), { maxLength: 4 }),
    fc.uint8Array({ maxLength: 200 }),
  )
  .map(([callId, seq, vias, dn, from, tag, extra, body]) => ({ callId, seq, vias, dn, from, tag, extra, body }));

type Common = typeof common extends fc.Arbitrary<infer T> ? T : never;

function headersFor(method: string, c: Common): SipHeader[] {
  return [
    ...c.vias.map((v) => ({ name: 'Via', value: `SIP/2.0/${v.transport} ${v.host};branch=z9hG4bK${v.branch}` })),
    { name: 'From', value: `${quoteDisplay(c.dn)} <${uriText(c.from)}>;tag=${c.tag}` },
    { name: 'To', value: `<${uriText(c.from)}>` },
    { name: 'Call-ID', value: c.callId },
    { name: 'CSeq', value: `${c.seq} ${method}` },
    { name: 'Max-Forwards', value: '70' },
    ...c.extra,
    { name: 'Content-Length', value: String(c.body.byteLength) },
  ];
}

const request: fc.Arbitrary<SipMessage> = fc
  .tuple(token, sipUri, common)
  .map(([method, uri, c]) => ({ kind: 'request', method, uri, headers: headersFor(method, c), body: c.body }));

const response: fc.Arbitrary<SipMessage> = fc
  .tuple(fc.integer({ min: 100, max: 699 }), headerValue, token, common)
  .map(([status, reason, method, c]) => ({ kind: 'response', status, reason, headers: headersFor(method, c), body: c.body }));

const message = fc.oneof(request, response);

/** Bodies come back as Buffer views; compare as plain bytes. */
function normal(m: SipMessage): unknown {
  return { ...m, body: [...m.body] };
}

const seeds: Buffer[] = [Buffer.from(inviteText())];
for (const f of readdirSync(corpusDir).filter((n) => n.endsWith('.dat'))) seeds.push(readFileSync(path.join(corpusDir, f)));

describe('message properties', () => {
  it('parse(serialize(m)) returns m', () => {
    fc.assert(
      fc.property(message, (m) => {
        const r = parseMessage(serializeMessage(m));
        assert.ok(r.ok, r.ok ? '' : `${r.error.reason}\n${serializeMessage(m).toString()}`);
        assert.deepEqual(normal(r.value), normal(m));
      }),
      { numRuns: 400 },
    );
  });

  it('serialize(parse(bytes)) is a fixed point after one pass', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), (bytes) => {
        const r = parseMessage(bytes);
        if (!r.ok) return;
        const once = serializeMessage(r.value);
        const again = parseMessage(once);
        assert.ok(again.ok);
        assert.deepEqual(serializeMessage(again.value), once);
      }),
      { numRuns: 60 },
    );
  });

  it('random byte mutations never throw', () => {
    const mutation = fc.tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'truncate')), {
        minLength: 1,
        maxLength: 8,
      }),
    );
    fc.assert(
      fc.property(mutation, ([seed, edits]) => {
        let bytes = [...seed];
        for (const [at, value, kind] of edits) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (kind === 'set') bytes[i] = value;
          else if (kind === 'insert') bytes.splice(i, 0, value);
          else if (kind === 'delete') bytes.splice(i, 1);
          else bytes = bytes.slice(0, i);
        }
        const buf = Buffer.from(bytes);
        const r = parseMessage(buf);
        assert.equal(typeof r.ok, 'boolean');
        if (!r.ok) assert.ok([400, 413, 505, 513].includes(r.error.status));
        const framed = createStreamFramer().push(buf);
        assert.equal(typeof framed.ok, 'boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('arbitrary bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        assert.equal(typeof parseMessage(bytes).ok, 'boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('a stream cut at arbitrary points frames the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 10 }),
        (msgs, cuts) => {
          const stream = Buffer.concat(msgs.map((m) => serializeMessage(m)));
          const framer = createStreamFramer();
          const out: SipMessage[] = [];
          let pos = 0;
          let k = 0;
          while (pos < stream.length) {
            const n = cuts[k++ % cuts.length] as number;
            const r = framer.push(stream.subarray(pos, pos + n));
            assert.ok(r.ok);
            for (const item of r.value) {
              if (item.type !== 'message') continue;
              const p = parseMessage(item.bytes, { datagram: false });
              assert.ok(p.ok);
              out.push(p.value);
            }
            pos += n;
          }
          assert.deepEqual(out.map(normal), msgs.map(normal));
          assert.equal(framer.buffered(), 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
