import { AppError } from '@rexian/kernel';
import { areas, type Config, type FieldSpec } from './schema.ts';

export class ConfigError extends AppError {
  constructor(problems: string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, {
      kind: 'user',
      category: 'invalid',
      details: { problems },
    });
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration once at boot. A wrong value stops boot with a message naming the variable and
 * the expected form (every problem at once, not just the first).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [area, fields] of Object.entries(areas)) {
    const section: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(fields as Record<string, FieldSpec>)) {
      const raw = env[spec.env];
      const value = raw === '' ? undefined : raw;
      const parsed = spec.schema.safeParse(value);
      if (parsed.success) {
        section[name] = parsed.data;
      } else {
        const why = parsed.error.issues.map((i) => i.message).join('; ');
        const shown = value === undefined ? '(unset)' : JSON.stringify(value);
        problems.push(`${spec.env}=${shown}: ${why}${spec.example ? ` (e.g. ${spec.example})` : ''}`);
      }
    }
    out[area] = section;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Config;
}

/** Every variable with its doc line and default, for the README table and `rexian config`. */
export function configReference(): { area: string; env: string; doc: string; default: string }[] {
  const rows: { area: string; env: string; doc: string; default: string }[] = [];
  for (const [area, fields] of Object.entries(areas)) {
    for (const spec of Object.values(fields as Record<string, FieldSpec>)) {
      const d = spec.schema.safeParse(undefined);
      rows.push({
        area,
        env: spec.env,
        doc: spec.doc,
        default: d.success && d.data !== undefined ? String(d.data) : '—',
      });
    }
  }
  return rows;
}
