import type { Clock, Logger } from '@rexian/kernel';
import type { QueueConfig } from './queue.types.ts';

/** §4.6.6 VIP numbers: global (every queue) or for listed queues only. */
export interface VipEntry {
  readonly number: string;
  readonly global: boolean;
  readonly queueIds: readonly string[];
}

/** The CTI list, indexed for O(1) checks on every inbound call. */
export class VipList {
  private readonly global = new Set<string>();
  private readonly perQueue = new Map<string, Set<string>>();

  constructor(entries: readonly VipEntry[] = []) {
    for (const e of entries) {
      if (e.global) this.global.add(e.number);
      for (const q of e.queueIds) {
        let set = this.perQueue.get(q);
        if (!set) {
          set = new Set();
          this.perQueue.set(q, set);
        }
        set.add(e.number);
      }
    }
  }

  isVip(number: string, queueId: string): boolean {
    return this.global.has(number) || (this.perQueue.get(queueId)?.has(number) ?? false);
  }
}

/** Port to the customer's CRM (method `crm`): answers whether `number` is a VIP. The adapter does the HTTP. */
export interface VipLookupPort {
  isVip(request: { url: string; number: string; queueId: string; signal: AbortSignal }): Promise<boolean>;
}

export type VipDecision = {
  readonly vip: boolean;
  readonly source: 'disabled' | 'cti-list' | 'crm' | 'crm-failed';
  readonly error?: string;
};

/**
 * Decides VIP status for a call entering `queue`. A CRM lookup that fails or exceeds the queue's HTTP
 * time-out gives normal priority (the call must not wait on a CRM), and the failure is logged.
 */
export async function resolveVip(
  queue: QueueConfig,
  number: string,
  deps: { list: VipList; lookup?: VipLookupPort; clock: Clock; logger: Logger },
): Promise<VipDecision> {
  if (!queue.vipEnabled) return { vip: false, source: 'disabled' };
  if (queue.vipMethod === 'cti') return { vip: deps.list.isVip(number, queue.id), source: 'cti-list' };
  const url = queue.vipLookupUrl;
  const lookup = deps.lookup;
  if (!url || !lookup) return fail(deps.logger, queue, number, 'no CRM lookup configured');
  const controller = new AbortController();
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = deps.clock.setTimeout(() => resolve('timeout'), queue.httpTimeoutMs);
  });
  try {
    const result = await Promise.race([lookup.isVip({ url, number, queueId: queue.id, signal: controller.signal }), timeout]);
    if (result === 'timeout') {
      controller.abort();
      return fail(deps.logger, queue, number, `CRM lookup timed out after ${queue.httpTimeoutMs} ms`);
    }
    return { vip: result === true, source: 'crm' };
  } catch (e) {
    return fail(deps.logger, queue, number, e instanceof Error ? e.message : String(e));
  } finally {
    deps.clock.clearTimeout(timer);
  }
}

function fail(logger: Logger, queue: QueueConfig, number: string, error: string): VipDecision {
  logger.warn({ queueId: queue.id, number, error }, 'VIP lookup failed; normal priority');
  return { vip: false, source: 'crm-failed', error };
}
