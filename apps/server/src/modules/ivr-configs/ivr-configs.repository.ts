import type { IvrConfigDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  number: string;
  name: string;
  source: 'uploaded' | 'built';
  file_name: string | null;
  project_id: string | null;
  project_name: string | null;
  notes: string;
  vxml_bytes: number;
  updated_at: Date;
};

const SELECT = `SELECT c.id, c.number, c.name, c.source, c.file_name, c.project_id, p.name AS project_name, c.notes,
    octet_length(c.vxml) AS vxml_bytes, c.updated_at
  FROM ivr_configs c LEFT JOIN ivr_projects p ON p.id = c.project_id`;

const toDto = (r: Row): IvrConfigDto => ({
  id: r.id,
  number: r.number,
  name: r.name,
  source: r.source,
  fileName: r.file_name ?? `${r.project_name ?? r.project_id}.vxml`,
  projectId: r.project_id,
  notes: r.notes,
  vxmlBytes: Number(r.vxml_bytes),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export type IvrConfigFields = {
  number: string;
  name: string;
  notes: string;
  source: { kind: 'uploaded'; fileName: string } | { kind: 'built'; projectId: string };
  vxml: string;
};

const sourceParams = (f: IvrConfigFields) =>
  f.source.kind === 'uploaded' ? ['uploaded', f.source.fileName, null] : ['built', null, f.source.projectId];

export function createIvrConfigsRepository(db: Queryable) {
  return {
    async list(q: string | undefined): Promise<IvrConfigDto[]> {
      const params = q ? [`%${q}%`] : [];
      const where = q ? 'WHERE c.number LIKE $1 OR c.name ILIKE $1 OR c.file_name ILIKE $1 OR p.name ILIKE $1' : '';
      return (await db.query<Row>(`${SELECT} ${where} ORDER BY c.number`, params)).rows.map(toDto);
    },
    async findById(id: string, tx: Queryable = db): Promise<IvrConfigDto | undefined> {
      const r = (await tx.query<Row>(`${SELECT} WHERE c.id = $1`, [id])).rows[0];
      return r ? toDto(r) : undefined;
    },
    async findByProject(tx: Queryable, projectId: string): Promise<IvrConfigDto | undefined> {
      const r = (await tx.query<Row>(`${SELECT} WHERE c.project_id = $1`, [projectId])).rows[0];
      return r ? toDto(r) : undefined;
    },
    async vxml(id: string): Promise<string | undefined> {
      return (await db.query<{ vxml: string }>('SELECT vxml FROM ivr_configs WHERE id = $1', [id])).rows[0]?.vxml;
    },
    /** The document an IVR number runs (for the call runtime). */
    async vxmlByNumber(number: string): Promise<string | undefined> {
      return (await db.query<{ vxml: string }>('SELECT vxml FROM ivr_configs WHERE number = $1', [number])).rows[0]?.vxml;
    },
    async insert(tx: Queryable, id: string, f: IvrConfigFields) {
      await tx.query(
        `INSERT INTO ivr_configs (id, number, name, notes, source, file_name, project_id, vxml)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, f.number, f.name, f.notes, ...sourceParams(f), f.vxml],
      );
    },
    async update(tx: Queryable, id: string, f: IvrConfigFields) {
      await tx.query(
        `UPDATE ivr_configs SET number = $2, name = $3, notes = $4, source = $5, file_name = $6, project_id = $7, vxml = $8,
            updated_at = now() WHERE id = $1`,
        [id, f.number, f.name, f.notes, ...sourceParams(f), f.vxml],
      );
    },
    /** A rebuild replaces the document of the configuration built from the project. */
    async setVxml(tx: Queryable, id: string, vxml: string) {
      await tx.query('UPDATE ivr_configs SET vxml = $2, updated_at = now() WHERE id = $1', [id, vxml]);
    },
    async delete(id: string) {
      await db.query('DELETE FROM ivr_configs WHERE id = $1', [id]);
    },
  };
}
export type IvrConfigsRepository = ReturnType<typeof createIvrConfigsRepository>;
