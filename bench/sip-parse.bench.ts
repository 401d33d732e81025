/**
 * Parse + serialize of a typical INVITE (SDP body, 2 Vias, Record-Route, Contact) on one core.
 * Prints one JSON object. Not a test: it never fails on a slow machine.
 */
import { getCSeq, getTopVia, parseMessage, serializeMessage } from '@rexian/sip';

const sdp = [
  'v=0',
  'o=- 20518 0 IN IP4 203.0.113.7',
  's=-',
  'c=IN IP4 203.0.113.7',
  't=0 0',
  'm=audio 54400 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=sendrecv',
  '',
].join('\r\n');

const invite = Buffer.from(
  [
    'INVITE sip:8002@pbx.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK776asdhds;rport',
    'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK4b43c2ff8.1;received=10.0.0.5',
    'Max-Forwards: 69',
    'To: "Extension 8002" <sip:8002@pbx.example.com>',
    'From: "Alice" <sip:8001@pbx.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:8001@203.0.113.7:5060;transport=udp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"',
    'Record-Route: <sip:proxy.example.com;lr>',
    'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, UPDATE, PRACK',
    'Supported: replaces, timer, 100rel',
    'User-Agent: Rexian-Bench/1.0',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n'),
);

/** Wall-clock ns, plus CPU µs (less sensitive to other processes on a shared machine). */
function run(iterations: number): { ns: number; cpuUs: number } {
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const r = parseMessage(invite);
    if (!r.ok) throw new Error(r.error.reason);
    sink += serializeMessage(r.value).length;
  }
  const ns = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  if (sink === 0) throw new Error('nothing serialized');
  return { ns, cpuUs: cpu.user + cpu.system };
}

const parsed = parseMessage(invite);
if (!parsed.ok) throw new Error(parsed.error.reason);
run(20_000); // warm-up
const iterations = Number(process.env.ITERATIONS ?? 200_000);
const { ns, cpuUs } = run(iterations);
const t1 = process.hrtime.bigint();
for (let i = 0; i < 100_000; i++) {
  const r = parseMessage(invite);
  if (r.ok) {
    getTopVia(r.value);
    getCSeq(r.value);
  }
}
const parseAndReadNs = Number(process.hrtime.bigint() - t1);
console.log(
  JSON.stringify({
    bench: 'sip-parse',
    messageBytes: invite.length,
    iterations,
    parseSerializePerSecond: Math.round(iterations / (ns / 1e9)),
    microsecondsPerParseSerialize: Number((ns / iterations / 1000).toFixed(2)),
    parseSerializePerCpuSecond: Math.round(iterations / (cpuUs / 1e6)),
    loadAverage1m: Number((await import('node:os')).loadavg()[0]?.toFixed(2)),
    parseAndReadTopViaCSeqPerSecond: Math.round(100_000 / (parseAndReadNs / 1e9)),
    target: 100_000,
    node: process.version,
  }),
);
