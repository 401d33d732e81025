/**
 * The logger port. The server adapts pino to it; packages log through it and never import pino.
 * Fields first, message second (pino's convention), so logs stay structured.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, msg?: string): void;
  info(fields: Record<string, unknown>, msg?: string): void;
  warn(fields: Record<string, unknown>, msg?: string): void;
  error(fields: Record<string, unknown>, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const nullLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return nullLogger;
  },
};

/** A logger that keeps entries in memory, for tests that assert on what was logged. */
export function createMemoryLogger(
  bindings: Record<string, unknown> = {},
  sink: LogEntry[] = [],
): Logger & {
  entries: LogEntry[];
} {
  const write = (level: LogEntry['level']) => (fields: Record<string, unknown>, msg?: string) => {
    sink.push({ level, msg, ...bindings, ...fields });
  };
  return {
    entries: sink,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => createMemoryLogger({ ...bindings, ...more }, sink),
  };
}

export type LogEntry = { level: 'debug' | 'info' | 'warn' | 'error'; msg: string | undefined; [k: string]: unknown };
