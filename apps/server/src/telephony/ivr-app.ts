import { join } from 'node:path';
import {
  type IvrDestination,
  type IvrRouteResult,
  type IvrRoutes,
  type MemoryPromptRegistry,
  runIvrCall,
  SwitchIvrChannel,
} from '@rexian/cti';
import type { Queryable } from '@rexian/db';
import type { AppError, Result } from '@rexian/kernel';
import { err, type Logger, newId, ok } from '@rexian/kernel';
import {
  type ChannelSnapshot,
  type IncomingRoute,
  recordingPath,
  type SipSwitch,
  selectOutboundRoute,
  trunkCandidates,
} from '@rexian/switch';
import {
  createHttpFetcher,
  createIvrRunner,
  type Fetcher,
  type FetchResponse,
  fetchError,
  type IvrConfig,
  type IvrConfigRepository,
  type TraceEntry,
  type TtsProvider,
  VxmlErrorCode,
} from '@rexian/vxml';
import type { DialplanSnapshot } from '../modules/dialplan/dialplan.repository.ts';
import { createIvrConfigsRepository } from '../modules/ivr-configs/ivr-configs.repository.ts';
import { createVoiceFilesRepository } from '../modules/voice-files/voice-files.repository.ts';
import { activeChannelsByTrunk } from './outbound.ts';
import type { VoicemailApp } from './voicemail.ts';

/**
 * The origin IVR documents are served from inside the server: never resolved on the network, the
 * fetcher below answers it from the database. Voice files compile to `/api/v1/voice-files/<id>/audio`,
 * which resolves against it.
 */
export const IVR_ORIGIN = 'http://ivr.rexian.internal';

/** An IVR sending the caller to another IVR more often than this in one call is a loop. */
const MAX_IVR_HOPS = 8;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IvrAppDeps {
  /** Where each IVR step goes (the server: the event log). */
  onStep?: (callId: string, ivrNumber: string, step: TraceEntry) => void;
  sw: () => SipSwitch;
  db: Queryable;
  log: Logger;
  prompts: MemoryPromptRegistry;
  tts: TtsProvider;
  /** Folder `<record>` files go under (`ivr/<day>/<id>.wav`). */
  root: string;
  timeZone: string;
  ringSeconds: number;
  dialplan: () => Promise<DialplanSnapshot>;
  voicemail?: VoicemailApp | undefined;
  /** Rings an extension for a caller (the dial plan's `connectToExtension`). */
  connectToExtension(caller: ChannelSnapshot, number: string): Promise<void>;
  /** The dial plan's outbound route for a number (trunks), if any. */
  outbound?: ((plan: DialplanSnapshot, dialled: string) => IncomingRoute | undefined) | undefined;
  /** `queue:<id|name>` destinations; until the CTI queue runtime is wired they answer `noroute`. */
  queue?: (caller: ChannelSnapshot, queue: string) => Promise<IvrRouteResult>;
  isExtension(number: string): Promise<boolean>;
}

export interface IvrApp {
  /** An access number's IVR target (`callTarget.ivrId` is the IVR configuration's id). */
  runTarget(channel: ChannelSnapshot, ivrId: string, accessNumber: string): Promise<void>;
  /** `ivr:<number>`: runs the IVR with this number. */
  runNumber(channel: ChannelSnapshot, ivrNumber: string, accessNumber: string, hops?: number): Promise<void>;
}

type ConfigRow = {
  number: string;
  name: string;
  source: 'uploaded' | 'built';
  file_name: string | null;
  project_id: string | null;
  notes: string;
  updated_at: Date;
};

/** vxml's `IvrConfigRepository` over `ivr_configs` (read side only: the console's API writes). */
function configReader(db: Queryable): IvrConfigRepository {
  const toConfig = (r: ConfigRow): IvrConfig => ({
    number: r.number,
    name: r.name,
    notes: r.notes,
    source:
      r.source === 'uploaded'
        ? { kind: 'uploaded', fileName: r.file_name ?? '' }
        : { kind: 'built', projectId: r.project_id ?? '', builtAt: new Date(r.updated_at).toISOString() },
  });
  const SELECT = 'SELECT number, name, source, file_name, project_id, notes, updated_at FROM ivr_configs';
  const readOnly = () => Promise.reject(new Error('the call runtime does not change IVR configurations'));
  return {
    list: async () => (await db.query<ConfigRow>(`${SELECT} ORDER BY number`)).rows.map(toConfig),
    byNumber: async (number) => {
      const r = (await db.query<ConfigRow>(`${SELECT} WHERE number = $1`, [number])).rows[0];
      return r ? toConfig(r) : undefined;
    },
    save: readOnly,
    delete: readOnly,
  };
}

