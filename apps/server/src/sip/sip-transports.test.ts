import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '@rexian/config';
import { createSystemClock, nullLogger } from '@rexian/kernel';
import { commaList, createSipTransports } from './sip-transports.ts';

const sipConfig = (env: Record<string, string>) => loadConfig({ REXIAN_SIP_HOST: '127.0.0.1', ...env }).sip;
const build = (env: Record<string, string>) => createSipTransports(sipConfig(env), createSystemClock(), nullLogger, () => false);

describe('SIP transports from the configuration', () => {
  it('defaults: UDP and TCP on 5060, nothing else', async () => {
    const c = loadConfig({}).sip;
    assert.deepEqual([c.udpPort, c.tcpPort, c.tlsPort, c.wsPort, c.wssPort], [5060, 5060, 0, 0, 0]);
    const ts = build({});
    assert.deepEqual(
      ts.map((t) => t.protocol),
      ['UDP', 'TCP'],
    );
    await Promise.allSettled(ts.map((t) => t.close()));
  });

  it('port 0 turns a transport off; WS on its own port', async () => {
    const ts = build({ REXIAN_SIP_UDP_PORT: '0', REXIAN_SIP_TCP_PORT: '0', REXIAN_SIP_WS_PORT: '8088' });
    assert.deepEqual(
      ts.map((t) => t.protocol),
      ['WS'],
    );
    await Promise.allSettled(ts.map((t) => t.close()));
  });

  it('TLS/WSS without certificate and key is refused with the variables to set', () => {
    assert.throws(() => build({ REXIAN_SIP_TLS_PORT: '5061' }), /REXIAN_SIP_TLS_CERT_FILE/);
    assert.throws(() => build({ REXIAN_SIP_WSS_PORT: '8089' }), /REXIAN_SIP_TLS_KEY_FILE/);
  });

  it('allowlist: a comma list of addresses and CIDRs, validated at boot', () => {
    assert.deepEqual(commaList(' 203.0.113.0/24, 198.51.100.7 ,,'), ['203.0.113.0/24', '198.51.100.7']);
    assert.equal(
      loadConfig({ REXIAN_SIP_ALLOWLIST: '203.0.113.0/24,2001:db8::/32' }).sip.allowlist,
      '203.0.113.0/24,2001:db8::/32',
    );
    assert.throws(() => loadConfig({ REXIAN_SIP_ALLOWLIST: 'office-nat' }), /REXIAN_SIP_ALLOWLIST/);
    assert.throws(() => loadConfig({ REXIAN_SIP_ALLOWLIST: '999.1.1.1' }), /REXIAN_SIP_ALLOWLIST/);
    assert.throws(() => loadConfig({ REXIAN_SIP_ALLOWLIST: '10.0.0.0/33' }), /REXIAN_SIP_ALLOWLIST/);
  });
});
