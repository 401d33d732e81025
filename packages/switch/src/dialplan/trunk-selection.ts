import type { ConfigIssue } from '../errors.ts';
import { switchErrors } from '../errors.ts';
import type { OutboundRoute } from './outbound-route.ts';

/** A SIP trunk as routing sees it (registration and credentials live with the SIP adapter). */
export interface Trunk {
  id: string;
  name: string;
  enabled: boolean;
  /** Concurrent channels the carrier allows; 0 means no limit. */
  maxChannels: number;
  /**
   * Source addresses of an IP-authenticated carrier (IPv4 `a.b.c.d` or `a.b.c.d/n`); INVITEs from them are
   * accepted without digest. Registration trunks leave it empty and are matched by credentials instead.
   */
  inboundAddresses?: string[];
}

function ipv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Parses `a.b.c.d` or `a.b.c.d/n` into a network and a prefix length; undefined when malformed. */
function parseCidr(s: string): { net: number; bits: number } | undefined {
  const [addr = '', bitsText] = s.split('/');
  const ip = ipv4(addr);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : -1;
  if (ip === undefined || bits < 0 || bits > 32) return undefined;
  return { net: ip, bits };
}

function inCidr(ip: number, cidr: { net: number; bits: number }): boolean {
  const size = 2 ** (32 - cidr.bits);
  return Math.floor(ip / size) === Math.floor(cidr.net / size);
}

/** The enabled IP-authenticated trunk an inbound request's source address belongs to, if any. */
export function matchInboundTrunk(trunks: readonly Trunk[], sourceAddress: string): Trunk | undefined {
  const ip = ipv4(sourceAddress.startsWith('::ffff:') ? sourceAddress.slice(7) : sourceAddress);
  if (ip === undefined) return undefined;
  return trunks.find(
    (t) =>
      t.enabled &&
      (t.inboundAddresses ?? []).some((a) => {
        const c = parseCidr(a);
        return c !== undefined && inCidr(ip, c);
      }),
  );
}

export function trunkIssues(t: Trunk): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (t.id.trim() === '') issues.push({ path: 'id', message: 'required' });
  (t.inboundAddresses ?? []).forEach((a, i) => {
    if (!parseCidr(a)) issues.push({ path: `inboundAddresses.${i}`, message: 'IPv4 address or CIDR' });
  });
  if (!Number.isInteger(t.maxChannels) || t.maxChannels < 0)
    issues.push({ path: 'maxChannels', message: 'a whole number ≥ 0 (0 = no limit)' });
  return issues;
}

export function assertValidTrunk(t: Trunk): void {
  const issues = trunkIssues(t);
  if (issues.length > 0) throw switchErrors.invalidConfig('trunk', issues);
}

/**
 * The route's trunks still worth trying, in failover order: enabled, known, below their channel limit and
 * not tried yet for this call.
 */
export function trunkCandidates(options: {
  route: OutboundRoute;
  trunks: readonly Trunk[];
  activeChannels: Readonly<Record<string, number>>;
  tried?: readonly string[];
}): Trunk[] {
  const out: Trunk[] = [];
  for (const id of options.route.trunkIds) {
    const t = options.trunks.find((x) => x.id === id);
    if (!t || !t.enabled || options.tried?.includes(id)) continue;
    const busy = options.activeChannels[id] ?? 0;
    if (t.maxChannels > 0 && busy >= t.maxChannels) continue;
    out.push(t);
  }
  return out;
}

/** The trunk to try next, or SWITCH_ALL_TRUNKS_BUSY (operational: the caller hears congestion). */
export function nextTrunk(options: Parameters<typeof trunkCandidates>[0]): Trunk {
  const [first] = trunkCandidates(options);
  if (!first) throw switchErrors.allTrunksBusy(options.route.id);
  return first;
}

/** How one trunk attempt ended. `timeout` is Timer B/C firing without a final response (RFC 3261 §17.1.1.2). */
export type TrunkAttemptOutcome = { kind: 'final'; status: number } | { kind: 'timeout' } | { kind: 'transport-error' };

/**
 * After an attempt: `connected` on 2xx; `next-trunk` when the carrier failed (5xx, 408, time-out,
 * transport error) — another carrier may carry the call; `stop` on any other 4xx or 6xx, which is the
 * callee's answer (busy, declined, unknown number) and would be the same through any carrier.
 */
export function failoverAction(outcome: TrunkAttemptOutcome): 'connected' | 'next-trunk' | 'stop' {
  if (outcome.kind !== 'final') return 'next-trunk';
  const s = outcome.status;
  if (s >= 200 && s < 300) return 'connected';
  if ((s >= 500 && s < 600) || s === 408) return 'next-trunk';
  return 'stop';
}
