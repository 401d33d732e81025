import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelScript } from '../channel/fake-channel.ts';
import type { CannedResponse } from '../fetch/static-fetcher.ts';
import type { SessionLimits } from '../interpreter/run-context.ts';
import type { SandboxLimits } from '../sandbox/script-sandbox.ts';
import type { ScriptedRunResult } from './run-scripted.ts';
import { runScripted } from './run-scripted.ts';

/** script.json of a conformance case. */
export interface CaseScript {
  description: string;
  script: ChannelScript;
  fetch?: Record<string, CannedResponse>;
  fetchAudio?: boolean;
  limits?: Partial<SessionLimits>;
  sandboxLimits?: Partial<SandboxLimits>;
}

export const caseHost = 'http://ivr.test';

/**
 * Runs one case folder: doc.vxml is served at http://ivr.test/<case>/doc.vxml, every other file of
 * the folder beside it (subdialogs, application roots, grammars, data), plus script.json's canned
 * responses (which win, so a case can make a file hang or fail).
 */
export async function runConformanceCase(dir: string, name: string): Promise<ScriptedRunResult> {
  const cs = JSON.parse(readFileSync(join(dir, 'script.json'), 'utf8')) as CaseScript;
  const fetch: Record<string, CannedResponse> = {};
  for (const f of readdirSync(dir)) {
    if (f === 'script.json' || f === 'expected.json') continue;
    fetch[`${caseHost}/${name}/${f}`] = { body: readFileSync(join(dir, f), 'utf8') };
  }
  Object.assign(fetch, cs.fetch ?? {});
  return runScripted({
    document: { uri: `${caseHost}/${name}/doc.vxml` },
    script: cs.script,
    fetch,
    ...(cs.fetchAudio !== undefined ? { fetchAudio: cs.fetchAudio } : {}),
    ...(cs.limits ? { limits: cs.limits } : {}),
    ...(cs.sandboxLimits ? { sandboxLimits: cs.sandboxLimits } : {}),
  });
}
