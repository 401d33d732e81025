import assert from 'node:assert/strict';

/** Test support: the value, asserting it is there (instead of a non-null assertion). */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  assert.ok(value !== undefined && value !== null, `${what} is missing`);
  return value;
}
