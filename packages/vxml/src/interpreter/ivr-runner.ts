import type { Clock, Logger } from '@rexian/kernel';
import { nullLogger } from '@rexian/kernel';
import type { Channel } from '../channel/channel-port.ts';
import type { TraceEntry, TraceType } from '../channel/trace.ts';
import type { IvrConfig, IvrConfigRepository } from '../designer/designer-model.ts';
import type { Fetcher } from '../fetch/fetcher-port.ts';
import type { SandboxLimits } from '../sandbox/script-sandbox.ts';
import type { DocumentCache } from './document-loader.ts';
import type { SessionLimits } from './run-context.ts';
import type { SessionResult } from './session.ts';
import { runSession } from './session.ts';

export interface IvrRunnerDeps {
  configs: IvrConfigRepository;
  fetcher: Fetcher;
  clock: Clock;
  /** Where the server serves an IVR's VoiceXML (uploaded or built), e.g. http://127.0.0.1:8080/ivr/<number>.vxml. */
  documentUrl(config: IvrConfig): string;
  documentCache?: DocumentCache;
  logger?: Logger;
  sandboxLimits?: Partial<SandboxLimits>;
  limits?: Partial<SessionLimits>;
  /** Every trace entry of every call (the server appends them to the event log as IVR steps). */
  onStep?(callId: string, ivrNumber: string, entry: TraceEntry): void;
}

export type IvrRunOutcome = { kind: 'ran'; result: SessionResult } | { kind: 'unknown-ivr'; ivrNumber: string };

/**
 * Binds IVR numbers (§4.6.8) to sessions: the CTI layer calls `run(channel, ivrNumber)` when a call
 * reaches an IVR (an access number, a queue overflow, a transfer to ivr:<number>).
 */
export function createIvrRunner(deps: IvrRunnerDeps): { run(channel: Channel, ivrNumber: string): Promise<IvrRunOutcome> } {
  const logger = deps.logger ?? nullLogger;
  return {
    async run(channel, ivrNumber) {
      const config = await deps.configs.byNumber(ivrNumber);
      if (!config) {
        logger.warn({ ivrNumber, callId: channel.call.callId }, 'no IVR configured for this number');
        return { kind: 'unknown-ivr', ivrNumber };
      }
      const start = deps.clock.now();
      const trace = {
        add: (type: TraceType, fields: Record<string, unknown>) => {
          deps.onStep?.(channel.call.callId, ivrNumber, { t: deps.clock.now() - start, type, ...fields });
        },
      };
      const result = await runSession({
        channel,
        clock: deps.clock,
        fetcher: deps.fetcher,
        trace,
        logger: logger.child({ callId: channel.call.callId, ivrNumber }),
        document: { uri: deps.documentUrl(config) },
        ...(deps.documentCache ? { documentCache: deps.documentCache } : {}),
        ...(deps.sandboxLimits ? { sandboxLimits: deps.sandboxLimits } : {}),
        ...(deps.limits ? { limits: deps.limits } : {}),
      });
      return { kind: 'ran', result };
    },
  };
}
