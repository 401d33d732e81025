import type { Clock, Logger, TimerHandle } from '@rexian/kernel';
import {
  createDigestClient,
  createRequest,
  type DigestClient,
  getHeader,
  getHeaderValues,
  newBranch,
  newTag,
  parseUri,
  type SipResponse,
  type TransactionLayer,
  type Transport,
  type TransportProtocol,
} from '@rexian/sip';
import type { TrunkRecord } from '../modules/dialplan/dialplan.repository.ts';
import type { TrunkRuntimeStatus } from './telephony-runtime.ts';

export interface TrunkRegistrationsDeps {
  clock: Clock;
  log: Logger;
  layer: TransactionLayer;
  transports: readonly Transport[];
  /** What we advertise in Via and Contact per transport. */
  local: readonly { protocol: TransportProtocol; host: string; port: number }[];
  /** Seconds before trying again after a failed registration. */
  retrySeconds?: number;
}

type RegistrationState = 'registered' | 'registering' | 'failed';

interface Registration {
  trunk: TrunkRecord;
  /** The trunk's settings the registration was made with: a change re-registers. */
  signature: string;
  state: RegistrationState;
  lastError?: string;
  updatedAt: number;
  callId: string;
  fromTag: string;
  cseq: number;
  timer?: TimerHandle;
  digest?: DigestClient;
  stopped: boolean;
}

const PROTOCOL: Record<TrunkRecord['transport'], TransportProtocol> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

function signatureOf(t: TrunkRecord): string {
  return JSON.stringify([t.host, t.port, t.transport, t.username, t.password, t.realm, t.registerExpirySeconds]);
}

/** The expiry the registrar granted: our Contact's `expires`, else the Expires header, else what we asked. */
function grantedSeconds(response: SipResponse, asked: number): number {
  for (const c of getHeaderValues(response, 'Contact')) {
    const m = /;\s*expires\s*=\s*(\d+)/i.exec(c);
    if (m) return Number(m[1]);
  }
  const e = getHeader(response, 'Expires');
  return e !== undefined && /^\d+$/.test(e.trim()) ? Number(e.trim()) : asked;
}

/** Refresh a little before expiry: 90 % of the time, at least 30 s early when the expiry allows. */
export function refreshDelaySeconds(granted: number): number {
  return Math.max(1, Math.min(granted - 30, Math.floor(granted * 0.9)));
}

/**
 * Registers register-mode trunks with their carriers (RFC 3261 §10.2 client side): REGISTER, one digest
 * answer per 401/407 (the realm must be the trunk's realm, else its host), refresh before the granted
 * expiry, retry after a failure. `sync` follows the dial plan (new, changed, disabled and removed trunks);
 * `statuses` feeds `TelephonyRuntime.trunkStatuses()`.
 */
