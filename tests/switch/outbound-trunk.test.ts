import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SipSwitch } from '@rexian/switch';
import { type SipTestServer, startSipServer } from '../sip/harness.ts';
import { type Phone, startPhone, waitFor } from './phones.ts';
import { type Carrier, createCarrierTrunk, createPrefixRoute, startCarrier, carrierTrace as trace } from './sipp-carrier.ts';

const ACCESS_NUMBER = '4008005555';
const EXTERNAL = '013812345678';

/**
 * Issue 5's outbound proof: a baresip extension dials an external number; the outbound route sends it to
 * SIPp carriers (IP peers) with the access number as caller ID, fails over from a carrier answering 503,
 * and a register-mode trunk registers against a SIPp registrar that challenges with 401.
 */
describe('outbound calls through SIP trunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rexian-outbound-'));
  let server: SipTestServer;
  let sw: SipSwitch;
  let phone: Phone;
  let accessNumberId: string;
  const carriers: Carrier[] = [];

  const createTrunk = (name: string, port: number, extra: Record<string, unknown> = {}) =>
    createCarrierTrunk(server, name, port, extra);
  const createRoute = (name: string, trunkIds: string[]) =>
    createPrefixRoute(server, name, '0', trunkIds, { callerIdAccessNumberId: accessNumberId });
  const idle = () => waitFor('every leg gone', () => (sw.legCount() === 0 ? true : undefined));

  /** The extension dials the external number, the carrier answers, the extension hangs up after 1 s. */
  async function callOut(): Promise<void> {
    const r = await phone.peer.command('dial', `sip:${EXTERNAL}@127.0.0.1:${server.udpPort}`);
    assert.equal(r.ok, true, JSON.stringify(r));
    await waitFor('the call answered through the trunk', () => {
      const up = sw.model.listChannels().filter((c) => c.state === 'answered');
      return up.length === 2 ? true : undefined;
    });
  }

  before(async () => {
    server = await startSipServer({ REXIAN_RTP_PORT_MIN: '33000', REXIAN_RTP_PORT_MAX: '33999', REXIAN_MEDIA_WORKERS: '1' });
    sw = server.rexian.sip?.telephony?.sw as SipSwitch;
    assert.ok(sw, 'the switch started');
    phone = await startPhone(server, dir, '8701', 600);
    const access = await server.api<{ id: string }>('POST', '/api/v1/access-numbers', {
      number: ACCESS_NUMBER,
      callType: 'out',
    });
    assert.equal(access.status, 201, JSON.stringify(access.body));
    accessNumberId = access.body.id;
  });
  after(async () => {
    for (const c of carriers) c.proc.kill();
    phone?.peer.kill();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the carrier with the access number as caller ID; a manual-outbound CDR names it', async () => {
    const carrier = await startCarrier(dir, { builtIn: 'uas' }, 'uas1');
    carriers.push(carrier);
    const trunkId = await createTrunk('carrier-one', carrier.port);
    const routeId = await createRoute('mobile', [trunkId]);
    await callOut();
    const status = await server.api<{ trunkId: string; activeChannels: number; registration: string }[]>(
      'GET',
      '/api/v1/trunks/status',
    );
    const mine = status.body.find((s) => s.trunkId === trunkId);
    assert.equal(mine?.activeChannels, 1, JSON.stringify(status.body));
    assert.equal(mine?.registration, 'not-required');
    await phone.peer.command('hangup');
    await idle();
    assert.equal(await carrier.exited, 0, 'SIPp saw a whole call');
    const invite = trace(carrier)
      .split(/\n(?=-{5,})/)
      .find((m) => /^\s*INVITE sip:/m.test(m));
    assert.ok(invite, 'the carrier received an INVITE');
    assert.match(invite, new RegExp(`^\\s*INVITE sip:${EXTERNAL}@127\\.0\\.0\\.1:${carrier.port} SIP/2\\.0`, 'm'));
    assert.match(invite, new RegExp(`^\\s*From: <sip:${ACCESS_NUMBER}@`, 'm'));
    await server.rexian.sip?.telephony?.runtime.flushCdrs(); // CDR writes are batched
    const cdr = (
      await server.rexian.db.query<{ call_type: string; access_number: string; answered_at: Date | null }>(
        'SELECT call_type, access_number, answered_at FROM cdrs ORDER BY started_at DESC LIMIT 1',
      )
    ).rows[0];
    assert.equal(cdr?.call_type, 'manual-outbound');
    assert.equal(cdr?.access_number, ACCESS_NUMBER);
    assert.ok(cdr?.answered_at, 'answered by the carrier');
    const del = await server.api('DELETE', `/api/v1/outbound-routes/${routeId}`);
    assert.equal(del.status, 200, JSON.stringify(del.body));
  });

  it('a carrier answering 503 hands the call to the next trunk of the route', async () => {
    const busy = await startCarrier(dir, { file: 'trunk-503.sipp.xml' }, 'busy');
    const good = await startCarrier(dir, { builtIn: 'uas' }, 'uas2');
    carriers.push(busy, good);
    const first = await createTrunk('carrier-503', busy.port);
    const second = await createTrunk('carrier-two', good.port);
    await createRoute('mobile-failover', [first, second]);
    await callOut();
    await phone.peer.command('hangup');
    await idle();
    assert.equal(await busy.exited, 0, 'the first carrier was tried and answered 503');
    assert.equal(await good.exited, 0, 'the second carrier carried the call');
    assert.match(trace(good), new RegExp(`From: <sip:${ACCESS_NUMBER}@`));
  });

  it('a register-mode trunk answers the 401 challenge and shows registered', async () => {
    const registrar = await startCarrier(dir, { file: 'trunk-register-401.sipp.xml' }, 'registrar');
    carriers.push(registrar);
    const trunkId = await createTrunk('carrier-register', registrar.port, {
      authMode: 'register',
      username: 'trunkuser',
      password: 'trunk-secret-1',
      registerExpirySeconds: 120,
    });
    const registered = await waitFor('the trunk registered', async () => {
      const r = await server.api<{ trunkId: string; registration: string }[]>('GET', '/api/v1/trunks/status');
      const s = r.body.find((x) => x.trunkId === trunkId);
      return s?.registration === 'registered' ? s : undefined;
    });
    assert.equal(registered.registration, 'registered');
    assert.equal(await registrar.exited, 0, 'SIPp checked the Authorization header');
    assert.match(trace(registrar), /Authorization: Digest [^\n]*username="trunkuser"[^\n]*realm="127\.0\.0\.1"/);
  });

  it('a trunk with a configured realm answers that realm and refuses a challenge for any other', async () => {
    const registrar = await startCarrier(dir, { file: 'trunk-register-realm.sipp.xml' }, 'registrar-realm');
    const foreign = await startCarrier(dir, { file: 'trunk-register-401.sipp.xml' }, 'registrar-foreign');
    carriers.push(registrar, foreign);
    const credentials = { authMode: 'register', username: 'trunkuser', password: 'trunk-secret-2', realm: 'carrier-realm' };
    const good = await createTrunk('carrier-realm', registrar.port, { ...credentials, registerExpirySeconds: 120 });
    const bad = await createTrunk('carrier-foreign-realm', foreign.port, credentials);
    const statusOf = async (trunkId: string) => {
      const r = await server.api<{ trunkId: string; registration: string; lastError: string | null }[]>(
        'GET',
        '/api/v1/trunks/status',
      );
      return r.body.find((x) => x.trunkId === trunkId);
    };
    await waitFor('the trunk registered', async () => ((await statusOf(good))?.registration === 'registered' ? true : undefined));
    assert.equal(await registrar.exited, 0, 'SIPp checked the Authorization header');
    assert.match(trace(registrar), /Authorization: Digest [^\n]*username="trunkuser"[^\n]*realm="carrier-realm"/);

    // The other carrier challenges for realm 127.0.0.1 (its host): no digest for it, the trunk shows failed.
    const failed = await waitFor('the foreign realm refused', async () => {
      const s = await statusOf(bad);
      return s?.registration === 'failed' ? s : undefined;
    });
    assert.match(failed.lastError ?? '', /401: challenge for a realm we have no credentials for/);
    await waitFor('the carrier traced its challenge', () => (/401 Unauthorized/.test(trace(foreign)) ? true : undefined));
    assert.doesNotMatch(trace(foreign), /Authorization:/, 'the carrier never got a digest');
    const del = await server.api('DELETE', `/api/v1/trunks/${bad}`); // no retry in 30 s
    assert.equal(del.status, 200, JSON.stringify(del.body));
    foreign.proc.kill();
  });
});
