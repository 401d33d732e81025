import type { Database } from '@rexian/db';
import type {
  AccessNumber,
  AdjustedWorkingDay,
  CallTarget,
  DialRule,
  Holiday,
  OutboundRoute,
  Schedule,
  Trunk,
  WorkingPeriod,
} from '@rexian/switch';
import type { AuditService } from '../audit/audit.service.ts';

/**
 * The dial-plan tables as rows, and each row as the switch's plain data. The contracts' DTOs (zod) and
 * the switch's interfaces describe the same shapes; the assignments below are where the compiler keeps
 * them equal.
 */
/** What every dial-plan service needs: the database, the audit log, and a way to tell the running switch. */
export type DialplanServiceDeps = { db: Database; audit: AuditService; changed: () => void };

export const iso = (v: Date | string): string => new Date(v).toISOString();

export type ScheduleRow = {
  id: string;
  name: string;
  time_zone: string;
  working_periods: WorkingPeriod[];
  holidays: Holiday[];
  adjusted_working_days: AdjustedWorkingDay[];
};

export type StoredTimeRouting = {
  enabled: boolean;
  workingHours: CallTarget;
  afterHours: CallTarget;
  holiday: CallTarget | null;
};

export type AccessNumberRow = {
  id: string;
  number: string;
  call_type: AccessNumber['callType'];
  vip: boolean;
  target: CallTarget | null;
  time_routing: StoredTimeRouting | null;
  schedule_id: string | null;
};

export type TrunkRow = {
  id: string;
  name: string;
  enabled: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  auth_mode: 'register' | 'ip';
  username: string | null;
  password_enc: string | null;
  realm: string | null;
  register_expiry_seconds: number;
  inbound_addresses: string[];
  max_channels: number;
  caller_id: string | null;
  codecs: string[];
};

export type RouteRow = {
  id: string;
  name: string;
  enabled: boolean;
  rules: DialRule[];
  strip_digits: number;
  prepend: string;
  caller_id_access_number_id: string | null;
  trunk_ids: string[];
};

export const SCHEDULE_COLUMNS = 's.id, s.name, s.time_zone, s.working_periods, s.holidays, s.adjusted_working_days';
export const ACCESS_NUMBER_COLUMNS = 'a.id, a.number, a.call_type, a.vip, a.target, a.time_routing, a.schedule_id';
export const TRUNK_COLUMNS = `t.id, t.name, t.enabled, t.host, t.port, t.transport, t.auth_mode, t.username, t.password_enc,
  t.realm, t.register_expiry_seconds, t.inbound_addresses, t.max_channels, t.caller_id, t.codecs`;
/** The trunks in failover order, inside the route's own row (one query for routes and their trunks). */
export const ROUTE_COLUMNS = `r.id, r.name, r.enabled, r.rules, r.strip_digits, r.prepend, r.caller_id_access_number_id,
  ARRAY(SELECT rt.trunk_id::text FROM outbound_route_trunks rt WHERE rt.route_id = r.id ORDER BY rt.position) AS trunk_ids`;
/** The console's order, which is also the switch's tie-break between equally specific rules. */
export const ROUTE_ORDER = 'r.sort_order, lower(r.name), r.id';

export function scheduleOf(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    workingPeriods: r.working_periods,
    holidays: r.holidays,
    adjustedWorkingDays: r.adjusted_working_days,
  };
}

export function accessNumberOf(r: AccessNumberRow): AccessNumber {
  const a: AccessNumber = { id: r.id, number: r.number, callType: r.call_type, vip: r.vip };
  if (r.target) a.target = r.target;
  if (r.time_routing && r.schedule_id) {
    const { holiday, ...rest } = r.time_routing;
    a.timeRouting = { ...rest, scheduleId: r.schedule_id, ...(holiday ? { holiday } : {}) };
  }
  return a;
}

export function trunkOf(r: Pick<TrunkRow, 'id' | 'name' | 'enabled' | 'max_channels' | 'inbound_addresses'>): Trunk {
  return { id: r.id, name: r.name, enabled: r.enabled, maxChannels: r.max_channels, inboundAddresses: r.inbound_addresses };
}

export function routeOf(r: RouteRow): OutboundRoute {
  const route: OutboundRoute = {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    rules: r.rules,
    stripDigits: r.strip_digits,
    prepend: r.prepend,
    trunkIds: r.trunk_ids,
  };
  if (r.caller_id_access_number_id) route.callerIdAccessNumberId = r.caller_id_access_number_id;
  return route;
}
