/**
 * The "try it" panel's input: caller turns typed as one line ("1 2# noinput hangup"), split on spaces or
 * commas. Each turn is keys (0-9 * # A-D), "noinput" (silence until the time-out) or "hangup"; the server
 * checks them again and answers with its own message.
 */
const turn = /^([0-9*#A-D]{1,32}|noinput|hangup)$/;

export function parseTurns(text: string): { turns: string[]; bad: string[] } {
  const parts = text
    .split(/[\s,，]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const normalised = parts.map((p) => (/^(noinput|hangup)$/i.test(p) ? p.toLowerCase() : p.toUpperCase()));
  return { turns: normalised, bad: normalised.filter((p) => !turn.test(p)) };
}

/** A trace entry's details without its time and type, as "key=value" pairs for one table cell. */
export function traceDetails(entry: Record<string, unknown>): string {
  return Object.entries(entry)
    .filter(([key]) => key !== 't' && key !== 'type')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('  ');
}
