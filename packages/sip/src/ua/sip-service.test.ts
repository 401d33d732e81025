import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createDigestClient } from '../auth/digest-client.ts';
import { getHeader } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import { corpusDir } from '../message/test-fixtures.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { REALM, startTestService, USERS, udpClient } from './test-service.ts';

let n = 0;
function registerText(port: number, user: string, extra: string[] = []): string {
  n++;
  return [
    `REGISTER sip:127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKsvc${n};rport`,
    `To: <sip:${user}@127.0.0.1>`,
    `From: <sip:${user}@127.0.0.1>;tag=t${n}`,
    `Call-ID: svc-${user}@test`,
    `CSeq: ${n} REGISTER`,
    'Max-Forwards: 70',
    `Contact: <sip:${user}@127.0.0.1:${port}>`,
    'Expires: 300',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function parsed<T extends SipRequest | SipResponse>(text: string | null): T {
  assert.ok(text !== null, 'expected a reply');
  const r = parseMessage(Buffer.from(text));
  assert.ok(r.ok, text);
  return r.value as T;
}

async function registerWith(
  svcPort: number,
  client: Awaited<ReturnType<typeof udpClient>>,
  user: string,
  password: string,
): Promise<number> {
  const first = registerText(client.port, user);
  await client.send(first, svcPort);
  const challenge = parsed<SipResponse>(await client.next());
  assert.equal(challenge.status, 401);
  const req = parsed<SipRequest>(registerText(client.port, user));
  const auth = createDigestClient([{ realm: REALM, username: user, password }]).authorize(req, challenge);
  assert.ok(auth.ok);
  await client.send(serializeMessage({ ...req, headers: [...req.headers, auth.value] }), svcPort);
  const final = await client.next();
  return final === null ? 0 : parsed<SipResponse>(final).status;
}

describe('SIP service over UDP on 127.0.0.1', () => {
  it('registers with digest (SHA-256), records the NAT source, answers OPTIONS and unknown methods', async () => {
    const svc = await startTestService({ algorithms: ['SHA-256', 'MD5'] });
    const c = await udpClient();
    try {
      assert.equal(await registerWith(svc.port, c, '8001', USERS['8001'] as string), 200);
      const [b] = await svc.registrar.lookup('sip:8001@127.0.0.1');
      assert.deepEqual(b?.source, { protocol: 'UDP', address: '127.0.0.1', port: c.port });
      await c.send(
        registerText(c.port, '8001')
          .replace(/REGISTER/g, 'OPTIONS')
          .replace(/Contact: [^\r]*\r\n/, ''),
        svc.port,
      );
      assert.match((await c.next()) ?? '', /^SIP\/2\.0 200 OK[\s\S]*Allow: OPTIONS, REGISTER/);
      await c.send(registerText(c.port, '8001').replace(/REGISTER/g, 'FROBNICATE'), svc.port);
      assert.match((await c.next()) ?? '', /^SIP\/2\.0 501 /);
      await c.send(registerText(c.port, '8001').replace(/REGISTER/g, 'INVITE'), svc.port);
      assert.match((await c.next()) ?? '', /^SIP\/2\.0 401 [\s\S]*WWW-Authenticate: Digest /, 'initial INVITE is challenged');
      await c.send(
        registerText(c.port, '8001')
          .replace(/REGISTER/g, 'BYE')
          .replace(/To: <([^>]*)>/, 'To: <$1>;tag=dlg'),
        svc.port,
      );
      assert.match((await c.next()) ?? '', /^SIP\/2\.0 481 /, 'in-dialog BYE is not challenged; no such dialog here');
      await c.send(registerText(c.port, '8001', ['Require: nothingSupportsThis']), svc.port);
      const r420 = parsed<SipResponse>(await c.next());
      assert.equal(r420.status, 420);
      assert.equal(getHeader(r420, 'Unsupported'), 'nothingsupportsthis');
    } finally {
      c.close();
      await svc.stop();
    }
  });

  it('bans after N wrong passwords, but never an allowlisted source', async () => {
    for (const allowlisted of [false, true]) {
      const svc = await startTestService({ allowlist: allowlisted ? ['127.0.0.0/8'] : [], maxFailures: 3 });
      const c = await udpClient();
      try {
        const statuses: number[] = [];
        // Three wrong answers ban a plain source; an allowlisted one keeps being challenged.
        const attempts = allowlisted ? 5 : 3;
        for (let i = 0; i < attempts; i++) statuses.push(await registerWith(svc.port, c, '8001', 'wrong'));
        if (allowlisted) {
          assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
          assert.equal(svc.banList.isBanned('127.0.0.1'), false);
        } else {
          assert.deepEqual(statuses, [401, 401, 401]);
          assert.deepEqual(
            svc.banList.list().map((b) => b.source),
            ['127.0.0.1'],
          );
          await c.send(registerText(c.port, '8001'), svc.port);
          assert.equal(await c.next(300), null, 'a banned source gets no answer');
        }
      } finally {
        c.close();
        await svc.stop();
      }
    }
  });

  it('survives every RFC 4475 message over UDP: 400/505 for invalid requests, still answering after', async () => {
    const svc = await startTestService();
    const c = await udpClient();
    try {
      const readme = readFileSync(path.join(corpusDir, 'README.md'), 'utf8');
      const invalid = new Set(
        [...readme.slice(readme.indexOf('## 3.1.2'), readme.indexOf('## 3.2')).matchAll(/\| ([a-z0-9]+)\.dat/g)].map((m) => m[1]),
      );
      const files = readdirSync(corpusDir)
        .filter((f) => f.endsWith('.dat'))
        .sort();
      assert.equal(files.length, 49);
      for (const f of files) {
        const bytes = readFileSync(path.join(corpusDir, f));
        const name = f.slice(0, -4);
        await c.send(bytes, svc.port);
        const isResponse = bytes.subarray(0, 4).toString() === 'SIP/';
        const reply = await c.next(isResponse ? 50 : 3000);
        if (isResponse) assert.equal(reply, null, `${name}: responses are never answered`);
        else if (invalid.has(name)) assert.match(reply ?? '', name === 'badvers' ? /^SIP\/2\.0 505 / : /^SIP\/2\.0 400 /, name);
        else assert.ok(reply !== null, `${name} gets an answer`);
        while ((await c.next(20)) !== null) {
          // drain extra replies
        }
      }
      assert.equal(await registerWith(svc.port, c, '8002', USERS['8002'] as string), 200, 'still up and registering');
    } finally {
      c.close();
      await svc.stop();
    }
  });
});
