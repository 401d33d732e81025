import type { Config } from '@rexian/config';
import type { Database } from '@rexian/db';
import type { Clock, Logger } from '@rexian/kernel';
import type { BanList } from '@rexian/sip';
import {
  createDigestServer,
  createNatKeepalive,
  createOptionsPinger,
  createRegistrar,
  createSipService,
  type Endpoint,
  type Registrar,
  type TransportProtocol,
} from '@rexian/sip';
import { createCdrStore } from '../modules/cdrs/cdr.store.ts';
import { startTelephony, type Telephony } from '../telephony/telephony.ts';
import type { TelephonyHolder } from '../telephony/telephony-runtime.ts';
import { createOwnedClock } from './owned-clock.ts';
import { createSipBindingsStore, type SipBindingsStore } from './sip-bindings.ts';
import { createSipCredentials, loadNonceSecret } from './sip-credentials.ts';
import { createInterimRequestHandler } from './sip-requests.ts';
import { advertisedHost, commaList, createSipTransports, localAddresses } from './sip-transports.ts';

export interface SipEdge {
  /** The bound transports with the addresses and ports they really listen on. */
  readonly endpoints: readonly (Endpoint & { protocol: TransportProtocol })[];
  readonly registrar: Registrar;
  /** The switch (null when it could not start: phones still register, calls get interim answers). */
  readonly telephony: Telephony | null;
  stop(): Promise<void>;
}

/**
 * The SIP edge inside the server process: transports from the configuration → ban gate → transactions
 * → digest (extensions' HA1s, nonce secret from settings) → registrar (bindings in sip_registrations),
 * plus the NAT keep-alive. Other requests get interim answers until the switch exists.
 */
export async function startSipEdge(deps: {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  banList: BanList;
  /** Filled with the running switch for the HTTP modules (trunk status, live calls). */
  holder?: TelephonyHolder;
}): Promise<SipEdge> {
  const { config, db, log } = deps;
  // Every timer of the edge (transactions, keep-alive, TCP idle) is cancelled by stop().
  const owned = createOwnedClock(deps.clock);
  const clock = owned.clock;
  const c = config.sip;
  const banList = deps.banList;
  const store = createSipBindingsStore(db, c.realm);
  const transports = createSipTransports(c, clock, log, (source) => banList.isAllowlisted(source));
  const digest = createDigestServer({
    realm: c.realm,
    secret: await loadNonceSecret(db),
    clock,
    credentials: createSipCredentials(db, () => clock.now()),
    algorithms: c.digestAlgorithms as ('MD5' | 'SHA-256')[],
  });
  const domains = [c.realm, advertisedHost(c), ...localAddresses(), ...commaList(c.domains)];
  if (c.host !== '0.0.0.0' && c.host !== '::') domains.push(c.host);
  const registrar = createRegistrar({
    store,
    clock,
    domains,
    policy: { minExpires: c.minExpires, maxExpires: c.maxExpires, defaultExpires: Math.min(3600, c.maxExpires) },
    maxContactsFor: (aor) => store.maxContactsFor(aor),
  });
  const interim = createInterimRequestHandler(db);
  let telephony: Telephony | null = null;
  const service = createSipService({
    clock,
    transports,
    digest,
    registrar,
    banList,
    logger: log,
    trustedSource: (flow) => telephony?.trustedSource(flow.remote.address) ?? null,
    onRequest: (request, tx, user, flow) =>
      telephony ? telephony.sw.onRequest(request, tx, user, flow) : interim(request, tx, user),
  });
  let bound: Endpoint[];
  try {
    bound = await service.start();
  } catch (error) {
    await Promise.allSettled(transports.map((t) => t.close()));
    owned.clearAll();
    throw error;
  }
  const endpoints = bound.map((e, i) => ({ ...e, protocol: transports[i]?.protocol ?? 'UDP' }));
  const udp = endpoints.find((e) => e.protocol === 'UDP') ?? endpoints[0];
  const keepalive =
    c.keepaliveSeconds > 0 && udp
      ? createKeepalive(
          { clock, log, store, intervalMs: c.keepaliveSeconds * 1000 },
          {
            layer: service.layer,
            transports,
            localHostPort: `${advertisedHost(c)}:${udp.port}`,
          },
        )
      : undefined;
  keepalive?.start();
  telephony = await startTelephony({
    config,
    db,
    clock,
    log,
    layer: service.layer,
    transports,
    endpoints,
    sipHost: advertisedHost(c),
    bindings: store,
    cdrs: createCdrStore(db),
  }).catch((error: unknown) => {
    log.error({ err: error }, 'switch could not start; calls get interim answers');
    return null;
  });
  if (deps.holder && telephony) deps.holder.current = telephony.runtime;
  log.info({ endpoints, realm: c.realm }, 'sip edge listening');
  return {
    endpoints,
    registrar,
    telephony,
    async stop() {
      keepalive?.stop();
      if (deps.holder) deps.holder.current = null;
      await telephony?.stop();
      await service.stop();
      owned.clearAll();
      log.info({}, 'sip edge stopped');
    },
  };
}

/**
 * NAT keep-alive (issue 3 item 6): OPTIONS to where each live binding's REGISTER came from. An answer
 * refreshes the binding's "last seen"; a phone that stopped answering (pinhole closed, unplugged) is
 * dropped so the console shows it offline.
 */
function createKeepalive(
  d: { clock: Clock; log: Logger; store: SipBindingsStore; intervalMs: number },
  pingerOptions: Parameters<typeof createOptionsPinger>[0],
) {
  const pinger = createOptionsPinger(pingerOptions);
  return createNatKeepalive({
    clock: d.clock,
    logger: d.log,
    intervalMs: d.intervalMs,
    bindings: () => d.store.listLive(d.clock.now()),
    ping: async (binding) => {
      const answered = await pinger(binding);
      if (answered) await d.store.touch(binding, d.clock.now());
      return answered;
    },
    onUnreachable: (binding) => d.store.remove(binding),
  });
}
