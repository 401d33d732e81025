import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, PASSWORD, runPeer, type SipTestServer, startSipServer } from './harness.ts';

/**
 * A SIPp UAC scenario: INVITE → 401 → ACK → INVITE with digest → the expected final status → ACK.
 * Generated per expected status (SIPp's <recv response> takes a literal code).
 */
function inviteScenario(status: number): string {
  const invite = (cseq: number, auth: boolean) => `
  <send retrans="500">
    <![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      To: <sip:[service]@[remote_ip]>
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:[user]@[local_ip]:[local_port]>${auth ? '\n      [authentication]' : ''}
      Content-Length: 0

    ]]>
  </send>`;
  const ack = (cseq: number) => `
  <send>
    <![CDATA[

      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      [last_Via:]
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      [last_To:]
      Call-ID: [call_id]
      CSeq: ${cseq} ACK
      Content-Length: 0

    ]]>
  </send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="INVITE answered ${status}">${invite(1, false)}
  <recv response="100" optional="true" />
  <recv response="401" auth="true" />${ack(1)}${invite(2, true)}
  <recv response="100" optional="true" />
  <recv response="${status}" />${ack(2)}
</scenario>
`;
}

/** Until the switch exists, INVITEs are authenticated and answered 480 (an extension) or 404. */
describe('INVITE before the switch exists (SIPp)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-invite-'));
  let server: SipTestServer;
  before(async () => {
    server = await startSipServer();
    await server.createExtension('8501');
    await server.createExtension('8502');
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [target, status] of [
    ['8502', 480],
    ['8999', 404],
  ] as const) {
    it(`INVITE to ${target} is challenged, then answered ${status}`, async () => {
      const scenario = join(dir, `invite-${status}.xml`);
      writeFileSync(scenario, inviteScenario(status));
      const args = ['-sf', scenario, '-key', 'user', '8501', '-au', '8501', '-ap', PASSWORD, '-s', target];
      // SIPp digests sip:host:port unless told; our server checks the digest uri against the Request-URI.
      args.push('-auth_uri', `${target}@127.0.0.1:${server.udpPort}`); // SIPp adds "sip:"
      const r = await runPeer(
        'sipp',
        [
          ...args,
          '-i',
          '127.0.0.1',
          '-p',
          String(await freePort('udp')),
          '-m',
          '1',
          '-nostdin',
          '-timeout',
          '10s',
          `127.0.0.1:${server.udpPort}`,
        ],
        15,
        dir,
      );
      assert.equal(r.code, 0, r.output.slice(-2500));
    });
  }
});
