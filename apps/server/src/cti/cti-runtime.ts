import { AcdEngine, createRng } from '@rexian/acd';
import {
  type Cti,
  type CtiRoutes,
  createCti,
  createSupervision,
  type MemoryPromptRegistry,
  type QueueEntry,
  type Supervision,
} from '@rexian/cti';
import type { Queryable } from '@rexian/db';
import type { Clock, Logger } from '@rexian/kernel';
import type { ChannelSnapshot, SipSwitch } from '@rexian/switch';
import type { TtsProvider } from '@rexian/vxml';
import {
  type AcdConfiguration,
  type AgentDirectoryEntry,
  acdFingerprint,
  applyAcdConfiguration,
  loadAcdConfiguration,
} from './acd-config.ts';
import { type CtiEventLog, createCtiEventLog } from './cti-event-log.ts';
import { createQueueAnnouncements, createSurvey } from './survey.ts';

/** What the HTTP modules (agent workspace) and the dial plan ask of the running CTI. */
export interface CtiRuntime {
  readonly cti: Cti;
  readonly acd: AcdEngine;
  readonly sw: SipSwitch;
  /** Supervisor monitoring (listen, whisper, barge, take over) on agents' calls. */
  readonly supervision: Supervision;
  /** Reloads the ACD configuration if the tables changed since the last load (cheap when they did not). */
  refresh(): Promise<void>;
  agent(agentId: string): AgentDirectoryEntry | undefined;
  agentOfEmployee(employeeId: string): AgentDirectoryEntry | undefined;
  agentByNumber(number: string): AgentDirectoryEntry | undefined;
  queueName(queueId: string): string | null;
  /**
   * Whether an extension takes an ordinary call now: always, unless mixed office mode is off and the
   * extension is an agent's whose agent is signed out.
   */
  takesOrdinaryCalls(extension: string): Promise<boolean>;
  /** The CTI settings' screen-pop URL template ('' = none). */
  screenPopTemplate(): string;
  /** A queue by id, number or name (IVR documents name queues as `queue:<x>`). */
  findQueue(ref: string): string | undefined;
  /** Runs a caller in a queue (the access number's target, an IVR's transfer, an agent's transfer). */
  queueCall(caller: ChannelSnapshot, entry: QueueEntry): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The ACD engine configured from the database, CTI over the running switch, and the event log. The
 * configuration is re-read when its fingerprint changes, checked before each sign-in and queued call, so
 * console edits apply to the next call without a restart and without every module notifying CTI.
 */
export async function startCti(d: {
  db: Queryable;
  sw: SipSwitch;
  clock: Clock;
  log: Logger;
  routes: CtiRoutes;
  /** Spoken prompts (the satisfaction survey): where they are kept for the switch, and the voice. Without them there is no survey. */
  prompts?: MemoryPromptRegistry;
  /** The event log shared with the IVR's steps; a private one when absent (tests). */
  eventLog?: CtiEventLog;
  tts?: TtsProvider;
}): Promise<CtiRuntime> {
  const log = d.log.child({ component: 'cti' });
  const events = d.eventLog ?? createCtiEventLog(d.db, log);
  let config: AcdConfiguration = await loadAcdConfiguration(d.db);
  const acd = new AcdEngine({
    clock: d.clock,
    rng: createRng(Date.now() >>> 0),
    logger: log,
    sink: events,
    rules: config.rules,
  });
  applyAcdConfiguration(acd, config, log);
  let byId = new Map(config.directory.map((a) => [a.id, a]));
  const cti = createCti({
    sw: d.sw,
    acd,
    log,
    routes: d.routes,
    agentInfo: (id) => byId.get(id),
    agentByNumber: (number) => config.directory.find((a) => a.number === number),
    ...(d.prompts && d.tts ? spoken(d.prompts, d.tts) : {}),
  });

  const supervision = createSupervision({ sw: d.sw, cti, log });

  function spoken(prompts: MemoryPromptRegistry, tts: TtsProvider) {
    const announce = createQueueAnnouncements({ tts, prompts, log });
    return {
      survey: createSurvey({ db: d.db, tts, prompts, log, forced: () => config.forcedRating }),
      agentNumberPrompt: announce.agentNumber,
      positionPrompt: announce.position,
    };
  }

  let loading: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    loading ??= (async () => {
      try {
        if ((await acdFingerprint(d.db)) === config.fingerprint) return;
        config = await loadAcdConfiguration(d.db);
        applyAcdConfiguration(acd, config, log);
        byId = new Map(config.directory.map((a) => [a.id, a]));
        log.info({ agents: config.agents.length, queues: config.queues.length }, 'ACD configuration reloaded');
      } catch (error) {
        log.error({ error }, 'ACD configuration reload failed; keeping the previous one');
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  return {
    cti,
    acd,
    sw: d.sw,
    supervision,
    refresh,
    agent: (id) => byId.get(id),
    agentOfEmployee: (employeeId) => config.directory.find((a) => a.employeeId === employeeId),
    agentByNumber: (number) => config.directory.find((a) => a.number === number),
    queueName: (queueId) => config.queues.find((q) => q.id === queueId)?.name ?? null,
    screenPopTemplate: () => config.screenPopUrl,
    async takesOrdinaryCalls(extension) {
      await refresh();
      if (config.mixedOfficeMode) return true;
      const owners = config.directory.filter((a) => a.boundExtension === extension);
      if (owners.length === 0) return true;
      return owners.some((a) => acd.agent(a.id).state !== 'signed-out');
    },
    findQueue: (ref) => config.queues.find((q) => q.id === ref || q.number === ref || q.name === ref)?.id,
    async queueCall(caller, entry) {
      await refresh();
      await cti.queueCall(caller, entry);
    },
    async stop() {
      supervision.close();
      cti.stop();
      await events.flush();
    },
  };
}
