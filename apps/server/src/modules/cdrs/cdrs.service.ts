import type { CdrDetail, CdrQuery, CdrSummary, LiveCalls, Page } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';
import type { Clock } from '@rexian/kernel';
import type { Cdr } from '@rexian/switch';
import { type Actor, hasPermission } from '../../http/actor.ts';
import type { ScopeFilter } from '../../security/data-scope.ts';
import { extensionNumbersAmong, scopeExtensionNumbers } from './call-scope.ts';
import { cdrOfRow, partiesOf } from './cdr.store.ts';
import { cdrDetailOf, cdrSummaryOf } from './cdr-dto.ts';
import { cdrErrors as errors } from './cdrs.errors.ts';
import type { CdrsRepository } from './cdrs.repository.ts';
import { findMediaFile, type MediaFile } from './media-file.ts';

/**
 * Call records (§4.7.2), their recordings and the current calls (§4.7.7). Data scope: a call is visible
 * when one of its extensions is in the actor's scope (call-scope.ts); external numbers are masked for
 * actors without `pbx.cdr.unmasked`.
 */
export function createCdrsService(d: {
  db: Queryable;
  repo: CdrsRepository;
  clock: Clock;
  scopeOf: (actor: Actor) => Promise<ScopeFilter>;
  /** The data folder recordings live in; null without one (in memory). */
  mediaRoot: string | null;
  /** Calls in progress from the running switch (empty when it is not running). */
  liveCalls: () => readonly Cdr[];
  /** Resolves when the switch's batched CDR writes so far are stored (read-your-writes for the API). */
  cdrsWritten?: () => Promise<void>;
}) {
  const written = d.cdrsWritten ?? (() => Promise.resolve());
  const masks = (actor: Actor) => !hasPermission(actor, 'pbx.cdr.unmasked');

  async function visible(actor: Actor, callId: string) {
    await written();
    const row = await d.repo.find(callId, await d.scopeOf(actor));
    if (!row) throw errors.notFound();
    return row;
  }

  return {
    async list(actor: Actor, query: CdrQuery): Promise<Page<CdrSummary>> {
      const { page, pageSize, ...filter } = query;
      await written();
      const r = await d.repo.list(filter, await d.scopeOf(actor), { limit: pageSize, offset: (page - 1) * pageSize });
      const mask = masks(actor);
      return { items: r.rows.map((row) => cdrSummaryOf(cdrOfRow(row), row.extensions, mask)), total: r.total, page, pageSize };
    },

    async get(actor: Actor, callId: string): Promise<CdrDetail> {
      const row = await visible(actor, callId);
      return cdrDetailOf(cdrOfRow(row), row.extensions, masks(actor));
    },

    async recording(actor: Actor, callId: string): Promise<MediaFile> {
      const row = await visible(actor, callId);
      if (row.recording_file === null) throw errors.noRecording();
      const file = await findMediaFile(d.mediaRoot, row.recording_file);
      if (!file) throw errors.noRecording();
      return file;
    },

    async live(actor: Actor): Promise<LiveCalls> {
      const calls = d.liveCalls();
      const now = new Date(d.clock.now()).toISOString();
      if (calls.length === 0) return { items: [], now };
      const scope = await d.scopeOf(actor);
      const extensions = await extensionNumbersAmong(d.db, [...new Set(calls.flatMap(partiesOf))]);
      const reach = scope.kind === 'all' ? null : await scopeExtensionNumbers(d.db, scope);
      const mask = masks(actor);
      const items = calls
        .map((c) => ({ c, own: partiesOf(c).filter((n) => extensions.has(n)) }))
        .filter(({ own }) => reach === null || own.some((n) => reach.has(n)))
        .sort((a, b) => a.c.startedAt - b.c.startedAt)
        .map(({ c, own }) => cdrDetailOf(c, own.sort(), mask));
      return { items, now };
    },
  };
}
export type CdrsService = ReturnType<typeof createCdrsService>;
