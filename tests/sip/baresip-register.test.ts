import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Binding } from '@rexian/sip';
import { BaresipPeer, writeBaresipConfig } from './baresip-peer.ts';
import { extensionView, freePort, PASSWORD, type SipTestServer, startSipServer } from './harness.ts';

const REGINT = 4;
const AOR = 'sip:8401@127.0.0.1';

/** Polls until `probe` returns a value (not undefined) or the deadline passes. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** baresip (Debian baresip-core), a real softphone, registers, refreshes and unregisters. */
describe('baresip registers to the Rexian server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-baresip-'));
  let server: SipTestServer;
  let phone: BaresipPeer | undefined;
  let quiet: BaresipPeer | undefined;
  before(async () => {
    // A short minimum so the phone's refresh comes within the test (production default: 60 s).
    server = await startSipServer({ REXIAN_SIP_MIN_EXPIRES: String(REGINT), REXIAN_SIP_KEEPALIVE_SECONDS: '1' });
    await server.createExtension('8401');
    await server.createExtension('8402');
  });
  after(async () => {
    phone?.kill();
    quiet?.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers, re-registers on the same Call-ID, and unregisters on quit', async () => {
    const ctrlPort = await freePort('tcp');
    const sipPort = await freePort('udp');
    writeBaresipConfig(join(dir, 'a'), {
      user: '8401',
      password: PASSWORD,
      registrarPort: server.udpPort,
      sipPort,
      ctrlPort,
      regint: REGINT,
    });
    phone = new BaresipPeer(join(dir, 'a'), 40);
    await phone.connect(ctrlPort);
    const lookup = async () => (await server.rexian.sip?.registrar.lookup(AOR)) ?? [];
    const first = await waitFor('registration', async () => (await lookup())[0]);
    // baresip's contact user is "<user>-<random>".
    assert.match(first.contact, new RegExp(`^sip:8401[^@]*@127\\.0\\.0\\.1:${sipPort}`));
    const x = await extensionView(server, '8401');
    assert.equal(x.status, 'online');
    assert.match(x.registrations[0]?.userAgent ?? '', /baresip/i);

    const refreshed: Binding = await waitFor(
      'a refresh',
      async () => (await lookup()).find((b) => b.callId === first.callId && b.cseq > first.cseq),
      REGINT * 1000 + 5000,
    );
    assert.equal(refreshed.contact, first.contact);
    assert.ok(refreshed.expiresAt > first.expiresAt, 'the refresh extended the binding');

    const code = await phone.quit();
    assert.equal(code, 0, phone.output);
    assert.deepEqual(await lookup(), [], 'baresip removed its binding (Expires: 0)');
    assert.equal((await extensionView(server, '8401')).status, 'offline');
  });

  it('keeps a registered phone alive with OPTIONS (NAT keep-alive), which it answers', async () => {
    const ctrlPort = await freePort('tcp');
    const sipPort = await freePort('udp');
    // A long interval: any "last seen" advance below comes from the keep-alive, not from a REGISTER.
    writeBaresipConfig(join(dir, 'b'), {
      user: '8402',
      password: PASSWORD,
      registrarPort: server.udpPort,
      sipPort,
      ctrlPort,
      regint: 600,
    });
    quiet = new BaresipPeer(join(dir, 'b'), 40);
    await quiet.connect(ctrlPort);
    const lookup = async () => (await server.rexian.sip?.registrar.lookup('sip:8402@127.0.0.1')) ?? [];
    const first = await waitFor('registration', async () => (await lookup())[0]);
    const seen = await waitFor(
      'a keep-alive answer',
      async () => (await lookup()).find((b) => b.updatedAt >= first.updatedAt + 1500),
      8000,
    );
    assert.equal(seen.cseq, first.cseq, 'no REGISTER in between');
    assert.equal(seen.callId, first.callId);
    const x = await extensionView(server, '8402');
    assert.ok(Date.parse(x.registrations[0]?.lastSeenAt ?? '') >= first.updatedAt + 1500, 'the console sees it too');
    assert.equal(await quiet.quit(), 0, quiet.output);
  });
});
