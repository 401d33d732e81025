import type { IvrIssue, IvrNodeDto, IvrProjectDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  name: string;
  timeout_queue: string;
  variables: string[];
  root: IvrNodeDto;
  issues: IvrIssue[];
  built_vxml: string | null;
  built_at: Date | null;
  updated_at: Date;
  config_id: string | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

const toDto = (r: Row): IvrProjectDto => ({
  id: r.id,
  name: r.name,
  timeoutQueue: r.timeout_queue,
  variables: r.variables,
  root: r.root,
  issues: r.issues,
  builtVxml: r.built_vxml,
  builtAt: iso(r.built_at),
  configId: r.config_id,
  updatedAt: iso(r.updated_at) as string,
});

const SELECT = `SELECT p.*, c.id AS config_id FROM ivr_projects p LEFT JOIN ivr_configs c ON c.project_id = p.id`;

export type IvrProjectFields = {
  name: string;
  timeoutQueue: string;
  variables: string[];
  root: IvrNodeDto;
  issues: IvrIssue[];
  voiceFileIds: string[];
};

export function createIvrProjectsRepository(db: Queryable) {
  async function setVoiceFiles(tx: Queryable, id: string, ids: string[]) {
    await tx.query('DELETE FROM ivr_project_voice_files WHERE project_id = $1', [id]);
    if (ids.length > 0)
      await tx.query('INSERT INTO ivr_project_voice_files (project_id, voice_file_id) SELECT $1, unnest($2::uuid[])', [id, ids]);
  }
  return {
    async list(q: string | undefined): Promise<IvrProjectDto[]> {
      const params = q ? [`%${q}%`] : [];
      const rows = await db.query<Row>(`${SELECT} ${q ? 'WHERE p.name ILIKE $1' : ''} ORDER BY lower(p.name)`, params);
      return rows.rows.map(toDto);
    },
    async findById(id: string, tx: Queryable = db): Promise<IvrProjectDto | undefined> {
      const r = (await tx.query<Row>(`${SELECT} WHERE p.id = $1`, [id])).rows[0];
      return r ? toDto(r) : undefined;
    },
    async insert(tx: Queryable, id: string, f: IvrProjectFields) {
      await tx.query(
        `INSERT INTO ivr_projects (id, name, timeout_queue, variables, root, issues) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, f.name, f.timeoutQueue, f.variables, JSON.stringify(f.root), JSON.stringify(f.issues)],
      );
      await setVoiceFiles(tx, id, f.voiceFileIds);
    },
    async update(tx: Queryable, id: string, f: IvrProjectFields) {
      await tx.query(
        `UPDATE ivr_projects SET name = $2, timeout_queue = $3, variables = $4, root = $5, issues = $6, updated_at = now()
          WHERE id = $1`,
        [id, f.name, f.timeoutQueue, f.variables, JSON.stringify(f.root), JSON.stringify(f.issues)],
      );
      await setVoiceFiles(tx, id, f.voiceFileIds);
    },
    async setIssues(id: string, issues: IvrIssue[]) {
      await db.query('UPDATE ivr_projects SET issues = $2 WHERE id = $1', [id, JSON.stringify(issues)]);
    },
    async setBuilt(tx: Queryable, id: string, vxml: string) {
      await tx.query(`UPDATE ivr_projects SET built_vxml = $2, built_at = now(), issues = '[]' WHERE id = $1`, [id, vxml]);
    },
    /** IVR numbers whose configuration is built from this project. */
    async configNumbers(id: string): Promise<string[]> {
      const r = await db.query<{ number: string }>('SELECT number FROM ivr_configs WHERE project_id = $1 ORDER BY number', [id]);
      return r.rows.map((x) => x.number);
    },
    async delete(id: string) {
      await db.query('DELETE FROM ivr_projects WHERE id = $1', [id]);
    },
  };
}
export type IvrProjectsRepository = ReturnType<typeof createIvrProjectsRepository>;
