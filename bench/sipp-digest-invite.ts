/**
 * The SIPp steps the switch benchmarks open a call with: INVITE, the 401/407 challenge and its ACK, the
 * INVITE again with credentials (run SIPp with `-au`, `-ap` and `-auth_uri NUMBER@HOST:PORT`: the digest
 * uri must equal the Request-URI). `sdp(version)` is the offer (version 1, then 2 for the second INVITE);
 * the benchmark appends what follows — the 200, ACK, and how the call ends.
 */
export function sippDigestInvite(name: string, sdp: (version: number) => string): string {
  const invite = (cseq: number, auth: string) => `  <send retrans="500"><![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      To: <sip:[service]@[remote_ip]>
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:[user]@[local_ip]:[local_port]>${auth}
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp(cseq)}

    ]]></send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="${name}">
${invite(1, '')}
  <recv response="100" optional="true" />
  <recv response="401" auth="true" optional="true" next="ack" />
  <recv response="407" auth="true" />
  <label id="ack" />
  <send><![CDATA[

      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch-4];rport
      Max-Forwards: 70
      From: <sip:[user]@[remote_ip]>;tag=[pid]-[call_number]
      To: <sip:[service]@[remote_ip]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Content-Length: 0

    ]]></send>
${invite(2, '\n      [authentication]')}
`;
}
