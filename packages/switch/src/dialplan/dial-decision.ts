import type { CallType } from '../call/call-types.ts';
import type { OutboundRoute, RouteMatch } from './outbound-route.ts';
import { selectOutboundRoute } from './outbound-route.ts';

/** What a number dialled by a phone or an agent means. */
export type DialDecision =
  | { kind: 'internal'; extension: string; callType: CallType }
  | { kind: 'loopback-test'; callType: CallType }
  | { kind: 'outbound'; match: RouteMatch; callType: CallType };

/**
 * Decides a dialled number in Asterisk's order of a typical company context: the echo-test number first
 * (it must work even when an extension shadows it), then the company's own extensions, then outbound
 * routes. Throws SWITCH_NO_ROUTE when nothing takes the number. `auto` marks dialer-originated calls.
 */
export function decideDialled(options: {
  dialled: string;
  extensions: ReadonlySet<string>;
  routes: readonly OutboundRoute[];
  loopbackTestNumber?: string;
  auto?: boolean;
}): DialDecision {
  const { dialled } = options;
  if (options.loopbackTestNumber !== undefined && dialled === options.loopbackTestNumber) {
    return { kind: 'loopback-test', callType: 'loopback-test' };
  }
  if (options.extensions.has(dialled)) return { kind: 'internal', extension: dialled, callType: 'internal' };
  const match = selectOutboundRoute(options.routes, dialled);
  return { kind: 'outbound', match, callType: options.auto ? 'auto-outbound' : 'manual-outbound' };
}
