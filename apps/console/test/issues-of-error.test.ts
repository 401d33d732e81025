import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, parseErrorBody } from '../src/api/api-error.ts';
import { issuesOfError } from '../src/features/ivr/projects/issues-of-error.ts';

const body = (code: string, details: unknown) => JSON.stringify({ error: { code, message: 'm', details } });

test('a refused build hands its issues to the tree editor', () => {
  const issues = [{ nodeId: 'n2', field: 'queue', message: '请选择队列' }];
  assert.deepEqual(issuesOfError(parseErrorBody(400, body('IVR_PROJECT_INVALID', { count: 1, issues }))), issues);
});

test('malformed issues are dropped; other errors carry none', () => {
  const mixed = [{ nodeId: 'n1', field: 'name', message: 'x' }, { nodeId: 5 }, null, 'text'];
  assert.deepEqual(issuesOfError(parseErrorBody(400, body('IVR_PROJECT_INVALID', { issues: mixed }))), [
    { nodeId: 'n1', field: 'name', message: 'x' },
  ]);
  assert.equal(issuesOfError(parseErrorBody(400, body('IVR_PROJECT_INVALID', { issues: 'many' }))), null);
  assert.equal(issuesOfError(parseErrorBody(400, body('VALIDATION_FAILED', { issues: [] }))), null);
  assert.equal(issuesOfError(new ApiError({ status: 0, code: 'NETWORK', message: 'down' })), null);
  assert.equal(issuesOfError(new Error('IVR_PROJECT_INVALID')), null);
});
