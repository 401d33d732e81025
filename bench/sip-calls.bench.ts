/**
 * The SIP stack's own CPU per call, without the switch, database or media: the message sequence of
 * bench/switch-calls.bench.ts (INVITE → 407 → ACK, INVITE with credentials → 200 → ACK, BYE → 200)
 * over real UDP on 127.0.0.1 through `createSipService` (transport, parser, transaction layer, UA core,
 * digest). The peer is a minimal client in this process, so the figure includes its (small, constant)
 * share; compare runs of this bench with each other, not with Asterisk. Not a test: it never fails.
 *
 *   CALLS=5000 CONCURRENCY=50 ROUNDS=3 node bench/sip-calls.bench.ts
 */
import dgram from 'node:dgram';
import { loadavg } from 'node:os';
import { createSystemClock } from '@rexian/kernel';
import {
  computeHa1,
  computeResponse,
  createDigestServer,
  createMemoryBindingStore,
  createRegistrar,
  createResponse,
  createSipService,
  createUdpTransport,
  newTag,
} from '@rexian/sip';

const CALLS = Number(process.env.CALLS ?? 5000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const USER = '9001';
const PASSWORD = 'bench-secret';
const REALM = 'rexian';

const clock = createSystemClock();
const transport = createUdpTransport({ host: '127.0.0.1', port: 0, bufferBytes: 4 * 1024 * 1024 });
const service = createSipService({
  clock,
  transports: [transport],
  digest: createDigestServer({
    realm: REALM,
    secret: 'bench',
    clock,
    mode: 'proxy',
    credentials: { lookup: async (user) => (user === USER ? { password: PASSWORD } : undefined) },
  }),
  registrar: createRegistrar({ store: createMemoryBindingStore(), clock, domains: ['127.0.0.1'] }),
  onRequest(request, tx) {
    const contact = [{ name: 'Contact', value: '<sip:bench@127.0.0.1>' }];
    tx.respond(createResponse(request, 200, { toTag: newTag(), headers: request.method === 'INVITE' ? contact : [] }));
  },
});
const [server] = await service.start();
if (!server) throw new Error('no transport');

const client = dgram.createSocket('udp4');
await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
const clientPort = client.address().port;
const target = `sip:*43@127.0.0.1:${server.port}`;
const ha1 = computeHa1('MD5', USER, REALM, PASSWORD);

interface Call {
  readonly id: string;
  readonly fromTag: string;
  step: 'challenged' | 'inviting' | 'ending';
  toTag: string;
  resolve: () => void;
}
const calls = new Map<string, Call>();
let seq = 0;

function send(text: string): void {
  client.send(Buffer.from(text), server?.port ?? 0, '127.0.0.1');
}

function request(call: Call, method: string, cseq: number, extra = '', toTag = ''): void {
  const branch = `z9hG4bK${++seq}x${call.id}`;
  send(
    `${method} ${target} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${clientPort};branch=${branch};rport\r\n` +
      `From: <sip:${USER}@127.0.0.1>;tag=${call.fromTag}\r\nTo: <${target}>${toTag ? `;tag=${toTag}` : ''}\r\n` +
      `Call-ID: ${call.id}\r\nCSeq: ${cseq} ${method}\r\nMax-Forwards: 70\r\n` +
      `Contact: <sip:${USER}@127.0.0.1:${clientPort}>\r\n${extra}Content-Length: 0\r\n\r\n`,
  );
}

/** The ACK of a non-2xx reuses the INVITE's branch (RFC 3261 §17.1.1.3); our client keeps it simple. */
function ackFor(call: Call, cseq: number, via: string, toTag: string): void {
  send(
    `ACK ${target} SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:${USER}@127.0.0.1>;tag=${call.fromTag}\r\n` +
      `To: <${target}>;tag=${toTag}\r\nCall-ID: ${call.id}\r\nCSeq: ${cseq} ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  );
}

const field = (text: string, name: string): string => {
  const at = text.indexOf(`\r\n${name}: `);
  return at < 0 ? '' : text.slice(at + name.length + 4, text.indexOf('\r\n', at + 2));
};

client.on('message', (bytes) => {
  const text = bytes.toString('latin1');
  const status = Number(text.slice(8, 11));
  const call = calls.get(field(text, 'Call-ID'));
  if (!call || status < 200) return;
  const to = field(text, 'To');
  const toTag = to.slice(to.indexOf(';tag=') + 5);
  const cseq = field(text, 'CSeq');
  if (call.step === 'challenged' && status === 407) {
    ackFor(call, 1, field(text, 'Via'), toTag);
    const nonce = /nonce="([^"]+)"/.exec(field(text, 'Proxy-Authenticate'))?.[1] ?? '';
    const cnonce = call.fromTag;
    const response = computeResponse({
      algorithm: 'MD5',
      ha1,
      method: 'INVITE',
      uri: target,
      nonce,
      qop: { nc: '00000001', cnonce },
    });
    const auth = `Proxy-Authorization: Digest username="${USER}", realm="${REALM}", nonce="${nonce}", uri="${target}", response="${response}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=00000001\r\n`;
    call.step = 'inviting';
    request(call, 'INVITE', 2, auth);
  } else if (call.step === 'inviting' && status === 200 && cseq.endsWith('INVITE')) {
    call.toTag = toTag;
    request(call, 'ACK', 2, '', toTag);
    call.step = 'ending';
    request(call, 'BYE', 3, '', toTag);
  } else if (call.step === 'ending' && status === 200 && cseq.endsWith('BYE')) {
    calls.delete(call.id);
    call.resolve();
  } else {
    throw new Error(`unexpected ${status} ${cseq} in step ${call.step}`);
  }
});

let callNo = 0;
function oneCall(): Promise<void> {
  return new Promise((resolve) => {
    const id = `bench-${++callNo}-${newTag()}`;
    const call: Call = { id, fromTag: newTag(), step: 'challenged', toTag: '', resolve };
    calls.set(id, call);
    request(call, 'INVITE', 1);
  });
}

async function round(n: number): Promise<{ calls: number; cpuMsPerCall: number; wallSeconds: number }> {
  let started = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const worker = async () => {
    while (started < n) {
      started++;
      await oneCall();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const cpu = process.cpuUsage(cpu0);
  return {
    calls: n,
    cpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / n).toFixed(4)),
    wallSeconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
  };
}

await round(Math.min(1000, CALLS)); // warm-up
const results = [];
for (let r = 0; r < ROUNDS; r++) results.push(await round(CALLS));
console.log(
  JSON.stringify({
    bench: 'sip-calls',
    scenario: 'INVITE→407→ACK, INVITE+digest→200→ACK, BYE→200 over UDP loopback; stack + in-process client',
    concurrency: CONCURRENCY,
    results,
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    node: process.version,
  }),
);
client.close();
await service.stop();
process.exit(0);
