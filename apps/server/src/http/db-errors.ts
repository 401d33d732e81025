/** Recognises a unique-constraint violation (SQLSTATE 23505) on both PGlite and node-postgres. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/** Recognises a foreign-key violation (SQLSTATE 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23503';
}

import { AppError } from '@rexian/kernel';

/** A write that names a record which does not exist (a foreign key): a clear 400, nothing written. */
export function missingReference(error: unknown): AppError {
  const constraint = (error as { constraint?: string }).constraint ?? 'reference';
  const summary = `a referenced record does not exist (${constraint})`;
  return new AppError('VALIDATION_FAILED', summary, { category: 'invalid', details: { summary, constraint } });
}