/** Absolute http(s) URLs the document itself names in `src`/`next` (its HTTP interactions): their hosts may be reached. */
export function documentHosts(vxml: string): string[] {
  const hosts = new Set<string>();
  for (const m of vxml.matchAll(/\b(?:src|next)\s*=\s*["'](https?:\/\/[^"']+)["']/g)) {
    try {
      const u = new URL((m[1] ?? '').replaceAll('&amp;', '&'));
      if (u.origin !== IVR_ORIGIN) hosts.add(u.host);
    } catch {
      // not a URL: the interpreter reports it when it gets there
    }
  }
  return [...hosts];
}

/**
 * The call runtime's fetcher: the IVR document (`<IVR_ORIGIN>/ivr/<number>.vxml`) and voice files
 * (`/api/v1/voice-files/<id>/audio`) come straight from the database, no HTTP round trip; anything else
 * on the internal origin is refused; absolute http(s) URLs go to vxml's HTTP fetcher, limited to the
 * hosts the call's documents name themselves.
 */
export function createIvrFetcher(db: Queryable): Fetcher {
  const configs = createIvrConfigsRepository(db);
  const voiceFiles = createVoiceFilesRepository(db);
  const allowHosts: string[] = [];
  const http = createHttpFetcher({ allowHosts });
  const answer = (contentType: string, body: Uint8Array): Result<FetchResponse, AppError> =>
    ok({ status: 200, contentType, body });
  const notFound = (url: string) => err(fetchError(VxmlErrorCode.FetchFailed, `HTTP 404 from ${url}`, { url, status: 404 }));
  return {
    async fetch(req) {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        return err(fetchError(VxmlErrorCode.FetchFailed, `bad URL ${req.url}`, { url: req.url }));
      }
      if (url.origin !== IVR_ORIGIN) return http.fetch(req);
      const doc = /^\/ivr\/([0-9]{1,16})\.vxml$/.exec(url.pathname);
      if (doc) {
        const vxml = await configs.vxmlByNumber(doc[1] as string);
        if (vxml === undefined) return notFound(req.url);
        for (const h of documentHosts(vxml)) if (!allowHosts.includes(h)) allowHosts.push(h);
        return answer('application/voicexml+xml', new TextEncoder().encode(vxml));
      }
      const voice = /^\/api\/v1\/voice-files\/([0-9a-f-]{36})\/audio$/i.exec(url.pathname);
      if (voice) {
        const bytes = await voiceFiles.audio(voice[1] as string);
        return bytes ? answer('audio/wav', bytes) : notFound(req.url);
      }
      return err(fetchError(VxmlErrorCode.FetchDenied, `${url.pathname} is not served to IVR documents`, { url: req.url }));
    },
  };
}

