import type { ConfigIssue } from '../errors.ts';
import { switchErrors } from '../errors.ts';
import type { AccessNumber } from './access-number.ts';
import type { DialPattern, DialRule } from './dial-pattern.ts';
import { compareSpecificity, compileDialRule, matchesDialPattern } from './dial-pattern.ts';

/** An outbound route: which dialled numbers it takes, how it rewrites them, and its trunks in failover order. */
export interface OutboundRoute {
  id: string;
  name: string;
  enabled: boolean;
  rules: DialRule[];
  /** Digits removed from the front before dialling out (Asterisk's `${EXTEN:n}`), e.g. an outside-line 9. */
  stripDigits?: number;
  /** Digits put in front after stripping (a carrier prefix). */
  prepend?: string;
  trunkIds: string[];
  /** The access number presented as caller ID; must be of type out or both. */
  callerIdAccessNumberId?: string;
}

export function outboundRouteIssues(r: OutboundRoute, accessNumbers: readonly AccessNumber[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (r.id.trim() === '') issues.push({ path: 'id', message: 'required' });
  if (r.rules.length === 0) issues.push({ path: 'rules', message: 'at least one rule' });
  r.rules.forEach((rule, i) => {
    const c = compileDialRule(rule);
    if (!c.ok) issues.push({ path: `rules.${i}`, message: c.error });
  });
  if (r.stripDigits !== undefined && (!Number.isInteger(r.stripDigits) || r.stripDigits < 0))
    issues.push({ path: 'stripDigits', message: 'a whole number ≥ 0' });
  if (r.prepend !== undefined && !/^[0-9*#+]*$/.test(r.prepend)) issues.push({ path: 'prepend', message: 'digits, *, # or +' });
  if (r.trunkIds.length === 0) issues.push({ path: 'trunkIds', message: 'at least one trunk' });
  if (r.callerIdAccessNumberId !== undefined) {
    const a = accessNumbers.find((x) => x.id === r.callerIdAccessNumberId);
    if (!a) issues.push({ path: 'callerIdAccessNumberId', message: 'unknown access number' });
    else if (a.callType === 'in') issues.push({ path: 'callerIdAccessNumberId', message: 'access number is inbound only' });
  }
  return issues;
}

export function assertValidOutboundRoute(r: OutboundRoute, accessNumbers: readonly AccessNumber[] = []): void {
  const issues = outboundRouteIssues(r, accessNumbers);
  if (issues.length > 0) throw switchErrors.invalidConfig('outbound route', issues);
}

export interface RouteMatch {
  route: OutboundRoute;
  pattern: DialPattern;
  /** The number to send to the trunk after strip and prepend. */
  dialString: string;
}

/**
 * The route for a dialled number: among enabled routes, the most specific matching rule wins; on equal
 * specificity the route listed first wins (the console's order). Invalid rules never match.
 */
export function selectOutboundRoute(routes: readonly OutboundRoute[], dialled: string): RouteMatch {
  let best: { route: OutboundRoute; pattern: DialPattern } | undefined;
  for (const route of routes) {
    if (!route.enabled) continue;
    for (const rule of route.rules) {
      const c = compileDialRule(rule);
      if (!c.ok || !matchesDialPattern(c.value, dialled)) continue;
      if (!best || compareSpecificity(c.value, best.pattern) < 0) best = { route, pattern: c.value };
    }
  }
  if (!best) throw switchErrors.noRoute(dialled);
  const dialString = (best.route.prepend ?? '') + dialled.slice(best.route.stripDigits ?? 0);
  return { ...best, dialString };
}

/**
 * The caller ID for an outbound call: the access number the agent chose (if allowed for outbound), else
 * the route's, else the first access number of type out/both. Inbound-only numbers are never presented.
 */
export function chooseCallerId(options: {
  route: OutboundRoute;
  accessNumbers: readonly AccessNumber[];
  requestedAccessNumberId?: string;
}): AccessNumber {
  const usable = options.accessNumbers.filter((a) => a.callType !== 'in');
  const pick = (id: string | undefined) => (id === undefined ? undefined : usable.find((a) => a.id === id));
  const chosen = pick(options.requestedAccessNumberId) ?? pick(options.route.callerIdAccessNumberId) ?? usable[0];
  if (!chosen) throw switchErrors.noCallerId(options.route.id);
  return chosen;
}
