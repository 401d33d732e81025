import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { getContacts, getHeader, getHeaderValues, getVias } from './headers.ts';
import { parseMessage } from './parser.ts';
import { serializeMessage } from './serializer.ts';
import { corpusDir } from './test-fixtures.ts';

/**
 * The RFC 4475 torture messages, byte-exact, from the shared peers folder beside the repository. The
 * corpus is required: when it is missing the test fails (in CI and elsewhere) instead of passing empty.
 */

/** Reads the file names listed in the README table under the heading that starts with `heading`. */
function section(readme: string, heading: string): string[] {
  const start = readme.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `README has no section ${heading}`);
  const next = readme.indexOf('\n## ', start + 3);
  const text = readme.slice(start, next < 0 ? undefined : next);
  return [...text.matchAll(/^\| ([a-z0-9]+)\.dat \|/gm)].map((m) => m[1] as string);
}

function load(name: string): Buffer {
  return readFileSync(path.join(corpusDir, `${name}.dat`));
}

describe('RFC 4475 torture messages', () => {
  it('finds the corpus (a missing corpus is a failure, never a skip)', () => {
    assert.ok(existsSync(corpusDir), `RFC 4475 corpus not found at ${corpusDir}`);
    assert.equal(readdirSync(corpusDir).filter((f) => f.endsWith('.dat')).length, 49);
  });

  const readme = existsSync(corpusDir) ? readFileSync(path.join(corpusDir, 'README.md'), 'utf8') : '';

  it('accepts every valid message of §3.1.1', () => {
    const valid = section(readme, '3.1.1');
    assert.equal(valid.length, 13);
    for (const name of valid) {
      const r = parseMessage(load(name));
      assert.ok(r.ok, `${name}: ${r.ok ? '' : r.error.reason}`);
      // What we accept we can also write back and read again.
      const again = parseMessage(serializeMessage(r.value));
      assert.ok(again.ok, `${name} re-parse`);
    }
  });

  it('rejects every invalid message of §3.1.2: requests with 400 (505 for the version), responses dropped', () => {
    const invalid = section(readme, '3.1.2');
    assert.equal(invalid.length, 19);
    for (const name of invalid) {
      const bytes = load(name);
      const r = parseMessage(bytes);
      assert.equal(r.ok, false, `${name} must be rejected`);
      if (r.ok) continue;
      const isResponse = bytes.subarray(0, 4).toString() === 'SIP/';
      if (!isResponse) assert.equal(r.error.status, name === 'badvers' ? 505 : 400, `${name}: ${r.error.reason}`);
    }
  });

  it('parses the semantic cases of §3.2–3.4, leaving the decision to the layers above', () => {
    const semantic = [...section(readme, '3.2'), ...section(readme, '3.3'), ...section(readme, '3.4')];
    assert.equal(semantic.length, 17);
    const rejectedBySyntax = new Set(['insuf', 'multi01', 'mcl01']);
    for (const name of semantic) {
      const r = parseMessage(load(name));
      assert.equal(r.ok, !rejectedBySyntax.has(name), `${name}: ${r.ok ? 'accepted' : r.error.reason}`);
    }
  });

  it('reads the tortuous INVITE (§3.1.1.1) correctly', () => {
    const r = parseMessage(load('wsinv'));
    assert.ok(r.ok && r.value.kind === 'request');
    const m = r.value;
    assert.equal(getHeader(m, 'Max-Forwards'), '0068');
    assert.equal(getHeader(m, 'CSeq'), '0009 INVITE');
    const vias = getVias(m);
    assert.ok(vias.ok);
    assert.deepEqual(
      vias.value.map((v) => [v.transport, v.host]),
      [
        ['UDP', '192.0.2.2'],
        ['TCP', 'spindle.example.com'],
        ['UDP', '192.168.255.111'],
      ],
    );
    assert.equal(vias.value[2]?.params[0]?.value, 'z9hG4bK30239');
    const c = getContacts(m);
    assert.ok(c.ok && c.value !== '*');
    assert.equal(c.value[0]?.displayName, 'Quoted string ""');
    assert.equal(getHeader(m, 'NewFangledHeader'), 'newfangled value continued newfangled value');
    assert.equal(m.body.byteLength, 150);
  });

  it('keeps escaped NULs and escapes in URIs (§3.1.1.3–5)', () => {
    const esc = parseMessage(load('esc01'));
    assert.ok(esc.ok && esc.value.kind === 'request' && esc.value.uri.scheme === 'sip');
    assert.equal((esc.value.uri as { user: string }).user, 'sips:user@example.com');
    const nul = parseMessage(load('escnull'));
    assert.ok(nul.ok);
    const contacts = getContacts(nul.value);
    assert.ok(contacts.ok && contacts.value !== '*');
    assert.deepEqual(
      contacts.value.map((c) => (c.uri as { user: string }).user),
      ['\0', '\0\0'],
    );
    const e2 = parseMessage(load('esc02'));
    assert.ok(e2.ok && e2.value.kind === 'request' && e2.value.method === 'RE%47IST%45R');
    assert.equal(getHeaderValues(e2.value, 'Contact').length, 2, 'C%6Fntact is not Contact');
  });

  it('discards the second request of a datagram (§3.1.1.8) and passes multipart bodies (§3.1.1.11)', () => {
    const dbl = parseMessage(load('dblreq'));
    assert.ok(dbl.ok && dbl.value.kind === 'request' && dbl.value.method === 'REGISTER' && dbl.value.body.byteLength === 0);
    const mp = parseMessage(load('mpart01'));
    assert.ok(mp.ok);
    assert.match(Buffer.from(mp.value.body).toString('latin1'), /^--7a9cbec02ceef655\r\n/);
    assert.match(Buffer.from(mp.value.body).toString('latin1'), /--7a9cbec02ceef655--\r\n$/);
    assert.equal(mp.value.body.byteLength, Number(getHeader(mp.value, 'Content-Length')));
  });
});
