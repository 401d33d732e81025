import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, PASSWORD, runPeer, type SipTestServer, startSipServer } from './harness.ts';

type BanView = { source: string; user: string | null; reason: string; failures: number; until: string };
const MAX_FAILURES = 3;

async function wrongRegister(server: SipTestServer, user: string) {
  const contact = await freePort('udp');
  const target = `sip:${user}@127.0.0.1:${server.udpPort}`;
  const args = ['-U', '-C', `sip:${user}@127.0.0.1:${contact}`, '-x', '300', '-s', target, '-u', user, '-a', 'Wr0ngPassw0rd'];
  return runPeer('sipsak', [...args, '-l', String(contact)], 5);
}

/** sipsak OPTIONS: answered (exit 0) or dropped by the ban gate (sipsak retransmits until `timeout`). */
async function optionsAnswered(server: SipTestServer): Promise<boolean> {
  const r = await runPeer('sipsak', ['-s', `sip:127.0.0.1:${server.udpPort}`, '-l', String(await freePort('udp')), '-vv'], 3);
  return r.code === 0 && /SIP\/2\.0 200 OK/.test(r.output);
}

const bansOf = async (server: SipTestServer) => {
  const r = await server.api<{ items: BanView[] }>('GET', '/api/v1/sip/bans');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};

describe('failed digest answers ban the source (not allowlisted)', () => {
  let server: SipTestServer;
  before(async () => {
    server = await startSipServer({ REXIAN_SIP_BAN_MAX_FAILURES: String(MAX_FAILURES), REXIAN_SIP_ALLOWLIST: '10.9.8.0/24' });
    await server.createExtension('8201');
  });
  after(() => server?.close());

  it(`bans 127.0.0.1 after ${MAX_FAILURES} wrong passwords, lists it, and an admin lifts it`, async () => {
    for (let i = 1; i <= MAX_FAILURES; i++) {
      assert.deepEqual(await bansOf(server), [], `no ban before failure ${i}`);
      const r = await wrongRegister(server, '8201');
      assert.notEqual(r.code, 0, r.output);
    }
    const bans = await bansOf(server);
    assert.equal(bans.length, 1, JSON.stringify(bans));
    assert.equal(bans[0]?.source, '127.0.0.1');
    assert.equal(bans[0]?.user, '8201');
    assert.equal(bans[0]?.reason, 'user-failures');
    assert.equal(bans[0]?.failures, MAX_FAILURES);
    assert.ok(Date.parse(bans[0]?.until ?? '') > Date.now() + 50 * 60_000, 'banned for the configured hour');
    assert.equal(await optionsAnswered(server), false, 'a banned source is ignored');

    const lift = await server.api('DELETE', '/api/v1/sip/bans/127.0.0.1');
    assert.equal(lift.status, 200, JSON.stringify(lift.body));
    assert.deepEqual(await bansOf(server), []);
    assert.equal(await optionsAnswered(server), true, 'answered again after the lift');
    const again = await server.api<{ error: { code: string } }>('DELETE', '/api/v1/sip/bans/127.0.0.1');
    assert.equal(again.status, 404);
    assert.equal(again.body.error.code, 'SIP_BAN_NOT_FOUND');
    const audit = await server.api<{ items: { action: string; targetId: string | null }[] }>('GET', '/api/v1/audit?pageSize=100');
    assert.ok(
      audit.body.items.some((e) => e.action === 'sip.ban.lift' && e.targetId === '127.0.0.1'),
      JSON.stringify(audit.body).slice(0, 500),
    );
  });

  it('rejects a malformed source', async () => {
    const r = await server.api('DELETE', '/api/v1/sip/bans/not-an-address');
    assert.equal(r.status, 400);
  });
});

describe('an allowlisted source is never banned', () => {
  let server: SipTestServer;
  before(async () => {
    server = await startSipServer({ REXIAN_SIP_BAN_MAX_FAILURES: String(MAX_FAILURES), REXIAN_SIP_ALLOWLIST: '127.0.0.1/32' });
    await server.createExtension('8202');
  });
  after(() => server?.close());

  it(`stays answered after ${MAX_FAILURES + 1} wrong passwords and still registers`, async () => {
    for (let i = 1; i <= MAX_FAILURES + 1; i++) {
      const r = await wrongRegister(server, '8202');
      assert.notEqual(r.code, 0, r.output);
    }
    assert.deepEqual(await bansOf(server), []);
    assert.equal(await optionsAnswered(server), true);
    const contact = await freePort('udp');
    const ok = await runPeer('sipsak', [
      '-U',
      '-C',
      `sip:8202@127.0.0.1:${contact}`,
      '-x',
      '300',
      '-s',
      `sip:8202@127.0.0.1:${server.udpPort}`,
      '-u',
      '8202',
      '-a',
      PASSWORD,
      '-l',
      String(contact),
    ]);
    assert.equal(ok.code, 0, ok.output);
  });
});
