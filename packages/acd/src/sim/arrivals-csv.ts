import { type AppError, err, ok, type Result } from '@rexian/kernel';
import { acdErrors } from '../errors.ts';

/** One past arrival to replay. Times in seconds from the start of the replay. */
export interface ArrivalRecord {
  readonly atSecond: number;
  readonly queueId: string;
  readonly caller?: string;
  readonly callerArea?: string;
  /** The customer's dedicated agent (agent id in the scenario), for the dedicated-agent rule. */
  readonly dedicatedAgentId?: string;
  /** Observed handle time; when absent it is drawn from the queue's distribution. */
  readonly handleSeconds?: number;
  /** Caller patience; when absent it is drawn from the queue's distribution (if any). */
  readonly patienceSeconds?: number;
}

const COLUMNS = ['arrival', 'queue', 'caller', 'caller_area', 'dedicated_agent', 'handle_seconds', 'patience_seconds'] as const;

/**
 * Parses a CSV of past arrivals (header row required; columns in any order; `arrival` and `queue`
 * required). `arrival` is either seconds from the start or an ISO-8601 timestamp, in which case times
 * are made relative to the earliest arrival. Fields are plain (no quoted commas): caller numbers,
 * area codes and numbers need none. Never throws.
 */
export function parseArrivalsCsv(text: string): Result<ArrivalRecord[], AppError> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = lines
    .shift()
    ?.split(',')
    .map((h) => h.trim().toLowerCase());
  if (!header) return err(acdErrors.invalidCsv('CSV is empty'));
  const col = (name: (typeof COLUMNS)[number]) => header.indexOf(name);
  if (col('arrival') < 0 || col('queue') < 0) return err(acdErrors.invalidCsv('CSV header must name arrival and queue'));
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) return err(acdErrors.invalidCsv(`unknown CSV column(s): ${unknown.join(', ')}`));
  const rows: { at: number; iso: boolean; rec: Omit<ArrivalRecord, 'atSecond'> }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const cells = (lines[i] as string).split(',').map((c) => c.trim());
    const line = i + 2;
    if (cells.length !== header.length)
      return err(acdErrors.invalidCsv(`line ${line}: expected ${header.length} fields`, { line }));
    const get = (name: (typeof COLUMNS)[number]) => {
      const j = col(name);
      return j < 0 ? '' : (cells[j] ?? '');
    };
    const raw = get('arrival');
    const seconds = Number(raw);
    const iso = !/^[-+]?\d+(\.\d+)?$/.test(raw);
    const at = iso ? Date.parse(raw) / 1000 : seconds;
    if (!Number.isFinite(at) || (!iso && at < 0)) return err(acdErrors.invalidCsv(`line ${line}: bad arrival ${raw}`, { line }));
    const queueId = get('queue');
    if (!queueId) return err(acdErrors.invalidCsv(`line ${line}: queue is empty`, { line }));
    const optNum = (name: 'handle_seconds' | 'patience_seconds'): number | undefined | 'bad' => {
      const v = get(name);
      if (v === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) && n >= 0 ? n : 'bad';
    };
    const handle = optNum('handle_seconds');
    const patience = optNum('patience_seconds');
    if (handle === 'bad' || patience === 'bad') return err(acdErrors.invalidCsv(`line ${line}: bad duration`, { line }));
    const caller = get('caller');
    const area = get('caller_area');
    const dedicated = get('dedicated_agent');
    rows.push({
      at,
      iso,
      rec: {
        queueId,
        ...(caller ? { caller } : {}),
        ...(area ? { callerArea: area } : {}),
        ...(dedicated ? { dedicatedAgentId: dedicated } : {}),
        ...(handle === undefined ? {} : { handleSeconds: handle }),
        ...(patience === undefined ? {} : { patienceSeconds: patience }),
      },
    });
  }
  if (rows.some((r) => r.iso) && rows.some((r) => !r.iso))
    return err(acdErrors.invalidCsv('arrival mixes timestamps and seconds'));
  let origin = 0;
  if (rows[0]?.iso) origin = rows.reduce((m, r) => Math.min(m, r.at), Number.POSITIVE_INFINITY);
  return ok(rows.map((r) => ({ atSecond: r.at - origin, ...r.rec })).sort((a, b) => a.atSecond - b.atSecond));
}