export function createTrunkRegistrations(d: TrunkRegistrationsDeps) {
  const regs = new Map<string, Registration>();
  const retryMs = (d.retrySeconds ?? 30) * 1000;

  const set = (r: Registration, state: RegistrationState, error?: string) => {
    if (r.state !== state || r.lastError !== error) {
      if (state === 'failed') d.log.warn({ trunkId: r.trunk.id, error }, 'trunk registration failed');
      else if (state === 'registered' && r.state !== 'registered') d.log.info({ trunkId: r.trunk.id }, 'trunk registered');
    }
    r.state = state;
    if (error === undefined) delete r.lastError;
    else r.lastError = error;
    r.updatedAt = d.clock.now();
  };

  const schedule = (r: Registration, ms: number) => {
    d.clock.clearTimeout(r.timer);
    r.timer = d.clock.setTimeout(() => send(r, r.trunk.registerExpirySeconds, false), ms);
  };

  /** One REGISTER (with `expires` 0 to unregister); `retried` marks the answer to a challenge. */
  function send(r: Registration, expires: number, retried: boolean, authorization?: { name: string; value: string }) {
    if (r.stopped && expires > 0) return;
    const t = r.trunk;
    const protocol = PROTOCOL[t.transport];
    const transport = d.transports.find((x) => x.protocol === protocol);
    const local = d.local.find((l) => l.protocol === protocol) ?? d.local[0];
    const uri = parseUri(`sip:${t.host}:${t.port}${protocol === 'UDP' ? '' : `;transport=${t.transport}`}`);
    if (!transport || !local || !uri.ok) {
      set(r, 'failed', `no ${protocol} transport`);
      return;
    }
    if (r.state !== 'registered' && expires > 0) set(r, 'registering', r.lastError);
    const aor = `sip:${t.username ?? ''}@${t.host}`;
    const param = protocol === 'UDP' ? '' : `;transport=${t.transport}`;
    const request = createRequest({
      method: 'REGISTER',
      uri: uri.value,
      headers: [
        { name: 'Via', value: `SIP/2.0/${protocol} ${local.host}:${local.port};branch=${newBranch()};rport` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<${aor}>;tag=${r.fromTag}` },
        { name: 'To', value: `<${aor}>` },
        { name: 'Call-ID', value: r.callId },
        { name: 'CSeq', value: `${++r.cseq} REGISTER` },
        { name: 'Contact', value: `<sip:${t.username ?? 'rexian'}@${local.host}:${local.port}${param}>` },
        { name: 'Expires', value: String(expires) },
        { name: 'User-Agent', value: 'Rexian' },
        ...(authorization ? [authorization] : []),
      ],
    });
    const flow = transport.flowTo({ address: t.host, port: t.port });
    const fail = (why: string) => {
      if (expires === 0 || r.stopped) return;
      set(r, 'failed', why);
      schedule(r, retryMs);
    };
    d.layer.sendRequest(request, flow, {
      response: (res) => {
        if (res.status < 200 || r.stopped !== (expires === 0)) return;
        if (res.status >= 200 && res.status < 300) {
          if (expires === 0) return;
          const granted = grantedSeconds(res, expires);
          set(r, 'registered');
          schedule(r, refreshDelaySeconds(granted) * 1000);
          return;
        }
        if ((res.status === 401 || res.status === 407) && !retried && r.digest) {
          const auth = r.digest.authorize(request, res);
          if (auth.ok) {
            send(r, expires, true, auth.value);
            return;
          }
          fail(`${res.status}: ${auth.error.reason}`);
          return;
        }
        fail(`${res.status} ${res.reason}`);
      },
      timeout: () => fail('no response (time-out)'),
      transportError: () => fail('transport error'),
    });
  }

  function start(t: TrunkRecord): Registration {
    const r: Registration = {
      trunk: t,
      signature: signatureOf(t),
      state: 'registering',
      updatedAt: d.clock.now(),
      callId: `reg-${newTag()}@rexian`,
      fromTag: newTag(),
      cseq: 0,
      stopped: false,
    };
    if (t.username && t.password) {
      r.digest = createDigestClient([{ realm: t.realm ?? t.host, username: t.username, password: t.password }]);
    }
    regs.set(t.id, r);
    send(r, t.registerExpirySeconds, false);
    return r;
  }

  function stop(r: Registration, unregister: boolean) {
    r.stopped = true;
    d.clock.clearTimeout(r.timer);
    regs.delete(r.trunk.id);
    if (unregister && r.state === 'registered') send(r, 0, false);
  }

  return {
    /** Follows the current trunk list: registers new/changed enabled register-mode trunks, drops the others. */
    sync(trunks: readonly TrunkRecord[]): void {
      const wanted = new Map(trunks.filter((t) => t.enabled && t.authMode === 'register').map((t) => [t.id, t]));
      for (const r of [...regs.values()]) {
        const t = wanted.get(r.trunk.id);
        if (!t || signatureOf(t) !== r.signature) stop(r, true);
        else r.trunk = t;
      }
      for (const t of wanted.values()) if (!regs.has(t.id)) start(t);
    },
    statuses(): Map<string, Pick<TrunkRuntimeStatus, 'registration' | 'lastError' | 'updatedAt'>> {
      const out = new Map<string, Pick<TrunkRuntimeStatus, 'registration' | 'lastError' | 'updatedAt'>>();
      for (const r of regs.values()) {
        out.set(r.trunk.id, {
          registration: r.state,
          updatedAt: r.updatedAt,
          ...(r.lastError === undefined ? {} : { lastError: r.lastError }),
        });
      }
      return out;
    },
    /** Unregisters every trunk (shutdown). */
    stop(): void {
      for (const r of [...regs.values()]) stop(r, true);
    },
  };
}
export type TrunkRegistrations = ReturnType<typeof createTrunkRegistrations>;