/** Remembers synthesized prompts (menus repeat the same text on every call). */
function memoTts(tts: TtsProvider, max = 200): TtsProvider {
  const memo = new Map<string, ReturnType<TtsProvider['synthesize']>>();
  return {
    id: tts.id,
    synthesize(req) {
      const key = `${req.voice ?? ''}\u0000${req.text}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const p = tts.synthesize(req).then((r) => {
        if (!r.ok) memo.delete(key);
        return r;
      });
      memo.set(key, p);
      if (memo.size > max) memo.delete(memo.keys().next().value as string);
      return p;
    },
  };
}

/**
 * IVR on calls (issue 8 §2): an access number whose target is an IVR runs its VoiceXML on the caller's
 * channel (`SwitchIvrChannel` from @rexian/cti); transfers go to voicemail, another IVR, the dial plan's
 * extensions and trunks, or (once wired) a queue. Every interpreter step goes to the log.
 */
export function createIvrApp(d: IvrAppDeps): IvrApp {
  const configs = configReader(d.db);
  const tts = memoTts(d.tts);

  const numberRoute = async (channel: ChannelSnapshot, number: string): Promise<IvrRouteResult> => {
    if (await d.isExtension(number)) return { kind: 'accepted', run: () => d.connectToExtension(channel, number) };
    const out = d.outbound?.(await d.dialplan(), number);
    if (out && 'run' in out) return { kind: 'accepted', run: () => out.run(channel) };
    return { kind: 'noroute', reason: `no extension or outbound route for ${number}` };
  };

  const run = async (channel: ChannelSnapshot, ivrNumber: string, accessNumber: string, hops: number): Promise<void> => {
    const sw = d.sw();
    const log = d.log.child({ callId: channel.callId, ivrNumber });
    const fetcher = createIvrFetcher(d.db);
    const routes: IvrRoutes = {
      async route(dest: IvrDestination, caller) {
        if (dest.kind === 'voicemail') {
          const vm = d.voicemail;
          if (!vm) return { kind: 'noroute', reason: 'voicemail is off' };
          return { kind: 'accepted', run: () => vm.leave(caller, { mailbox: dest.target, accessNumber }) };
        }
        if (dest.kind === 'ivr') {
          if (hops + 1 >= MAX_IVR_HOPS) return { kind: 'noroute', reason: `more than ${MAX_IVR_HOPS} IVRs in one call` };
          if (!(await configs.byNumber(dest.target))) return { kind: 'noroute', reason: `no IVR numbered ${dest.target}` };
          return { kind: 'accepted', run: () => run(caller, dest.target, accessNumber, hops + 1) };
        }
        if (dest.kind === 'queue') {
          if (d.queue) return d.queue(caller, dest.target);
          log.warn({ queue: dest.target }, 'IVR transfer to a queue: queues are not wired to calls yet (noroute)');
          return { kind: 'noroute', reason: 'queues are not wired to calls yet' };
        }
        return numberRoute(caller, dest.target);
      },
      async dialTarget(number) {
        if (await d.isExtension(number)) return { destination: number };
        // A number outside: the first usable trunk of its outbound route (no failover for bridged transfers).
        const plan = await d.dialplan();
        try {
          const match = selectOutboundRoute(plan.routes, number);
          const [trunk] = trunkCandidates({ route: match.route, trunks: plan.trunks, activeChannels: activeChannelsByTrunk(sw) });
          return trunk ? { destination: match.dialString, trunkId: trunk.id, callerId: accessNumber } : undefined;
        } catch {
          return undefined;
        }
      },
    };
    const ch = new SwitchIvrChannel({
      controller: sw.controller,
      bus: sw.bus,
      model: sw.model,
      clock: sw.clock,
      channelId: channel.id,
      call: { callId: channel.callId, caller: channel.caller, called: channel.callee, accessNumber, protocol: 'sip' },
      fetcher,
      tts,
      prompts: d.prompts,
      routes,
      recordingPath: () =>
        join(d.root, 'ivr', recordingPath({ callId: newId(), startedAt: sw.clock.now(), format: 'wav', timeZone: d.timeZone })),
      logger: d.log,
    });
    const runner = createIvrRunner({
      configs,
      fetcher,
      clock: sw.clock,
      documentUrl: (c) => `${IVR_ORIGIN}/ivr/${c.number}.vxml`,
      logger: d.log,
      // Every interpreter step is a row of the event log (`cti_events`, type `ivr.step`) when the server gives one.
      onStep: (callId, number, step) => {
        if (d.onStep) d.onStep(callId, number, step);
        else log.debug({ callId, ivrNumber: number, step }, 'ivr step');
      },
    });
    const outcome = await runIvrCall({ channel: ch, runner, ivrNumber, logger: d.log });
    log.info({ outcome: outcome.kind === 'failed' ? 'failed' : outcome }, 'ivr call finished');
  };

  return {
    async runTarget(channel, ivrId, accessNumber) {
      const r = UUID.test(ivrId)
        ? (await d.db.query<{ number: string }>('SELECT number FROM ivr_configs WHERE id = $1', [ivrId])).rows[0]
        : { number: ivrId };
      if (!r) {
        d.log.warn(
          { callId: channel.callId, ivrId, accessNumber },
          'access number targets an IVR configuration that no longer exists',
        );
        await d
          .sw()
          .controller.hangup(channel.id, 'unallocated-number')
          .catch(() => {});
        return;
      }
      await run(channel, r.number, accessNumber, 0);
    },
    runNumber: (channel, ivrNumber, accessNumber, hops = 0) => run(channel, ivrNumber, accessNumber, hops),
  };
}
