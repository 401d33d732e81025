import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extensionView, freePort, PASSWORD, runPeer, type SipTestServer, startSipServer } from './harness.ts';

const SCENARIO = join(import.meta.dirname, 'register-digest.sipp.xml');
const USERS = ['8301', '8302', '8303', '8304']; // one SIPp process per extension, running side by side
const RATE = 100; // REGISTER transactions (each 401 + 200) per second, all processes together
const CALLS = 400; // 4 s at RATE

/** The last row of SIPp's -trace_stat CSV as a map (columns are `;`-separated). */
function lastStats(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = (lines[0] ?? '').split(';');
  const last = (lines.at(-1) ?? '').split(';');
  return new Map(head.map((h, i) => [h, last[i] ?? '']));
}

/** SIPp (Debian sip-tester) drives REGISTER with digest at a sustained rate against the in-process server. */
describe('SIPp REGISTER load against the Rexian server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-sipp-'));
  let server: SipTestServer;
  before(async () => {
    // One source sends ~2·RATE messages/s: the per-source limit is off for this load test.
    server = await startSipServer({ REXIAN_SIP_RATE_PER_SOURCE: '0' });
    for (const u of USERS) await server.createExtension(u);
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sipp = async (user: string, statFile: string) =>
    runPeer(
      'sipp',
      [
        '-sf',
        SCENARIO,
        '-key',
        'user',
        user,
        '-au',
        user,
        '-ap',
        PASSWORD,
        '-i',
        '127.0.0.1',
        '-p',
        String(await freePort('udp')),
        '-m',
        String(CALLS / USERS.length),
        '-r',
        String(RATE / USERS.length),
        '-l',
        '100',
        '-nostdin',
        '-timeout',
        '20s',
        '-buff_size',
        '8388608',
        '-trace_stat',
        '-stf',
        statFile,
        `127.0.0.1:${server.udpPort}`,
      ],
      25,
      dir,
    );

  it(`${CALLS} REGISTERs with digest at ${RATE}/s from ${USERS.length} SIPp processes, 0 failed`, async (t) => {
    const started = performance.now();
    const runs = await Promise.all(USERS.map((u) => sipp(u, join(dir, `stat-${u}.csv`))));
    const seconds = (performance.now() - started) / 1000;
    for (const [i, u] of USERS.entries()) {
      const r = runs[i];
      assert.equal(r?.code, 0, `${u}: ${r?.output.slice(-3000)}`);
      const stats = lastStats(join(dir, `stat-${u}.csv`));
      assert.equal(stats.get('SuccessfulCall(C)'), String(CALLS / USERS.length), JSON.stringify([...stats]));
      assert.equal(stats.get('FailedCall(C)'), '0');
    }
    t.diagnostic(`sipp: ${CALLS} REGISTER+digest in ${seconds.toFixed(2)} s = ${(CALLS / seconds).toFixed(0)}/s, 0 failed`);
    for (const u of USERS) {
      const x = await extensionView(server, u);
      assert.equal(x.status, 'online', u);
      assert.equal(x.registrations.length, 1, `${u}: one contact (re-registrations replace it)`);
      assert.equal(x.registrations[0]?.userAgent, 'SIPp load');
    }
  });
});
