import type { IvrConfigDto } from '@rexian/contracts';
import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import { parseVxml, runScripted } from '@rexian/vxml';
import type { Actor } from '../../http/actor.ts';
import { isUniqueViolation } from '../../http/db-errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { ivrProjectErrors } from '../ivr-projects/ivr-projects.errors.ts';
import type { IvrProjectsRepository } from '../ivr-projects/ivr-projects.repository.ts';
import type { TryInput } from '../ivr-projects/ivr-try.ts';
import { tryCall, tryFetch, tryLimits, tryResultOf } from '../ivr-projects/ivr-try.ts';
import { ivrConfigErrors as errors } from './ivr-configs.errors.ts';
import type { IvrConfigFields, IvrConfigsRepository } from './ivr-configs.repository.ts';

type Source = { kind: 'uploaded'; fileName: string; vxml: string } | { kind: 'built'; projectId: string };
type Input = { number: string; name: string; notes: string; source: Source };

/**
 * IVR configurations (§4.6.8): an IVR number bound to a VoiceXML document, either uploaded by an
 * operator (checked with the interpreter's parser, every problem with line and column) or built from a
 * designer project (its last build is copied here and refreshed by each rebuild).
 */
export function createIvrConfigsService(d: {
  db: Database;
  repo: IvrConfigsRepository;
  projects: IvrProjectsRepository;
  audit: AuditService;
}) {
  async function visible(id: string): Promise<IvrConfigDto> {
    const c = await d.repo.findById(id);
    if (!c) throw errors.notFound();
    return c;
  }
  async function fieldsOf(input: Input): Promise<IvrConfigFields> {
    const { source, ...rest } = input;
    if (source.kind === 'uploaded') {
      const parsed = parseVxml(source.vxml);
      if (!parsed.ok) throw errors.invalidVxml(parsed.error);
      return { ...rest, source: { kind: 'uploaded', fileName: source.fileName }, vxml: source.vxml };
    }
    const project = await d.projects.findById(source.projectId);
    if (!project) throw ivrProjectErrors.referenceNotFound();
    if (project.builtVxml === null) throw ivrProjectErrors.notBuilt();
    return { ...rest, source, vxml: project.builtVxml };
  }
  async function save(f: IvrConfigFields, fn: () => Promise<unknown>) {
    try {
      await fn();
    } catch (e) {
      if (isUniqueViolation(e, 'ivr_configs_number_uq')) throw errors.numberTaken(f.number);
      if (isUniqueViolation(e, 'ivr_configs_project_uq')) {
        const other = (await d.repo.list(undefined)).find((c) => f.source.kind === 'built' && c.projectId === f.source.projectId);
        throw errors.projectTaken(other?.number ?? '');
      }
      throw e;
    }
  }
  const details = (f: IvrConfigFields) => ({
    number: f.number,
    name: f.name,
    source: f.source.kind,
    vxmlBytes: Buffer.byteLength(f.vxml),
  });

  return {
    list: (q: string | undefined) => d.repo.list(q),
    get: visible,
    async vxml(id: string): Promise<{ config: IvrConfigDto; vxml: string }> {
      const config = await visible(id);
      return { config, vxml: (await d.repo.vxml(id)) ?? '' };
    },
    /** The document an IVR number runs, for the call runtime (CTI wiring). */
    vxmlByNumber: (number: string) => d.repo.vxmlByNumber(number),

    async create(actor: Actor, ip: string, input: Input): Promise<IvrConfigDto> {
      const f = await fieldsOf(input);
      const id = newId();
      await save(f, () => d.db.transaction((tx) => d.repo.insert(tx, id, f)));
      await d.audit.change(actor, ip, 'ivr-config.create', { type: 'ivr-config', id }, details(f));
      return visible(id);
    },

    async update(actor: Actor, ip: string, id: string, patch: Partial<Input>): Promise<IvrConfigDto> {
      const current = await visible(id);
      let f: IvrConfigFields;
      const base = {
        number: patch.number ?? current.number,
        name: patch.name ?? current.name,
        notes: patch.notes ?? current.notes,
      };
      if (patch.source) f = await fieldsOf({ ...base, source: patch.source });
      else {
        const source =
          current.projectId !== null
            ? { kind: 'built' as const, projectId: current.projectId }
            : { kind: 'uploaded' as const, fileName: current.fileName };
        f = { ...base, source, vxml: (await d.repo.vxml(id)) ?? '' };
      }
      await save(f, () => d.db.transaction((tx) => d.repo.update(tx, id, f)));
      await d.audit.change(
        actor,
        ip,
        'ivr-config.update',
        { type: 'ivr-config', id },
        { ...details(f), changed: Object.keys(patch) },
      );
      return visible(id);
    },

    async remove(actor: Actor, ip: string, id: string) {
      const current = await visible(id);
      await d.repo.delete(id);
      await d.audit.change(
        actor,
        ip,
        'ivr-config.delete',
        { type: 'ivr-config', id },
        { number: current.number, name: current.name },
      );
    },

    /** Runs the stored document against typed digits on a virtual clock; no network, no audio. */
    async try(id: string, input: TryInput) {
      const { config, vxml } = await this.vxml(id);
      const run = await runScripted({
        document: { uri: `http://ivr.local/ivr/${config.number}.vxml`, text: vxml },
        script: { dtmf: input.dtmf, call: tryCall(input) },
        fetch: tryFetch(input),
        fetchAudio: false,
        limits: tryLimits,
      });
      return tryResultOf(run);
    },
  };
}
export type IvrConfigsService = ReturnType<typeof createIvrConfigsService>;
