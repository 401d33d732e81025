import type { Clock } from '@rexian/kernel';
import { createResponse, newTag } from '../message/builders.ts';
import { getNameAddr } from '../message/headers.ts';
import type { SipRequest, SipResponse } from '../message/types.ts';
import { isSipUri } from '../message/uri.ts';
import type { Binding, BindingStore } from './binding.ts';
import { defaultRegistrarPolicy, processRegister, type RegistrarPolicy } from './register-logic.ts';

export interface RegistrarOptions {
  readonly store: BindingStore;
  readonly clock: Clock;
  readonly policy?: Partial<RegistrarPolicy>;
  /** Domains we are registrar for (lower-case). REGISTERs for others get 403 (§10.3 step 1). */
  readonly domains: readonly string[];
  /** Per-extension contact limit; undefined falls back to the policy. */
  readonly maxContactsFor?: (aor: string) => Promise<number | undefined>;
}

export interface Registrar {
  /** Handles an authenticated REGISTER; `authUser` is the digest user name that proved itself. */
  handle(request: SipRequest, authUser: string, source: Binding['source']): Promise<SipResponse>;
  /** Live bindings of an AOR, best q first (for routing calls to an extension). */
  lookup(aor: string): Promise<Binding[]>;
}

/** The canonical AOR of a URI: `sip:user@domain`, domain lower-cased (§10.3 step 5). */
export function aorOf(uri: { user: string | null; host: string }): string {
  return `sip:${uri.user ?? ''}@${uri.host.toLowerCase()}`;
}

/**
 * The registrar of RFC 3261 §10.3 over a bindings-store port. Requests for one AOR are serialised
 * so two REGISTERs racing cannot lose a binding.
 */
export function createRegistrar(options: RegistrarOptions): Registrar {
  const policy = { ...defaultRegistrarPolicy, ...options.policy };
  const domains = new Set(options.domains.map((d) => d.toLowerCase()));
  const queues = new Map<string, Promise<unknown>>();

  function serial<T>(aor: string, work: () => Promise<T>): Promise<T> {
    const prev = queues.get(aor) ?? Promise.resolve();
    const run = prev.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(aor, tail);
    void tail.then(() => {
      if (queues.get(aor) === tail) queues.delete(aor);
    });
    return run;
  }

  return {
    async handle(request, authUser, source) {
      const to = getNameAddr(request, 'To');
      if (!to || !isSipUri(to.uri)) return createResponse(request, to ? 416 : 400);
      if (!domains.has(to.uri.host.toLowerCase())) return createResponse(request, 403, { reason: 'Not Our Domain' });
      // Only the authenticated user may change its own AOR (no third-party registration).
      if (to.uri.user !== authUser) return createResponse(request, 403, { reason: 'Not Your AOR' });
      const aor = aorOf(to.uri);
      return serial(aor, async () => {
        const now = options.clock.now();
        const current = await options.store.list(aor);
        const maxContacts = await options.maxContactsFor?.(aor);
        const out = processRegister({ request, aor, current, now, policy, source, maxContacts });
        if (out.next !== null) await options.store.replace(aor, out.next);
        const headers = out.status === 200 ? [...out.headers, { name: 'Date', value: new Date(now).toUTCString() }] : out.headers;
        return createResponse(request, out.status, { reason: out.reason, headers, toTag: newTag() });
      });
    },
    async lookup(aor) {
      const now = options.clock.now();
      return (await options.store.list(aor)).filter((b) => b.expiresAt > now).sort((a, b) => (b.q ?? 1) - (a.q ?? 1));
    },
  };
}
