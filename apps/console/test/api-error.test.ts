import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, parseErrorBody } from '../src/api/api-error.ts';
import { buildUrl } from '../src/api/http-client.ts';

test('reads the API error body: code, localized message, details, request id', () => {
  const body = JSON.stringify({
    error: {
      code: 'DEPARTMENT_HAS_EMPLOYEES',
      message: '该部门下还有 2 名员工，不能删除',
      details: { count: 2 },
      requestId: 'r1',
    },
  });
  const error = parseErrorBody(409, body);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 409);
  assert.equal(error.code, 'DEPARTMENT_HAS_EMPLOYEES');
  assert.equal(error.message, '该部门下还有 2 名员工，不能删除');
  assert.deepEqual(error.details, { count: 2 });
  assert.equal(error.requestId, 'r1');
});

test('a body that is not the API shape still gives a usable error', () => {
  for (const text of ['<html>Bad gateway</html>', '', 'null', '{"error":"x"}', '{"error":{"code":5}}']) {
    const error = parseErrorBody(502, text);
    assert.equal(error.status, 502);
    assert.equal(error.code, 'HTTP_502');
    assert.equal(error.message.length > 0, true);
  }
});

test('a missing message falls back to the code', () => {
  const error = parseErrorBody(403, JSON.stringify({ error: { code: 'FORBIDDEN_SCOPE' } }));
  assert.equal(error.message, 'FORBIDDEN_SCOPE');
});

test('buildUrl prefixes /api/v1 and drops empty filters', () => {
  assert.equal(
    buildUrl('/employees', { page: 2, pageSize: 20, q: '', departmentId: undefined }),
    '/api/v1/employees?page=2&pageSize=20',
  );
  assert.equal(buildUrl('/users', { q: '张 三' }), '/api/v1/users?q=%E5%BC%A0+%E4%B8%89');
  assert.equal(buildUrl('/roles'), '/api/v1/roles');
});
