import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, type SipTestServer, startSipServer } from './harness.ts';

const options = (transport: string, port: number) =>
  [
    `OPTIONS sip:127.0.0.1:${port};transport=${transport.toLowerCase()} SIP/2.0`,
    `Via: SIP/2.0/${transport} client.invalid;branch=z9hG4bK-${transport}-${Date.now()}`,
    'Max-Forwards: 70',
    'From: <sip:probe@client.invalid>;tag=probe',
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: probe-${transport}@client.invalid`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

/** TLS (certificate and key from the configuration) and WebSocket (RFC 7118) transports of the server. */
describe('SIP over TLS and WebSocket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-tls-'));
  let server: SipTestServer;
  let tlsPort: number;
  let wsPort: number;
  before(async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const gen = spawnSync('timeout', [
      '20',
      'openssl',
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ]);
    assert.equal(gen.status, 0, String(gen.stderr));
    tlsPort = await freePort('tcp');
    wsPort = await freePort('tcp');
    server = await startSipServer({
      REXIAN_SIP_TLS_PORT: String(tlsPort),
      REXIAN_SIP_WS_PORT: String(wsPort),
      REXIAN_SIP_TLS_CERT_FILE: cert,
      REXIAN_SIP_TLS_KEY_FILE: key,
    });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every configured transport', () => {
    assert.deepEqual(
      server.rexian.sip?.endpoints.map((e) => e.protocol),
      ['UDP', 'TCP', 'TLS', 'WS'],
    );
  });

  it('answers OPTIONS over TLS (OpenSSL s_client as the peer)', async () => {
    const child = spawn('timeout', ['10', 'openssl', 's_client', '-connect', `127.0.0.1:${tlsPort}`, '-quiet', '-ign_eof'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const answered = new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (/\r\n\r\n/.test(out)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.stdin.write(options('TLS', tlsPort));
    await answered;
    child.kill('SIGTERM');
    assert.match(out, /^SIP\/2\.0 200 OK\r\n/, out);
    assert.match(out, /CSeq: 1 OPTIONS/);
  });

  it('answers OPTIONS over WebSocket with the "sip" subprotocol', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${wsPort}`, 'sip');
    const reply = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer over WebSocket')), 5000);
      ws.onopen = () => ws.send(options('WS', wsPort));
      ws.onmessage = (e) => {
        clearTimeout(timer);
        resolve(String(e.data));
      };
      ws.onerror = () => reject(new Error('websocket error'));
    });
    assert.equal(ws.protocol, 'sip');
    ws.close();
    assert.match(reply, /^SIP\/2\.0 200 OK\r\n/, reply);
  });
});
