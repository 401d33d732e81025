import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Config } from '@rexian/config';
import { AppError } from '@rexian/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseByteRange } from '../voice-files/byte-range.ts';

/**
 * Recordings and voicemail live as files under the data folder (REXIAN_DATA_DIR, also with PostgreSQL);
 * the database keeps their paths. An in-memory installation has no folder and so no files.
 */
export function mediaRootOf(config: Config): string | null {
  return config.database.dataDir === ':memory:' ? null : resolve(config.database.dataDir);
}

export const outsideDataDir = () =>
  new AppError('MEDIA_FILE_OUTSIDE_DATA_DIR', 'file path outside the data folder', { category: 'forbidden' });

/** True when `path` (relative to `root`, or absolute) names something strictly inside `root`. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, isAbsolute(path) ? resolve(path) : resolve(root, path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export type MediaFile = { path: string; size: number };

/**
 * Finds a stored media file. A path that leaves the data folder — by `..`, by being absolute elsewhere,
 * or through a symbolic link — is refused (a forbidden error), never opened; a missing file is `null`.
 */
export async function findMediaFile(root: string | null, file: string): Promise<MediaFile | null> {
  if (root === null) return null;
  if (!isInside(root, file)) throw outsideDataDir();
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(isAbsolute(file) ? file : resolve(root, file));
  } catch {
    return null;
  }
  if (!isInside(realRoot, real)) throw outsideDataDir();
  const s = await stat(real).catch(() => null);
  return s?.isFile() ? { path: real, size: s.size } : null;
}

const contentTypes: Record<string, string> = { '.wav': 'audio/wav', '.mp3': 'audio/mpeg' };

/**
 * Streams a media file with one HTTP byte range (RFC 9110 §14), so an `<audio>` element can seek in a
 * long recording without downloading it all.
 */
export function sendMediaFile(req: FastifyRequest, reply: FastifyReply, file: MediaFile, downloadName: string) {
  const type = contentTypes[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
  reply
    .header('content-type', type)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `inline; filename="${downloadName.replace(/[^\w.-]/g, '_')}${extname(file.path)}"`);
  const range = parseByteRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${file.size}`).send();
  if (!range) return reply.header('content-length', file.size).send(createReadStream(file.path));
  return reply
    .status(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(file.path, { start: range.start, end: range.end }));
}
