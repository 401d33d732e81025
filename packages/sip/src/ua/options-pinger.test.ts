import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Binding } from '../registrar/binding.ts';
import { createUdpTransport } from '../transport/udp-transport.ts';
import { createOptionsPinger } from './options-pinger.ts';
import { startTestService, udpClient } from './test-service.ts';

describe('OPTIONS pinger (NAT keep-alive port)', () => {
  it('pings the REGISTER source, not the Contact; true on an answer, false after Timer F', async () => {
    const svc = await startTestService();
    const pinger = createOptionsPinger({
      layer: svc.service.layer,
      transports: svc.transports,
      localHostPort: `127.0.0.1:${svc.port}`,
    });
    const phone = await udpClient();
    const binding = (port: number): Binding => ({
      aor: 'sip:8001@127.0.0.1',
      contact: 'sip:8001@10.255.0.9:5060', // a private Contact the server could never reach
      expiresAt: Number.MAX_SAFE_INTEGER,
      q: null,
      callId: 'c',
      cseq: 1,
      source: { protocol: 'UDP', address: '127.0.0.1', port },
      userAgent: null,
      instanceId: null,
      updatedAt: 0,
    });
    try {
      const answered = pinger(binding(phone.port));
      const options = await phone.next(2000);
      assert.match(options ?? '', /^OPTIONS sip:8001@10\.255\.0\.9:5060 SIP\/2\.0\r\n/);
      const reply = (options ?? '')
        .replace(/^OPTIONS [^\r]*/, 'SIP/2.0 200 OK')
        .replace(/\r\nTo: ([^\r]*)/, '\r\nTo: $1;tag=phone');
      await phone.send(reply, svc.port);
      assert.equal(await answered, true);
      const silent = createUdpTransport({ host: '127.0.0.1', port: 0 });
      const s = await silent.listen();
      const unanswered = pinger(binding(s.port));
      await new Promise((r) => setTimeout(r, 50));
      svc.clock.advance(32_000);
      assert.equal(await unanswered, false);
      await silent.close();
    } finally {
      phone.close();
      await svc.stop();
    }
  });
});
