import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '@rexian/kernel';
import { checkConsolePassword, hashPassword, verifyPassword } from './passwords.ts';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

describe('console passwords', () => {
  it('hash with argon2id and verify; a wrong or malformed hash never verifies', async () => {
    const h = await hashPassword('Correct-Horse-9');
    assert.match(h, /^\$argon2id\$/);
    assert.equal(await verifyPassword(h, 'Correct-Horse-9'), true);
    assert.equal(await verifyPassword(h, 'correct-horse-9'), false);
    assert.equal(await verifyPassword('not-a-hash', 'x'), false);
    assert.notEqual(await hashPassword('Correct-Horse-9'), h, 'salted');
  });
  it('apply the console policy', () => {
    assert.equal(
      codeOf(() => checkConsolePassword('Sh0rt', 'bob')),
      'PASSWORD_TOO_SHORT',
    );
    assert.equal(
      codeOf(() => checkConsolePassword('Password1', 'bob')),
      'PASSWORD_TOO_COMMON',
    );
    assert.equal(
      codeOf(() => checkConsolePassword('5201314', 'bob')),
      'PASSWORD_TOO_SHORT',
    );
    assert.equal(
      codeOf(() => checkConsolePassword('woaini1314', 'bob')),
      'PASSWORD_TOO_COMMON',
    );
    assert.equal(
      codeOf(() => checkConsolePassword('alice-2026-x', 'Alice')),
      'PASSWORD_CONTAINS_USERNAME',
    );
    assert.equal(
      codeOf(() => checkConsolePassword('长城-万里-2026', 'bob')),
      null,
    );
    assert.equal(
      codeOf(() => checkConsolePassword('Tr0ub4dor&3', 'bob')),
      null,
    );
  });
});
