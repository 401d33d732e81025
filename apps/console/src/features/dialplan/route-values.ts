import type { DialRuleDto, OutboundRouteDto, outboundRouteCreate } from '@rexian/contracts';
import type { z } from 'zod';

export type OutboundRouteInput = z.input<typeof outboundRouteCreate>;

export type RouteFormValues = {
  name: string;
  enabled: boolean;
  rules: DialRuleDto[];
  /** In failover order: the first is tried first. */
  trunkIds: string[];
  callerIdAccessNumberId?: string | null;
  stripDigits: number;
  prepend?: string | null;
  sortOrder: number;
  notes?: string | null;
};

export const newRouteValues = (): RouteFormValues => ({
  name: '',
  enabled: true,
  rules: [{ kind: 'prefix', value: '' }],
  trunkIds: [],
  callerIdAccessNumberId: null,
  stripDigits: 0,
  prepend: '',
  sortOrder: 0,
  notes: '',
});

export function routeToForm(r: OutboundRouteDto): RouteFormValues {
  return {
    name: r.name,
    enabled: r.enabled,
    rules: r.rules.map((x) => ({ ...x })),
    trunkIds: [...r.trunkIds],
    callerIdAccessNumberId: r.callerIdAccessNumberId,
    stripDigits: r.stripDigits,
    prepend: r.prepend,
    sortOrder: r.sortOrder,
    notes: r.notes,
  };
}

export function routeFromForm(v: RouteFormValues): OutboundRouteInput {
  return {
    name: v.name.trim(),
    enabled: v.enabled,
    rules: (v.rules ?? []).map((r) => ({ kind: r.kind, value: r.value.trim() })),
    trunkIds: [...(v.trunkIds ?? [])],
    callerIdAccessNumberId: v.callerIdAccessNumberId ?? null,
    stripDigits: v.stripDigits ?? 0,
    prepend: v.prepend?.trim() ?? '',
    sortOrder: v.sortOrder ?? 0,
    notes: v.notes?.trim() ?? '',
  };
}

/** A rule as the list shows it: `= 110`, `0…`, or the pattern itself. */
export function ruleText(rule: DialRuleDto): string {
  if (rule.kind === 'exact') return `= ${rule.value}`;
  if (rule.kind === 'prefix') return `${rule.value}…`;
  return rule.value;
}

/** What a dialled number becomes after the route's strip and prepend (the form's preview). */
export function rewritePreview(dialled: string, stripDigits: number, prepend: string): string {
  return prepend + dialled.slice(Math.max(0, stripDigits));
}
