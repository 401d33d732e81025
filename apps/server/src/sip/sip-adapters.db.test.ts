import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, openTestDatabase } from '@rexian/db';
import { newId } from '@rexian/kernel';
import type { Binding, ServerTransaction, SipRequest, SipResponse } from '@rexian/sip';
import { parseMessage } from '@rexian/sip';
import { digestHa1 } from '../modules/extensions/digest-secrets.ts';
import { createSipBindingsStore } from './sip-bindings.ts';
import { createSipCredentials, loadNonceSecret } from './sip-credentials.ts';
import { createInterimRequestHandler } from './sip-requests.ts';

const REALM = 'pbx.test';
const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);

async function addExtension(
  db: Database,
  number: string,
  options: { enabled?: boolean; realm?: string; maxContacts?: number } = {},
) {
  const realm = options.realm ?? REALM;
  const h = digestHa1(number, realm, 'Ab3dE5gH7jK9');
  await db.query(
    `INSERT INTO extensions (id, number, realm, ha1_md5, ha1_sha256, enabled, max_contacts) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [newId(), number, realm, h.md5, h.sha256, options.enabled ?? true, options.maxContacts ?? 3],
  );
  return h;
}

const binding = (aor: string, contact: string, over: Partial<Binding> = {}): Binding => ({
  aor,
  contact,
  expiresAt: NOW + 3_600_000,
  q: null,
  callId: 'call-1',
  cseq: 1,
  source: { protocol: 'UDP', address: '198.51.100.7', port: 40000 },
  userAgent: 'Phone/1.0',
  instanceId: null,
  updatedAt: NOW,
  ...over,
});

describe('SIP database adapters', () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
  });
  after(() => db?.close());

  it('credentials: the stored HA1s of enabled extensions of the realm only', async () => {
    const h = await addExtension(db, '6001');
    await addExtension(db, '6002', { enabled: false });
    await addExtension(db, '6003', { realm: 'other.realm' });
    const port = createSipCredentials(db);
    assert.deepEqual(await port.lookup('6001', REALM), { ha1: { MD5: h.md5, 'SHA-256': h.sha256 } });
    assert.equal(await port.lookup('6002', REALM), undefined);
    assert.equal(await port.lookup('6003', REALM), undefined);
    assert.equal(await port.lookup('6999', REALM), undefined);
  });

  it('credentials are reused for 2 s, then a disabled extension stops authenticating', async () => {
    const h = await addExtension(db, '6011');
    let t = 1_000_000;
    const port = createSipCredentials(db, () => t);
    assert.deepEqual(await port.lookup('6011', REALM), { ha1: { MD5: h.md5, 'SHA-256': h.sha256 } });
    await db.query("UPDATE extensions SET enabled = false WHERE number = '6011'");
    t += 1_999;
    assert.ok(await port.lookup('6011', REALM), 'within the reuse time');
    t += 1;
    assert.equal(await port.lookup('6011', REALM), undefined, 'read again after it');
  });

  it('bindings: replace is the whole set of an AOR; domain aliases share the extension', async () => {
    await addExtension(db, '6101', { maxContacts: 2 });
    const store = createSipBindingsStore(db, REALM);
    const aor = 'sip:6101@10.0.0.5';
    await store.replace(aor, [binding(aor, 'sip:6101@192.168.1.2:5060', { q: 0.5 }), binding(aor, 'sip:6101@192.168.1.3:5060')]);
    const both = await store.list(aor);
    assert.deepEqual(both.map((b) => b.contact).sort(), ['sip:6101@192.168.1.2:5060', 'sip:6101@192.168.1.3:5060']);
    assert.equal(both.find((b) => b.q !== null)?.q, 0.5);
    assert.deepEqual(both[0]?.source, { protocol: 'UDP', address: '198.51.100.7', port: 40000 });
    assert.equal(both[0]?.expiresAt, NOW + 3_600_000);
    // The same extension under the realm as domain: same bindings, reported under the AOR asked for.
    const viaRealm = await store.list(`sip:6101@${REALM}`);
    assert.equal(viaRealm.length, 2);
    assert.ok(viaRealm.every((b) => b.aor === `sip:6101@${REALM}`));
    const stored = await db.query<{ aor: string }>(
      "SELECT DISTINCT aor FROM sip_registrations WHERE contact_uri LIKE 'sip:6101@%'",
    );
    assert.deepEqual(stored.rows, [{ aor: `sip:6101@${REALM}` }], 'stored under the canonical AOR');

    await store.replace(aor, [binding(aor, 'sip:6101@192.168.1.3:5060', { cseq: 2 })]);
    const one = await store.list(aor);
    assert.equal(one.length, 1);
    assert.equal(one[0]?.cseq, 2);
    await store.replace(aor, []);
    assert.deepEqual(await store.list(aor), []);
    assert.equal(await store.maxContactsFor(aor), 2);
    assert.equal(await store.maxContactsFor('sip:6999@x'), undefined);
  });

  it('bindings: a disabled or unknown extension gets none', async () => {
    await addExtension(db, '6201', { enabled: false });
    const store = createSipBindingsStore(db, REALM);
    await store.replace('sip:6201@x', [binding('sip:6201@x', 'sip:6201@192.168.1.2')]);
    await store.replace('sip:6999@x', [binding('sip:6999@x', 'sip:6999@192.168.1.2')]);
    assert.deepEqual(await store.list('sip:6201@x'), []);
    assert.deepEqual(await store.list('sip:6999@x'), []);
  });

  it('keep-alive queries: live bindings only; touch and remove', async () => {
    await addExtension(db, '6301');
    await addExtension(db, '6302');
    const store = createSipBindingsStore(db, REALM);
    await store.replace('sip:6301@x', [
      binding('sip:6301@x', 'sip:6301@192.168.1.2'),
      binding('sip:6301@x', 'sip:6301@192.168.1.9', { expiresAt: NOW - 1000 }),
    ]);
    await store.replace('sip:6302@x', [binding('sip:6302@x', 'sip:6302@192.168.1.4')]);
    const live = (await store.listLive(NOW)).filter((b) => b.aor.startsWith('sip:630'));
    assert.deepEqual(
      live.map((b) => [b.aor, b.contact]),
      [
        [`sip:6301@${REALM}`, 'sip:6301@192.168.1.2'],
        [`sip:6302@${REALM}`, 'sip:6302@192.168.1.4'],
      ],
    );
    const [first, second] = live as [Binding, Binding];
    await store.touch(first, NOW + 60_000);
    assert.equal((await store.list('sip:6301@x')).find((b) => b.contact === first.contact)?.updatedAt, NOW + 60_000);
    await store.remove(second);
    assert.deepEqual(await store.list('sip:6302@x'), []);
  });

  it('the nonce secret is created once and kept', async () => {
    const a = await loadNonceSecret(db);
    const b = await loadNonceSecret(db);
    assert.equal(a, b);
    assert.match(a, /^[0-9a-f]{64}$/);
  });

  it('interim answers: 480 for an extension, 404 otherwise, 489 for events, 481 in dialog', async () => {
    await addExtension(db, '6401');
    const handler = createInterimRequestHandler(db);
    const answer = async (method: string, target: string, user: string | null) => {
      const text = [
        `${method} sip:${target}@${REALM} SIP/2.0`,
        'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
        'Max-Forwards: 70',
        `From: <sip:6401@${REALM}>;tag=a`,
        `To: <sip:${target}@${REALM}>`,
        'Call-ID: c1',
        `CSeq: 1 ${method}`,
        ...(method === 'SUBSCRIBE' ? ['Event: message-summary'] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      const parsed = parseMessage(Buffer.from(text));
      assert.ok(parsed.ok && parsed.value.kind === 'request');
      let response: SipResponse | undefined;
      const tx = {
        respond: (r: SipResponse) => {
          response = r;
        },
      } as unknown as ServerTransaction;
      await handler(parsed.value as SipRequest, tx, user);
      return response?.status;
    };
    assert.equal(await answer('INVITE', '6401', '6401'), 480);
    assert.equal(await answer('INVITE', '6999', '6401'), 404);
    assert.equal(await answer('MESSAGE', '6401', '6401'), 480);
    assert.equal(await answer('SUBSCRIBE', '6401', '6401'), 489);
    assert.equal(await answer('BYE', '6401', null), 481);
  });
});
