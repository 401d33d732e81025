import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { describe, it } from 'node:test';
import { startRexian } from '@rexian/server';
import { freePort } from './harness.ts';

/** Another PBX holding the SIP port must not take the console down with it. */
describe('SIP port already taken', () => {
  it('the server starts without the SIP edge, logs it, and releases the ports it did bind', async () => {
    const busy = dgram.createSocket('udp4');
    await new Promise<void>((r) => busy.bind(0, '127.0.0.1', () => r()));
    const tcpPort = await freePort('tcp');
    const rexian = await startRexian({
      env: {
        REXIAN_PORT: '0',
        REXIAN_HOST: '127.0.0.1',
        REXIAN_DATA_DIR: ':memory:',
        REXIAN_DEMO: 'false',
        REXIAN_LOG_LEVEL: 'silent',
        REXIAN_CONSOLE_DIR: '/nonexistent',
        REXIAN_SIP_HOST: '127.0.0.1',
        REXIAN_SIP_UDP_PORT: String(busy.address().port),
        REXIAN_SIP_TCP_PORT: String(tcpPort),
      },
    });
    try {
      assert.equal(rexian.sip, null);
      const health = await fetch(`${rexian.url}/healthz`);
      assert.equal(health.status, 200);
      // The TCP transport of the failed edge was closed again: the port can be bound.
      const probe = net.createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(tcpPort, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((r) => probe.close(() => r()));
    } finally {
      await rexian.close();
      busy.close();
    }
  });
});
