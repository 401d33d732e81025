import type { VoiceFileDto } from '@rexian/contracts';
import type { Queryable } from '@rexian/db';

type Row = {
  id: string;
  name: string;
  original_file_name: string;
  format: 'wav' | 'mp3';
  duration_ms: number;
  sample_rate: number;
  size_bytes: number;
  uploaded_bytes: number;
  created_at: Date;
};

const SELECT = `SELECT id, name, original_file_name, format, duration_ms, sample_rate, octet_length(audio) AS size_bytes,
    uploaded_bytes, created_at FROM voice_files`;

const toDto = (r: Row): VoiceFileDto => ({
  id: r.id,
  name: r.name,
  originalFileName: r.original_file_name,
  format: r.format,
  durationMs: r.duration_ms,
  sampleRate: r.sample_rate,
  sizeBytes: Number(r.size_bytes),
  uploadedBytes: r.uploaded_bytes,
  createdAt: new Date(r.created_at).toISOString(),
});

export type VoiceFileFields = Omit<VoiceFileDto, 'id' | 'sizeBytes' | 'createdAt'> & { audio: Uint8Array };

/** The voice-file library; the converted audio lives in the row (bytea), read only by `audio()`. */
export function createVoiceFilesRepository(db: Queryable) {
  return {
    async list(q: string | undefined, page: { limit: number; offset: number }) {
      const params: unknown[] = [];
      let where = '';
      if (q) {
        params.push(`%${q}%`);
        where = 'WHERE name ILIKE $1 OR original_file_name ILIKE $1';
      }
      const total = await db.query<{ n: number }>(`SELECT count(*) AS n FROM voice_files ${where}`, params);
      params.push(page.limit, page.offset);
      const rows = await db.query<Row>(
        `${SELECT} ${where} ORDER BY lower(name) LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total: total.rows[0]?.n ?? 0, items: rows.rows.map(toDto) };
    },
    async findById(id: string): Promise<VoiceFileDto | undefined> {
      const r = (await db.query<Row>(`${SELECT} WHERE id = $1`, [id])).rows[0];
      return r ? toDto(r) : undefined;
    },
    async nameExists(name: string): Promise<boolean> {
      const r = await db.query('SELECT 1 FROM voice_files WHERE lower(name) = lower($1)', [name]);
      return r.rows.length > 0;
    },
    async audio(id: string): Promise<Uint8Array | undefined> {
      const r = (await db.query<{ audio: Uint8Array }>('SELECT audio FROM voice_files WHERE id = $1', [id])).rows[0];
      return r?.audio;
    },
    /** Which of `ids` exist. */
    async existing(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const r = await db.query<{ id: string }>('SELECT id FROM voice_files WHERE id = ANY($1::uuid[])', [ids]);
      return new Set(r.rows.map((x) => x.id));
    },
    async insert(id: string, f: VoiceFileFields) {
      await db.query(
        `INSERT INTO voice_files (id, name, original_file_name, format, duration_ms, sample_rate, uploaded_bytes, audio)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, f.name, f.originalFileName, f.format, f.durationMs, f.sampleRate, f.uploadedBytes, f.audio],
      );
    },
    /** Names of the IVR projects whose tree plays this voice file. */
    async usedBy(id: string): Promise<string[]> {
      const r = await db.query<{ name: string }>(
        `SELECT p.name FROM ivr_project_voice_files u JOIN ivr_projects p ON p.id = u.project_id
          WHERE u.voice_file_id = $1 ORDER BY p.name`,
        [id],
      );
      return r.rows.map((x) => x.name);
    },
    async delete(id: string) {
      await db.query('DELETE FROM voice_files WHERE id = $1', [id]);
    },
  };
}
export type VoiceFilesRepository = ReturnType<typeof createVoiceFilesRepository>;
