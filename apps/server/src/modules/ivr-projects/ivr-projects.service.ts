import type { IvrConfigDto, IvrNodeDto, IvrProjectDto } from '@rexian/contracts';
import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import type { IvrProject } from '@rexian/vxml';
import { compileProject, tryProject, validateProject } from '@rexian/vxml';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ivrConfigErrors } from '../ivr-configs/ivr-configs.errors.ts';
import type { IvrConfigsRepository } from '../ivr-configs/ivr-configs.repository.ts';
import type { VoiceFilesRepository } from '../voice-files/voice-files.repository.ts';
import { voiceFileUrl } from '../voice-files/voice-files.service.ts';
import { ivrProjectErrors as errors } from './ivr-projects.errors.ts';
import type { IvrProjectFields, IvrProjectsRepository } from './ivr-projects.repository.ts';
import { voiceFileIdsOf } from './ivr-tree.ts';
import type { TryInput } from './ivr-try.ts';
import { tryCall, tryFetch, tryResultOf } from './ivr-try.ts';

type Input = { name: string; timeoutQueue: string; variables: string[]; root: IvrNodeDto };

/** The designer's tree as the vxml package's model (the contract mirrors it; this line checks they agree). */
const modelOf = (id: string, p: Input): IvrProject => ({ id, ...p });

/**
 * IVR designer projects (§4.6.7). A save keeps any tree (the editor saves drafts) but refuses unknown
 * voice files; it records the tree's problems per node. "构建 VXML" validates, compiles, stores the
 * document and registers (or refreshes) the IVR configuration (§4.6.8) that runs it.
 */
export function createIvrProjectsService(d: {
  db: Database;
  repo: IvrProjectsRepository;
  configs: IvrConfigsRepository;
  voiceFiles: VoiceFilesRepository;
  audit: AuditService;
}) {
  async function visible(id: string): Promise<IvrProjectDto> {
    const p = await d.repo.findById(id);
    if (!p) throw errors.notFound();
    return p;
  }
  /** Voice files the tree plays, refused when any is missing; id → URL for the compiler. */
  async function voiceMap(root: IvrNodeDto): Promise<Map<string, string>> {
    const ids = voiceFileIdsOf(root);
    const found = await d.voiceFiles.existing(ids);
    const missing = ids.filter((x) => !found.has(x));
    if (missing.length > 0) throw errors.unknownVoiceFiles(missing);
    return new Map(ids.map((x) => [x, voiceFileUrl(x)]));
  }
  async function fieldsOf(id: string, p: Input): Promise<IvrProjectFields> {
    const voices = await voiceMap(p.root);
    const issues = validateProject(modelOf(id, p), { voiceFileIds: new Set(voices.keys()) });
    return { ...p, issues, voiceFileIds: [...voices.keys()] };
  }
  async function save(name: string, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'ivr_projects_name_uq')) throw errors.nameTaken(name);
      throw e;
    }
  }
  const inputOf = (p: IvrProjectDto): Input => ({
    name: p.name,
    timeoutQueue: p.timeoutQueue,
    variables: p.variables,
    root: p.root,
  });

  return {
    list: (q: string | undefined) => d.repo.list(q),
    get: visible,

    async create(actor: Actor, ip: string, input: Input): Promise<IvrProjectDto> {
      const id = newId();
      const f = await fieldsOf(id, input);
      await save(f.name, () => d.db.transaction((tx) => d.repo.insert(tx, id, f)));
      await d.audit.change(actor, ip, 'ivr-project.create', { type: 'ivr-project', id }, { name: f.name });
      return visible(id);
    },

    async update(actor: Actor, ip: string, id: string, patch: Partial<Input>): Promise<IvrProjectDto> {
      const current = await visible(id);
      const next = { ...inputOf(current) };
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
      const f = await fieldsOf(id, next);
      await save(f.name, () => d.db.transaction((tx) => d.repo.update(tx, id, f)));
      await d.audit.change(
        actor,
        ip,
        'ivr-project.update',
        { type: 'ivr-project', id },
        { name: f.name, changed: Object.keys(patch) },
      );
      return visible(id);
    },

    async remove(actor: Actor, ip: string, id: string) {
      const current = await visible(id);
      const numbers = await d.repo.configNumbers(id);
      if (numbers.length > 0) throw errors.inUse(numbers);
      await d.repo.delete(id);
      await d.audit.change(actor, ip, 'ivr-project.delete', { type: 'ivr-project', id }, { name: current.name });
    },

    /** "构建 VXML". The first build registers the IVR configuration when an IVR number is given. */
    async build(
      actor: Actor,
      ip: string,
      id: string,
      req: { number?: string | undefined; name?: string | undefined },
    ): Promise<{ project: IvrProjectDto; config: IvrConfigDto | null }> {
      const current = await visible(id);
      const compiled = compileProject(modelOf(id, inputOf(current)), { voiceFiles: await voiceMap(current.root) });
      if (!compiled.ok) {
        await d.repo.setIssues(id, compiled.error);
        throw errors.invalid(compiled.error);
      }
      const vxml = compiled.value;
      let configId: string | null = null;
      const number = req.number;
      try {
        configId = await d.db.transaction(async (tx) => {
          await d.repo.setBuilt(tx, id, vxml);
          const existing = await d.configs.findByProject(tx, id);
          if (existing) {
            const f = { number: number ?? existing.number, name: req.name ?? existing.name, notes: existing.notes };
            await d.configs.update(tx, existing.id, { ...f, source: { kind: 'built', projectId: id }, vxml });
            return existing.id;
          }
          if (number === undefined) return null;
          const cid = newId();
          const f = { number, name: req.name ?? current.name, notes: '' };
          await d.configs.insert(tx, cid, { ...f, source: { kind: 'built', projectId: id }, vxml });
          return cid;
        });
      } catch (e) {
        if (number !== undefined && isUniqueViolation(e, 'ivr_configs_number_uq')) throw ivrConfigErrors.numberTaken(number);
        throw e;
      }
      await d.audit.change(
        actor,
        ip,
        'ivr-project.build',
        { type: 'ivr-project', id },
        { name: current.name, vxmlBytes: Buffer.byteLength(vxml), configId, number: number ?? null },
      );
      const config = configId ? ((await d.configs.findById(configId)) ?? null) : null;
      return { project: await visible(id), config };
    },

    /** The "try it" panel: the saved tree, built in memory and run against typed digits on a virtual clock. */
    async try(id: string, input: TryInput) {
      const current = await visible(id);
      const run = await tryProject(modelOf(id, inputOf(current)), {
        voiceFiles: await voiceMap(current.root),
        dtmf: input.dtmf,
        fetch: tryFetch(input),
        call: tryCall(input),
      });
      if (!run.ok) throw errors.invalid(run.error);
      return tryResultOf(run.value);
    },
  };
}
export type IvrProjectsService = ReturnType<typeof createIvrProjectsService>;
