import type { Database } from '@rexian/db';
import type { AccessNumber, OutboundRoute, Schedule, Trunk } from '@rexian/switch';
import {
  ACCESS_NUMBER_COLUMNS,
  type AccessNumberRow,
  accessNumberOf,
  ROUTE_COLUMNS,
  ROUTE_ORDER,
  type RouteRow,
  routeOf,
  SCHEDULE_COLUMNS,
  type ScheduleRow,
  scheduleOf,
  TRUNK_COLUMNS,
  type TrunkRow,
  trunkOf,
} from './dialplan-rows.ts';
import { lazyTrunkSecretBox, type TrunkSecretBox } from './trunk-secrets.ts';

/** A trunk as the switch's SIP side needs it: routing's `Trunk` plus where and how to reach the carrier. */
export interface TrunkRecord extends Trunk {
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  authMode: 'register' | 'ip';
  username?: string;
  /** Decrypted for the digest answer; never leaves the process. */
  password?: string;
  /** The digest realm to answer challenges for, when the carrier's is not its host. */
  realm?: string;
  /** REGISTER expiry the trunk asks for, in seconds. */
  registerExpirySeconds: number;
  /** Default caller-id number of calls out through this trunk. */
  callerId?: string;
  /** In order of preference. */
  codecs: string[];
}

export interface DialplanSnapshot {
  accessNumbers: AccessNumber[];
  schedules: Schedule[];
  trunks: TrunkRecord[];
  /** In the console's order (the switch's tie-break between equally specific rules). */
  routes: OutboundRoute[];
}

export interface DialplanReader {
  load(): Promise<DialplanSnapshot>;
}

function trunkRecordOf(r: TrunkRow, box: TrunkSecretBox): TrunkRecord {
  const t: TrunkRecord = {
    ...trunkOf(r),
    host: r.host,
    port: r.port,
    transport: r.transport,
    authMode: r.auth_mode,
    registerExpirySeconds: r.register_expiry_seconds,
    codecs: r.codecs,
  };
  if (r.username !== null) t.username = r.username;
  if (r.password_enc !== null) t.password = box.open(r.id, r.password_enc);
  if (r.realm !== null) t.realm = r.realm;
  if (r.caller_id !== null) t.callerId = r.caller_id;
  return t;
}

/**
 * The switch's read side of the dial plan, called before routing a call (and again after
 * `dialplanChanged()`): one query per table, all four in one read-only repeatable-read transaction so a
 * route never names a trunk from a later state than the trunks read; trunk passwords decrypted in-process.
 */
export function createDialplanReader(db: Database): DialplanReader {
  const secretBox = lazyTrunkSecretBox(db);
  return {
    async load() {
      const box = await secretBox();
      return db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const schedules = await tx.query<ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM schedules s ORDER BY lower(s.name), s.id`);
        const accessNumbers = await tx.query<AccessNumberRow>(
          `SELECT ${ACCESS_NUMBER_COLUMNS} FROM access_numbers a ORDER BY ltrim(a.number, '+'), a.number`,
        );
        const trunks = await tx.query<TrunkRow>(`SELECT ${TRUNK_COLUMNS} FROM trunks t ORDER BY lower(t.name), t.id`);
        const routes = await tx.query<RouteRow>(`SELECT ${ROUTE_COLUMNS} FROM outbound_routes r ORDER BY ${ROUTE_ORDER}`);
        return {
          schedules: schedules.rows.map(scheduleOf),
          accessNumbers: accessNumbers.rows.map(accessNumberOf),
          trunks: trunks.rows.map((r) => trunkRecordOf(r, box)),
          routes: routes.rows.map(routeOf),
        };
      });
    },
  };
}
