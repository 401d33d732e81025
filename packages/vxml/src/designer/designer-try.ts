import type { Result } from '@rexian/kernel';
import { err, ok } from '@rexian/kernel';
import type { CallInfo } from '../channel/channel-port.ts';
import type { DtmfTurn } from '../channel/fake-channel.ts';
import type { CannedResponse } from '../fetch/static-fetcher.ts';
import type { ScriptedRunResult } from '../testing/run-scripted.ts';
import { runScripted } from '../testing/run-scripted.ts';
import type { CompileOptions } from './designer-compiler.ts';
import { compileProject } from './designer-compiler.ts';
import type { IvrProject } from './designer-model.ts';
import type { DesignerIssue } from './designer-validate.ts';

export interface TryOptions extends CompileOptions {
  /** Keys the tester types, one entry per input ("1", "123#", "noinput", "hangup"). */
  dtmf: DtmfTurn[];
  /** Canned answers for the project's HTTP interactions; anything else fails as error.badfetch. */
  fetch?: Record<string, CannedResponse>;
  call?: Partial<CallInfo>;
}

/**
 * The console's "try it" panel: build the project and run it on a virtual clock against typed digits.
 * No network and no audio: HTTP interactions answer from `fetch`, voice files are not fetched.
 */
export async function tryProject(
  project: IvrProject,
  opts: TryOptions,
): Promise<Result<ScriptedRunResult & { vxml: string }, DesignerIssue[]>> {
  const compiled = compileProject(project, opts);
  if (!compiled.ok) return err(compiled.error);
  const run = await runScripted({
    document: { uri: `http://ivr.local/projects/${encodeURIComponent(project.id)}.vxml`, text: compiled.value },
    script: { dtmf: opts.dtmf, ...(opts.call ? { call: opts.call } : {}) },
    fetch: opts.fetch ?? {},
    fetchAudio: false,
    limits: { maxSteps: 1000 },
  });
  return ok({ ...run, vxml: compiled.value });
}
