import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freeUdpPort, runPeer, startTestService, USERS } from './test-service.ts';

/** sipsak (Debian package sipsak) as a second, independent peer. It too speaks MD5 only. */
describe('sipsak against the composed registrar', () => {
  it('OPTIONS is answered 200', async () => {
    const svc = await startTestService({ algorithms: ['MD5'] });
    try {
      const { code, output } = await runPeer(
        'sipsak',
        ['-s', `sip:127.0.0.1:${svc.port}`, '-l', String(await freeUdpPort()), '-vv'],
        { seconds: 15 },
      );
      assert.equal(code, 0, output);
      assert.match(output, /SIP\/2\.0 200 OK/);
    } finally {
      await svc.stop();
    }
  });

  it('registers with digest; a wrong password fails', async () => {
    const svc = await startTestService({ algorithms: ['MD5'], allowlist: ['127.0.0.0/8'] });
    try {
      const contactPort = await freeUdpPort();
      const base = [
        '-U',
        '-C',
        `sip:8001@127.0.0.1:${contactPort}`,
        '-x',
        '300',
        '-s',
        `sip:8001@127.0.0.1:${svc.port}`,
        '-u',
        '8001',
        '-vv',
      ];
      const good = await runPeer('sipsak', [...base, '-a', USERS['8001'] as string], { seconds: 15 });
      assert.equal(good.code, 0, good.output);
      const bindings = await svc.registrar.lookup('sip:8001@127.0.0.1');
      assert.ok(
        bindings.some((b) => b.contact === `sip:8001@127.0.0.1:${contactPort}`),
        JSON.stringify(bindings),
      );
      const bad = await runPeer('sipsak', [...base, '-a', 'wrong-password'], { seconds: 15 });
      assert.notEqual(bad.code, 0, bad.output);
    } finally {
      await svc.stop();
    }
  });
});
