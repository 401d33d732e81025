import {
  type CallerHistory,
  type CdrSummary,
  maskPhoneNumber,
  type Page,
  type ServiceRecord,
  type ServiceRecordCreateParsed,
  type ServiceRecordQuery,
  type ServiceRecordUpdate,
} from '@rexian/contracts';
import { type Clock, newId } from '@rexian/kernel';
import type { Cdr } from '@rexian/switch';
import { type Actor, hasPermission } from '../../http/actor.ts';
import type { ScopeFilter } from '../../security/data-scope.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { cdrOfRow } from '../cdrs/cdr.store.ts';
import { cdrSummaryOf } from '../cdrs/cdr-dto.ts';
import type { CdrsRepository } from '../cdrs/cdrs.repository.ts';
import { serviceRecordErrors as errors } from './service-records.errors.ts';
import type { CallParty, ServiceRecordRow, ServiceRecordsRepository } from './service-records.repository.ts';

const HISTORY_LIMIT = 10;

export function serviceRecordOf(r: ServiceRecordRow, mask: boolean): ServiceRecord {
  return {
    id: r.id,
    callId: r.call_id,
    agentId: r.agent_id,
    agentNumber: r.agent_number,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    customerName: r.customer_name,
    customerNumber: mask ? maskPhoneNumber(r.customer_number) : r.customer_number,
    startedAt: r.started_at.toISOString(),
    serviceType: r.service_type as ServiceRecord['serviceType'],
    channel: r.channel as ServiceRecord['channel'],
    status: r.status as ServiceRecord['status'],
    subject: r.subject,
    content: r.content,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    masked: mask,
  };
}

/**
 * Service records (§4.4.8 服务记录) and the screen pop's caller history (§六 (11)). A record saved against
 * a call takes the customer's number from the call — never from the client, which may only see it masked —
 * and only from a call its author took part in (the CTI event log or the call's extensions say so; actors
 * with the `all` scope may file against any call). Scope: by the author's employee.
 */
export function createServiceRecordsService(d: {
  repo: ServiceRecordsRepository;
  cdrs: CdrsRepository;
  audit: AuditService;
  clock: Clock;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
  /** Calls in progress on the running switch: a call's CDR row may trail its first ring by a moment. */
  liveCalls: () => readonly Cdr[];
}) {
  const masks = (actor: Actor) => !hasPermission(actor, 'pbx.cdr.unmasked');

  async function visible(actor: Actor, id: string): Promise<ServiceRecordRow> {
    const row = await d.repo.find(id, await d.scopeOf(actor));
    if (!row) throw errors.notFound();
    return row;
  }

  async function partyOf(callId: string): Promise<CallParty | undefined> {
    const stored = await d.repo.callParty(callId);
    if (stored) return stored;
    const live = d.liveCalls().find((c) => c.callId === callId);
    return live && { call_type: live.callType, caller: live.caller, callee: live.callee, started_at: new Date(live.startedAt) };
  }

  /** The call, when the actor may file against it or read its history. */
  async function callFor(actor: Actor, callId: string, scope: ScopeFilter) {
    const party = await partyOf(callId);
    const allowed =
      party !== undefined &&
      (scope.kind === 'all' || (actor.employeeId !== null && (await d.repo.tookPart(callId, actor.employeeId))));
    if (!party || !allowed) throw errors.callUnknown(callId);
    const direction = party.call_type === 'inbound' ? ('inbound' as const) : ('outbound' as const);
    return { party, direction, customer: direction === 'inbound' ? party.caller : party.callee };
  }

  async function callsOf(actor: Actor, number: string, except: string): Promise<CdrSummary[]> {
    if (!hasPermission(actor, 'pbx.cdr.read')) return [];
    const scope = await d.scopeOf(actor);
    const page = { limit: HISTORY_LIMIT + 1, offset: 0 };
    const [asCaller, asCallee] = await Promise.all([
      d.cdrs.list({ caller: number }, scope, page),
      d.cdrs.list({ callee: number }, scope, page),
    ]);
    const rows = new Map([...asCaller.rows, ...asCallee.rows].map((r) => [r.call_id, r]));
    const mask = masks(actor);
    return [...rows.values()]
      .filter((r) => r.call_id !== except && (r.caller === number || r.callee === number))
      .map((r) => cdrSummaryOf(cdrOfRow(r), r.extensions, mask))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, HISTORY_LIMIT);
  }

  return {
    async list(actor: Actor, query: ServiceRecordQuery): Promise<Page<ServiceRecord>> {
      const { page, pageSize, mine, ...filter } = query;
      // 我的服务记录: a user with no employee has none.
      const own = mine === 'true' ? { employeeId: actor.employeeId ?? '00000000-0000-0000-0000-000000000000' } : {};
      const r = await d.repo.list({ ...filter, ...own }, await d.scopeOf(actor), {
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      const mask = masks(actor);
      return { items: r.rows.map((row) => serviceRecordOf(row, mask)), total: r.total, page, pageSize };
    },

    async get(actor: Actor, id: string): Promise<ServiceRecord> {
      return serviceRecordOf(await visible(actor, id), masks(actor));
    },

    async create(actor: Actor, ip: string, body: ServiceRecordCreateParsed): Promise<ServiceRecord> {
      const scope = await d.scopeOf(actor);
      const call = body.callId === undefined ? undefined : await callFor(actor, body.callId, scope);
      const author = actor.employeeId
        ? await d.repo.author(actor.employeeId)
        : { employee_name: null, agent_id: null, agent_number: null };
      const id = newId();
      const now = d.clock.now();
      await d.repo.create({
        id,
        call_id: body.callId ?? null,
        agent_id: author.agent_id,
        agent_number: author.agent_number,
        employee_id: actor.employeeId,
        employee_name: author.employee_name,
        created_by: actor.userId,
        customer_name: body.customerName ?? '',
        // A record against a call takes the number from the call (the refine guarantees one or the other).
        customer_number: call?.customer ?? body.customerNumber ?? '',
        started_at: call?.party.started_at ?? new Date(now),
        service_type: body.serviceType,
        channel: body.channel,
        status: body.status,
        subject: body.subject,
        content: body.content,
        now,
      });
      await d.audit.change(actor, ip, 'service-record.create', { type: 'service-record', id }, { callId: body.callId ?? null });
      return serviceRecordOf(await visible(actor, id), masks(actor));
    },

    async update(actor: Actor, ip: string, id: string, patch: ServiceRecordUpdate): Promise<ServiceRecord> {
      await visible(actor, id);
      await d.repo.update(id, patch, d.clock.now());
      await d.audit.change(actor, ip, 'service-record.update', { type: 'service-record', id }, { fields: Object.keys(patch) });
      return serviceRecordOf(await visible(actor, id), masks(actor));
    },

    /** The screen pop's history: the customer's last calls and service records, within the actor's scope. */
    async history(actor: Actor, callId: string): Promise<CallerHistory> {
      const scope = await d.scopeOf(actor);
      const call = await callFor(actor, callId, scope);
      const mask = masks(actor);
      const records = await d.repo.list({ customerNumber: call.customer }, scope, { limit: HISTORY_LIMIT, offset: 0 });
      return {
        callId,
        direction: call.direction,
        customerNumber: mask ? maskPhoneNumber(call.customer) : call.customer,
        calls: await callsOf(actor, call.customer, callId),
        records: records.rows.map((r) => serviceRecordOf(r, mask)),
      };
    },
  };
}
export type ServiceRecordsService = ReturnType<typeof createServiceRecordsService>;
