import type { TrunkDto, TrunkStatusDto } from '@rexian/contracts';
import { newId } from '@rexian/kernel';
import { type ConfigIssue, trunkIssues } from '@rexian/switch';
import type { Actor } from '../../http/actor.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../http/db-errors.ts';
import type { TelephonyHolder } from '../../telephony/telephony-runtime.ts';
import { dialplanErrors as errors } from './dialplan.errors.ts';
import { type DialplanServiceDeps, iso, TRUNK_COLUMNS, type TrunkRow, trunkOf } from './dialplan-rows.ts';
import { lazyTrunkSecretBox } from './trunk-secrets.ts';

/** The stored fields; the password travels separately (write-only). */
export type TrunkFields = Omit<TrunkDto, 'id' | 'hasPassword' | 'routeCount' | 'createdAt' | 'updatedAt'>;
/** undefined: keep the stored password; null: remove it; a string: replace it. */
export type PasswordChange = string | null | undefined;
export type TrunkFilter = { q?: string | undefined; enabled?: boolean | undefined; authMode?: TrunkDto['authMode'] | undefined };

type Row = TrunkRow & { notes: string; created_at: Date; updated_at: Date; route_count: number };
const SELECT = `SELECT ${TRUNK_COLUMNS}, t.notes, t.created_at, t.updated_at,
    (SELECT count(*) FROM outbound_route_trunks rt WHERE rt.trunk_id = t.id) AS route_count
  FROM trunks t`;

// A host name (RFC 1123 labels), an IPv4 address or a bracket-less IPv6 address.
const HOST = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

const toDto = (r: Row): TrunkDto => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  host: r.host,
  port: r.port,
  transport: r.transport,
  authMode: r.auth_mode,
  username: r.username,
  hasPassword: r.password_enc !== null,
  realm: r.realm,
  registerExpirySeconds: r.register_expiry_seconds,
  inboundAddresses: r.inbound_addresses,
  maxChannels: r.max_channels,
  callerId: r.caller_id,
  codecs: r.codecs,
  notes: r.notes,
  routeCount: r.route_count,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The switch's routing checks (addresses, channel limit) plus what reaching the carrier needs. */
function issuesOf(id: string, f: TrunkFields, hasPassword: boolean): ConfigIssue[] {
  const issues = trunkIssues(
    trunkOf({ id, name: f.name, enabled: f.enabled, max_channels: f.maxChannels, inbound_addresses: f.inboundAddresses }),
  );
  if (!HOST.test(f.host) && !(f.host.includes(':') && IPV6.test(f.host)))
    issues.push({ path: 'host', message: 'a host name or an IP address' });
  if (f.authMode === 'register') {
    if (!f.username) issues.push({ path: 'username', message: 'required to register' });
    if (!hasPassword) issues.push({ path: 'password', message: 'required to register' });
  }
  f.codecs.forEach((c, i) => {
    if (f.codecs.indexOf(c) !== i) issues.push({ path: `codecs.${i}`, message: 'listed twice' });
  });
  return issues;
}

/**
 * 中继: SIP trunks to carriers, registering with digest or accepted by source address. The password is
 * write-only — encrypted at rest (trunk-secrets.ts), reported only as `hasPassword`. A trunk that outbound
 * routes use cannot be deleted. `statuses()` merges the table with the running switch's view.
 */
