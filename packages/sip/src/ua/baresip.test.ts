import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Binding } from '../registrar/binding.ts';
import { freeUdpPort, startTestService, USERS } from './test-service.ts';

/**
 * baresip (Debian baresip-core), a real softphone, registers, re-registers and unregisters against the
 * composed registrar. It runs headless with only the account module; regint=4 makes it refresh after
 * about 3.6 s (libre refreshes at 90 % of the interval).
 */
async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('baresip against the composed registrar', () => {
  it('registers with digest, re-registers and unregisters on exit', async () => {
    const svc = await startTestService({ minExpires: 1 });
    const dir = mkdtempSync(path.join(tmpdir(), 'rexian-baresip-'));
    const sipPort = await freeUdpPort();
    writeFileSync(
      path.join(dir, 'config'),
      [
        'poll_method\t\tepoll',
        `sip_listen\t\t127.0.0.1:${sipPort}`,
        'net_interface\t\t127.0.0.1',
        'dns_server\t\t127.0.0.1:53',
        'module_path\t\t/usr/lib/baresip/modules',
        'module_tmp\t\tuuid.so',
        'module_tmp\t\taccount.so',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'accounts'),
      `<sip:8001@127.0.0.1;transport=udp>;auth_user=8001;auth_pass=${USERS['8001']};outbound="sip:127.0.0.1:${svc.port};lr;transport=udp";regint=4\n`,
    );
    writeFileSync(path.join(dir, 'contacts'), '');
    const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    const lookup = async (): Promise<Binding | undefined> => (await svc.registrar.lookup('sip:8001@127.0.0.1'))[0];
    try {
      const first = await until(lookup, 8000, `first registration\n${log}`);
      assert.equal(first.source.port, sipPort, 'binding remembers where the phone really is');
      assert.match(first.userAgent ?? '', /^baresip/);
      assert.match(first.instanceId ?? '', /^<urn:uuid:/);
      const refreshed = await until(
        async () => {
          const b = await lookup();
          return b && b.cseq > first.cseq ? b : undefined;
        },
        10_000,
        `re-registration\n${log}`,
      );
      assert.equal(refreshed.callId, first.callId, 're-REGISTER keeps the Call-ID (RFC 3261 §10.2.4)');
      child.kill('SIGTERM');
      await until(async () => ((await lookup()) === undefined ? true : undefined), 8000, `unregistration\n${log}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      await svc.stop();
    }
  });
});
