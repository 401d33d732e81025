import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  digestAuthorization,
  extensionView,
  freePort,
  PASSWORD,
  runPeer,
  type SipTestServer,
  startSipServer,
  udpSipClient,
} from './harness.ts';

/** sipsak (Debian sipsak) against the registrar running inside the Rexian server, UDP and TCP. */
describe('sipsak registers to the Rexian server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-sip-'));
  let server: SipTestServer;
  let contactPort: number;
  const sipsakRegister = async (user: string, password: string, transport: 'udp' | 'tcp' = 'udp') => {
    const port = transport === 'udp' ? server.udpPort : server.tcpPort;
    return runPeer('sipsak', [
      '-U',
      '-C',
      `sip:${user}@127.0.0.1:${contactPort}`,
      '-x',
      '300',
      '-s',
      `sip:${user}@127.0.0.1:${port}`,
      '-u',
      user,
      '-a',
      password,
      '-E',
      transport,
      '-l',
      String(contactPort),
      '-vv',
    ]);
  };

  before(async () => {
    server = await startSipServer({ REXIAN_DATA_DIR: dir });
    contactPort = await freePort('udp');
    await server.createExtension('8101');
    await server.createExtension('8102');
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers OPTIONS with 200', async () => {
    const r = await runPeer('sipsak', ['-s', `sip:127.0.0.1:${server.udpPort}`, '-l', String(await freePort('udp')), '-vv']);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /SIP\/2\.0 200 OK/);
  });

  it('registers with digest; the API shows the extension online with contact and user agent', async () => {
    assert.equal((await extensionView(server, '8101')).status, 'offline');
    const r = await sipsakRegister('8101', PASSWORD);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /authorizing/, 'challenged first');
    const x = await extensionView(server, '8101');
    assert.equal(x.status, 'online');
    const reg = x.registrations.find((g) => g.contact === `sip:8101@127.0.0.1:${contactPort}`);
    assert.ok(reg, JSON.stringify(x.registrations));
    assert.match(reg.userAgent ?? '', /sipsak/i);
    assert.match(reg.source, /^UDP:127\.0\.0\.1:\d+$/);
  });

  it('registers over TCP', async () => {
    const r = await sipsakRegister('8102', PASSWORD, 'tcp');
    assert.equal(r.code, 0, r.output);
    const x = await extensionView(server, '8102');
    assert.equal(x.status, 'online');
    assert.ok(
      x.registrations.some((g) => g.source.startsWith('TCP:127.0.0.1:')),
      JSON.stringify(x.registrations),
    );
  });

  it('refuses a wrong password and an unknown extension alike', async () => {
    const wrong = await sipsakRegister('8102', 'Wr0ngPassw0rd');
    assert.notEqual(wrong.code, 0, wrong.output);
    const unknown = await sipsakRegister('8999', PASSWORD);
    assert.notEqual(unknown.code, 0, unknown.output);
    assert.equal((await server.rexian.sip?.registrar.lookup('sip:8999@127.0.0.1'))?.length, 0);
  });

  it('keeps bindings and honours nonces issued before a restart on the same data dir', async () => {
    const { udpPort, tcpPort } = server;
    const phone = await udpSipClient();
    const challenge = await phone.register(udpPort, '8102');
    const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1];
    assert.ok(challenge.startsWith('SIP/2.0 401') && nonce, challenge);
    await server.close();
    server = await startSipServer({ REXIAN_DATA_DIR: dir }, { udp: udpPort, tcp: tcpPort });
    const x = await extensionView(server, '8101');
    assert.equal(x.status, 'online');
    assert.ok(x.registrations.some((g) => g.contact === `sip:8101@127.0.0.1:${contactPort}`));
    const live = await server.rexian.sip?.registrar.lookup('sip:8101@127.0.0.1');
    assert.equal(live?.length, 1, JSON.stringify(live));
    // The nonce secret lives in the settings table: the pre-restart nonce still verifies.
    const uri = `sip:127.0.0.1:${udpPort}`;
    const auth = digestAuthorization({ user: '8102', password: PASSWORD, realm: 'rexian', nonce, uri });
    const answer = await phone.register(udpPort, '8102', auth);
    phone.close();
    assert.match(answer, /^SIP\/2\.0 200 /, answer);
  });
});
