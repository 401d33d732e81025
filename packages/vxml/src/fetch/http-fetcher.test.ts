import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createSystemClock } from '@rexian/kernel';
import { VxmlErrorCode } from '../errors.ts';
import { bodyText, withTimeout } from './fetcher-port.ts';
import { createHttpFetcher } from './http-fetcher.ts';

test('HTTP fetcher: allowlist, GET query and POST body, status errors, redirects, size and time limits', async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      if (req.url?.startsWith('/ok')) res.end('{"a":1}');
      else if (req.url === '/redirect-out') {
        res.writeHead(302, { location: 'http://example.com/' });
        res.end();
      } else if (req.url === '/big') res.end('x'.repeat(5000));
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 1500);
      else {
        res.writeHead(500);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  try {
    const f = withTimeout(createHttpFetcher({ allowHosts: [`127.0.0.1:${port}`], maxBytes: 1000 }), createSystemClock());
    const get = await f.fetch({ url: `${base}/ok?x=1`, method: 'get', kind: 'data', fields: { caller: '138' }, timeoutMs: 2000 });
    assert.ok(get.ok);
    if (get.ok) assert.equal(bodyText(get.value), '{"a":1}');
    const post = await f.fetch({ url: `${base}/ok`, method: 'post', kind: 'document', fields: { choice: '2' }, timeoutMs: 2000 });
    assert.ok(post.ok);
    assert.deepEqual(seen.slice(0, 2), ['GET /ok?x=1&caller=138 ', 'POST /ok choice=2']);
    const denied = await f.fetch({ url: 'http://169.254.169.254/latest', method: 'get', kind: 'data', timeoutMs: 2000 });
    assert.ok(!denied.ok && denied.error.code === VxmlErrorCode.FetchDenied);
    const file = await f.fetch({ url: 'file:///etc/passwd', method: 'get', kind: 'data', timeoutMs: 2000 });
    assert.ok(!file.ok && file.error.code === VxmlErrorCode.FetchDenied);
    const out = await f.fetch({ url: `${base}/redirect-out`, method: 'get', kind: 'data', timeoutMs: 2000 });
    assert.ok(!out.ok && out.error.code === VxmlErrorCode.FetchDenied);
    const e500 = await f.fetch({ url: `${base}/fail`, method: 'get', kind: 'data', timeoutMs: 2000 });
    assert.ok(!e500.ok && e500.error.details?.status === 500);
    const big = await f.fetch({ url: `${base}/big`, method: 'get', kind: 'data', timeoutMs: 2000 });
    assert.ok(!big.ok && big.error.code === VxmlErrorCode.FetchTooLarge);
    const slow = await f.fetch({ url: `${base}/slow`, method: 'get', kind: 'data', timeoutMs: 300 });
    assert.ok(!slow.ok && slow.error.code === VxmlErrorCode.FetchTimeout);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
