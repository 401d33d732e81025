import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { digestAuthorization, extensionView, PASSWORD, type SipTestServer, startSipServer, udpSipClient } from './harness.ts';

/** RFC 8760: SHA-256 digest offered first when configured; MD5 alone by default. */
describe('SIP digest algorithms', () => {
  const servers: SipTestServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  const challenges = (response: string) => [...response.matchAll(/^WWW-Authenticate: (.*)$/gim)].map((m) => m[1] ?? '');

  it('offers SHA-256 then MD5 when configured, and accepts a SHA-256 answer', async () => {
    const server = await startSipServer({ REXIAN_SIP_DIGEST_ALGORITHMS: 'SHA-256,MD5' });
    servers.push(server);
    await server.createExtension('8101');
    const phone = await udpSipClient();
    const challenge = await phone.register(server.udpPort, '8101');
    const offered = challenges(challenge);
    assert.equal(offered.length, 2, challenge);
    assert.match(offered[0] ?? '', /algorithm=SHA-256/);
    assert.match(offered[1] ?? '', /algorithm=MD5/);
    const nonce = /nonce="([^"]+)"/.exec(offered[0] ?? '')?.[1] ?? '';
    const uri = `sip:127.0.0.1:${server.udpPort}`;
    const auth = digestAuthorization({ user: '8101', password: PASSWORD, realm: 'rexian', nonce, uri, algorithm: 'SHA-256' });
    const answer = await phone.register(server.udpPort, '8101', auth);
    phone.close();
    assert.match(answer, /^SIP\/2\.0 200 /, answer);
    assert.equal((await extensionView(server, '8101')).status, 'online');
  });

  it('offers only MD5 by default and refuses a SHA-256 answer', async () => {
    const server = await startSipServer();
    servers.push(server);
    await server.createExtension('8102');
    const phone = await udpSipClient();
    const challenge = await phone.register(server.udpPort, '8102');
    const offered = challenges(challenge);
    assert.equal(offered.length, 1, challenge);
    assert.match(offered[0] ?? '', /algorithm=MD5/);
    const nonce = /nonce="([^"]+)"/.exec(offered[0] ?? '')?.[1] ?? '';
    const uri = `sip:127.0.0.1:${server.udpPort}`;
    const auth = digestAuthorization({ user: '8102', password: PASSWORD, realm: 'rexian', nonce, uri, algorithm: 'SHA-256' });
    const answer = await phone.register(server.udpPort, '8102', auth);
    assert.match(answer, /^SIP\/2\.0 (401|403) /, answer);
    // The same phone answering with MD5 gets in: the refusal above was the algorithm, not the password.
    const md5 = digestAuthorization({ user: '8102', password: PASSWORD, realm: 'rexian', nonce, uri });
    assert.match(await phone.register(server.udpPort, '8102', md5), /^SIP\/2\.0 200 /);
    phone.close();
  });
});
