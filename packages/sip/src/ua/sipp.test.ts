import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freeUdpPort, runPeer, startTestService, USERS } from './test-service.ts';

/**
 * A real peer (SIPp, Debian package sip-tester) registers with digest against a server composed from
 * this package's parts on 127.0.0.1. SIPp exits 0 only when every call (registration) succeeded.
 */
const runSipp = (args: string[], cwd: string) => runPeer('sipp', args, { cwd });

describe('SIPp against the composed registrar', () => {
  it('registers 300 times at 100/s with digest, 0 failed calls', async () => {
    // SIPp only speaks MD5 and reads only the first challenge, so this server offers MD5 alone.
    const svc = await startTestService({ algorithms: ['MD5'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'rexian-sipp-'));
    try {
      const scenario = path.join(import.meta.dirname, 'test-fixtures', 'sipp-register.xml');
      const { code, output } = await runSipp(
        [
          `127.0.0.1:${svc.port}`,
          '-sf',
          scenario,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freeUdpPort()),
          '-au',
          '8001',
          '-ap',
          USERS['8001'] as string,
          '-key',
          'user',
          '8001',
          '-m',
          '300',
          '-r',
          '100',
          '-l',
          '50',
          '-nostdin',
          '-timeout',
          '50s',
          '-buff_size',
          '8388608',
          '-trace_stat',
          '-stf',
          'stat.csv',
        ],
        dir,
      );
      assert.equal(code, 0, `sipp failed:\n${output.slice(-2000)}`);
      const stat = readdirSync(dir).find((f) => f === 'stat.csv');
      assert.ok(stat, 'SIPp wrote its statistics');
      const [header, ...rows] = readFileSync(path.join(dir, stat), 'utf8').trim().split('\n');
      const cols = (header ?? '').split(';');
      const last = (rows.at(-1) ?? '').split(';');
      const col = (name: string) => Number(last[cols.indexOf(name)]);
      assert.equal(col('SuccessfulCall(C)'), 300);
      assert.equal(col('FailedCall(C)'), 0);
      const [binding] = await svc.registrar.lookup('sip:8001@127.0.0.1');
      assert.ok(binding, 'a binding exists');
      assert.equal(binding.userAgent, 'SIPp-rexian-test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await svc.stop();
    }
  });

  it('a wrong password is refused: SIPp counts every call as failed', async () => {
    const svc = await startTestService({ allowlist: ['127.0.0.0/8'], algorithms: ['MD5'] });
    const dir = mkdtempSync(path.join(tmpdir(), 'rexian-sipp-'));
    try {
      const scenario = path.join(import.meta.dirname, 'test-fixtures', 'sipp-register.xml');
      const { code } = await runSipp(
        [
          `127.0.0.1:${svc.port}`,
          '-sf',
          scenario,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freeUdpPort()),
          '-au',
          '8001',
          '-ap',
          'not-the-password',
          '-key',
          'user',
          '8001',
          '-m',
          '5',
          '-r',
          '10',
          '-nostdin',
          '-timeout',
          '20s',
          '-recv_timeout',
          '2000',
        ],
        dir,
      );
      assert.notEqual(code, 0);
      assert.deepEqual(await svc.registrar.lookup('sip:8001@127.0.0.1'), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await svc.stop();
    }
  });
});