export function createTrunksService(d: DialplanServiceDeps & { telephony?: TelephonyHolder | undefined }) {
  const secretBox = lazyTrunkSecretBox(d.db);
  async function row(id: string): Promise<Row> {
    const r = (await d.db.query<Row>(`${SELECT} WHERE t.id = $1`, [id])).rows[0];
    if (!r) throw errors.trunkNotFound();
    return r;
  }
  const get = async (id: string) => toDto(await row(id));
  async function routesUsing(id: string): Promise<string[]> {
    const r = await d.db.query<{ name: string }>(
      `SELECT r.name FROM outbound_routes r JOIN outbound_route_trunks rt ON rt.route_id = r.id
        WHERE rt.trunk_id = $1 ORDER BY lower(r.name)`,
      [id],
    );
    return r.rows.map((x) => x.name);
  }
  async function sealed(id: string, password: PasswordChange, current: string | null): Promise<string | null> {
    if (password === undefined) return current;
    if (password === null) return null;
    return (await secretBox()).seal(id, password);
  }
  async function save(f: TrunkFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'trunks_name_uq')) throw errors.trunkNameTaken(f.name);
      throw e;
    }
  }
  const params = (f: TrunkFields, passwordEnc: string | null) => [
    f.name,
    f.enabled,
    f.host,
    f.port,
    f.transport,
    f.authMode,
    f.username,
    passwordEnc,
    f.registerExpirySeconds,
    f.inboundAddresses,
    f.maxChannels,
    f.callerId,
    f.codecs,
    f.notes,
    f.realm,
  ];

  return {
    async list(filter: TrunkFilter): Promise<TrunkDto[]> {
      const params: unknown[] = [];
      const clauses = ['TRUE'];
      if (filter.q) {
        params.push(`%${filter.q}%`);
        clauses.push(`(t.name ILIKE $${params.length} OR t.host ILIKE $${params.length} OR t.notes ILIKE $${params.length})`);
      }
      if (filter.enabled !== undefined) {
        params.push(filter.enabled);
        clauses.push(`t.enabled = $${params.length}`);
      }
      if (filter.authMode) {
        params.push(filter.authMode);
        clauses.push(`t.auth_mode = $${params.length}`);
      }
      const rows = await d.db.query<Row>(`${SELECT} WHERE ${clauses.join(' AND ')} ORDER BY lower(t.name), t.id`, params);
      return rows.rows.map(toDto);
    },
    get,
    async create(actor: Actor, ip: string, f: TrunkFields & { password: string | null }): Promise<TrunkDto> {
      const id = newId();
      const { password, ...fields } = f;
      const issues = issuesOf(id, fields, password !== null);
      if (issues.length > 0) throw errors.trunkInvalid(issues);
      const enc = await sealed(id, password, null);
      await save(fields, () =>
        d.db.query(
          `INSERT INTO trunks (id, name, enabled, host, port, transport, auth_mode, username, password_enc,
             register_expiry_seconds, inbound_addresses, max_channels, caller_id, codecs, notes, realm)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [id, ...params(fields, enc)],
        ),
      );
      await d.audit.change(
        actor,
        ip,
        'trunk.create',
        { type: 'trunk', id },
        { name: f.name, host: f.host, authMode: f.authMode, password: password !== null },
      );
      d.changed();
      return get(id);
    },
    async update(
      actor: Actor,
      ip: string,
      id: string,
      patch: Partial<TrunkFields> & { password?: PasswordChange },
    ): Promise<TrunkDto> {
      const current = await row(id);
      const { id: _id, hasPassword: _h, routeCount: _r, createdAt: _c, updatedAt: _u, ...fields } = toDto(current);
      const { password, ...rest } = patch;
      const next: TrunkFields = { ...fields };
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      const hasPassword = password === undefined ? current.password_enc !== null : password !== null;
      const issues = issuesOf(id, next, hasPassword);
      if (issues.length > 0) throw errors.trunkInvalid(issues);
      const enc = await sealed(id, password, current.password_enc);
      await save(next, () =>
        d.db.query(
          `UPDATE trunks SET name = $2, enabled = $3, host = $4, port = $5, transport = $6, auth_mode = $7, username = $8,
             password_enc = $9, register_expiry_seconds = $10, inbound_addresses = $11, max_channels = $12, caller_id = $13,
             codecs = $14, notes = $15, realm = $16, updated_at = now()
           WHERE id = $1`,
          [id, ...params(next, enc)],
        ),
      );
      // The audit names the fields changed, never a password.
      await d.audit.change(actor, ip, 'trunk.update', { type: 'trunk', id }, { name: next.name, changed: Object.keys(patch) });
      d.changed();
      return get(id);
    },
    async remove(actor: Actor, ip: string, id: string): Promise<void> {
      const current = await row(id);
      const routes = await routesUsing(id);
      if (routes.length > 0) throw errors.trunkInUse(routes);
      try {
        await d.db.query('DELETE FROM trunks WHERE id = $1', [id]);
      } catch (e) {
        if (isForeignKeyViolation(e)) throw errors.trunkInUse(await routesUsing(id));
        throw e;
      }
      await d.audit.change(actor, ip, 'trunk.delete', { type: 'trunk', id }, { name: current.name });
      d.changed();
    },
    /** Every trunk with the running switch's registration state and channel count ('unknown' / 0 without one). */
    async statuses(): Promise<TrunkStatusDto[]> {
      const rows = await d.db.query<Pick<Row, 'id' | 'name' | 'enabled' | 'auth_mode' | 'max_channels'>>(
        'SELECT id, name, enabled, auth_mode, max_channels FROM trunks ORDER BY lower(name), id',
      );
      const live = new Map((d.telephony?.current?.trunkStatuses() ?? []).map((s) => [s.trunkId, s]));
      return rows.rows.map((r) => {
        const s = live.get(r.id);
        return {
          trunkId: r.id,
          name: r.name,
          enabled: r.enabled,
          authMode: r.auth_mode,
          registration: s?.registration ?? 'unknown',
          activeChannels: s?.activeChannels ?? 0,
          maxChannels: r.max_channels,
          lastError: s?.lastError ?? null,
          updatedAt: s ? iso(new Date(s.updatedAt)) : null,
        };
      });
    },
  };
}
export type TrunksService = ReturnType<typeof createTrunksService>;
