import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { CallEvent, SipSwitch } from '@rexian/switch';
import { freePort, type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, waitFor } from './phones.ts';

const run = promisify(execFile);
const ACCESS_NUMBER = '4008001234';

/** Today's date where the schedule lives (Asia/Shanghai), as the schedule's holidays write it. */
function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** Every weekday worked all day, in two halves (the second runs to midnight). */
const ALWAYS = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, start: '00:00', end: '12:00' },
  { weekday, start: '12:00', end: '00:00' },
]);

/**
 * Issue 5's carrier proof: SIPp plays an IP-authenticated carrier trunk and calls an access number; the
 * schedule decides which baresip extension rings — working hours, after hours, and a holiday override.
 */
describe('a carrier call to an access number follows the schedule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-carrier-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let day: Phone;
  let night: Phone;
  let scheduleId: string;
  const events: CallEvent[] = [];

  before(async () => {
    server = await startSipServer({ REXIAN_RTP_PORT_MIN: '32000', REXIAN_RTP_PORT_MAX: '32999', REXIAN_MEDIA_WORKERS: '2' });
    sw = server.rexian.sip?.telephony?.sw as SipSwitch;
    assert.ok(sw, 'the switch started');
    sw.bus.subscribe((e) => events.push(e));
    day = await startPhone(server, dir, '8601', 600);
    night = await startPhone(server, dir, '8602', 1000);
    const trunk = await server.api<{ id: string }>('POST', '/api/v1/trunks', {
      name: 'carrier',
      host: '127.0.0.1',
      port: 5070,
      transport: 'udp',
      authMode: 'ip',
      username: null,
      password: null,
      registerExpirySeconds: 3600,
      inboundAddresses: ['127.0.0.1/32'],
      maxChannels: 10,
      callerId: null,
      codecs: ['PCMU', 'PCMA'],
      notes: '',
    });
    assert.equal(trunk.status, 201, JSON.stringify(trunk.body));
    const schedule = await server.api<{ id: string }>('POST', '/api/v1/schedules', {
      name: 'office',
      timeZone: 'Asia/Shanghai',
      workingPeriods: ALWAYS,
      holidays: [],
      adjustedWorkingDays: [],
      notes: '',
    });
    assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
    scheduleId = schedule.body.id;
    const access = await server.api('POST', '/api/v1/access-numbers', {
      number: ACCESS_NUMBER,
      callType: 'in',
      timeRouting: {
        enabled: true,
        scheduleId,
        workingHours: { kind: 'extension', extension: '8601' },
        afterHours: { kind: 'extension', extension: '8602' },
        holiday: null,
      },
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
  });
  after(async () => {
    day?.peer.kill();
    night?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One SIPp call (built-in uac scenario: INVITE, ACK, 1 s, BYE); returns the extension that rang. */
  async function carrierCall(): Promise<string> {
    const seen = events.length;
    const port = await freePort('udp');
    await run(
      'sipp',
      ['-sn', 'uac', '-s', ACCESS_NUMBER, `127.0.0.1:${server.udpPort}`, '-i', '127.0.0.1', '-p', String(port)].concat([
        '-m',
        '1',
        '-l',
        '1',
        '-d',
        '1000',
        '-timeout',
        '20s',
        '-nostdin',
        '-trace_err',
      ]),
      { cwd: dir, timeout: 30_000 },
    );
    await waitFor('the call ended', () => (sw.legCount() === 0 ? true : undefined));
    const leg = events.slice(seen).find((e) => e.type === 'channel.created' && e.channel.direction === 'outbound');
    assert.ok(leg && leg.type === 'channel.created', 'an extension was called');
    return leg.channel.callee;
  }

  async function setSchedule(patch: Record<string, unknown>): Promise<void> {
    const r = await server.api('PATCH', `/api/v1/schedules/${scheduleId}`, patch);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }

  it('working hours reach the working-hours extension, with an inbound CDR naming the access number', async () => {
    assert.equal(await carrierCall(), '8601');
    await server.rexian.sip?.telephony?.runtime.flushCdrs(); // CDR writes are batched
    const cdr = (
      await server.rexian.db.query<{ call_type: string; access_number: string; answered_at: Date | null }>(
        'SELECT call_type, access_number, answered_at FROM cdrs ORDER BY started_at DESC LIMIT 1',
      )
    ).rows[0];
    assert.equal(cdr?.call_type, 'inbound');
    assert.equal(cdr?.access_number, ACCESS_NUMBER);
    assert.ok(cdr?.answered_at, 'answered by the extension');
  });

  it('outside working hours the after-hours extension rings', async () => {
    await setSchedule({ workingPeriods: [] });
    assert.equal(await carrierCall(), '8602');
  });

  it('a holiday overrides working hours', async () => {
    await setSchedule({ workingPeriods: ALWAYS, holidays: [{ name: 'test day', from: todayInShanghai() }] });
    assert.equal(await carrierCall(), '8602');
  });

  it('an offer with no codec we speak, or a body that is not SDP, gets 488 and opens no call', async () => {
    await server.rexian.sip?.telephony?.runtime.flushCdrs();
    const before = (await server.rexian.db.query('SELECT 1 FROM cdrs')).rows.length;
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const replies: string[] = [];
    sock.on('message', (m) => replies.push(m.toString('utf8')));
    const invite = (n: number, body: string) =>
      [
        `INVITE sip:${ACCESS_NUMBER}@127.0.0.1:${server.udpPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${sock.address().port};branch=z9hG4bK-bad-${n};rport`,
        'Max-Forwards: 70',
        `From: <sip:13800138000@127.0.0.1>;tag=bad${n}`,
        `To: <sip:${ACCESS_NUMBER}@127.0.0.1>`,
        `Call-ID: bad-offer-${n}@127.0.0.1`,
        'CSeq: 1 INVITE',
        `Contact: <sip:carrier@127.0.0.1:${sock.address().port}>`,
        'Content-Type: application/sdp',
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n');
    const g729Only = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 18',
      'a=rtpmap:18 G729/8000',
      '',
    ].join('\r\n');
    try {
      for (const [n, body] of [
        [1, g729Only],
        [2, 'this is not SDP\r\n'],
      ] as const) {
        replies.length = 0;
        sock.send(invite(n, body), server.udpPort, '127.0.0.1');
        const final = await waitFor('a final response', () => replies.find((m) => /^SIP\/2\.0 [2-6]\d\d /.test(m)));
        assert.match(final, /^SIP\/2\.0 488 /, final);
      }
    } finally {
      sock.close();
    }
    await server.rexian.sip?.telephony?.runtime.flushCdrs();
    assert.equal((await server.rexian.db.query('SELECT 1 FROM cdrs')).rows.length, before, 'no CDR for a refused offer');
    assert.equal(sw.legCount(), 0);
  });
});
