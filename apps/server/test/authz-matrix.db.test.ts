/**
 * The authorization matrix: every role × every API endpoint, and every data scope × every scoped
 * endpoint. Allowed exactly where it should be, denied elsewhere — decided on the server.
 * A new endpoint without an entry in `samples` fails this test, so none can slip through unchecked.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { allPermissions, type DataScope, type Permission } from '@rexian/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { createCdrStore } from '../src/modules/cdrs/cdr.store.ts';
import { recordTestCalls } from '../src/modules/cdrs/cdr-test-calls.ts';
import { makeWav } from '../src/modules/voice-files/voice-test-audio.ts';
import { createVoicemailStore } from '../src/modules/voicemails/voicemail.store.ts';
import { createTestApp, json, type TestApp } from '../src/testing/test-app.ts';

type Sample = () => Promise<{ url: string; body?: unknown }>;
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const LOGOUT = 'POST /api/v1/auth/logout';
const codeOf = (r: LightMyRequestResponse): string | undefined =>
  String(r.headers['content-type']).startsWith('application/json')
    ? (r.json() as { error?: { code: string } }).error?.code
    : undefined;

describe('authorization matrix', () => {
  let t: TestApp;
  let admin: string;
  let deptId: string;
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}${n++}`;
  const create = async (url: string, body: unknown): Promise<string> => {
    const r = await t.request('POST', url, { cookie: admin, body });
    assert.equal(r.statusCode, 201, r.body);
    return json<{ id: string }>(r).id;
  };
  const freshEmployee = () => create('/api/v1/employees', { code: `M${uniq()}`, name: 'm', departmentId: deptId });
  const freshRole = () => create('/api/v1/roles', { name: `r${uniq()}`, permissions: [] });
  let agentNo = 500000;
  let queueNo = 600000;
  const freshGroup = () => create('/api/v1/agent-groups', { name: `g${uniq()}` });
  const freshAgent = () => create('/api/v1/agents', { number: String(agentNo++), name: 'a', password: 'agent5x9y2' });
  const freshQueue = () => create('/api/v1/queues', { name: `q${uniq()}`, number: String(queueNo++) });
  const freshVip = () => create('/api/v1/vip-numbers', { number: `139${agentNo++}` });
  const freshReason = () =>
    create('/api/v1/busy-reasons', { code: `r${uniq()}`.toLowerCase().replace(/[^a-z0-9-]/g, ''), name: 'r' });
  let extNo = 700000;
  const freshExtension = () => create('/api/v1/extensions', { number: String(extNo++) });
  const tinyWav = makeWav({ sampleRate: 8000, ms: 100 }).toString('base64');
  const voiceBody = () => ({ name: `v${uniq()}`, fileName: 'v.wav', contentBase64: tinyWav });
  const freshVoice = () => create('/api/v1/voice-files', voiceBody());
  // Reading needs no fresh file (each upload runs sox): one shared file for the GET samples.
  let sharedVoice: Promise<string> | undefined;
  const someVoice = () => {
    sharedVoice ??= freshVoice();
    return sharedVoice;
  };
  const projectBody = () => ({ name: `p${uniq()}`, timeoutQueue: 'q', root: { kind: 'hangup', id: 'h', name: 'h' } });
  const freshProject = () => create('/api/v1/ivr-projects', projectBody());
  let ivrNo = 800000;
  const vxml = '<vxml version="2.1"><form><block><exit/></block></form></vxml>';
  const configBody = () => ({ number: String(ivrNo++), name: 'i', source: { kind: 'uploaded', fileName: 'i.vxml', vxml } });
  const freshConfig = () => create('/api/v1/ivr-configs', configBody());
  const freshVoicemail = async () =>
    (
      await createVoicemailStore(t.db).create({
        callId: 'matrix',
        mailbox: '8000',
        caller: '13800138000',
        callee: '8000',
        file: `voicemail/${uniq()}.wav`,
        durationMs: 1000,
      })
    ).id;
  const serviceRecordBody = { customerNumber: '13800138000', serviceType: 'consultation', subject: 'matrix' };
  const freshServiceRecord = () => create('/api/v1/service-records', serviceRecordBody);
  const freshUser = () =>
    create('/api/v1/users', { username: `u${uniq()}`, password: 'Fresh-Pass-83', employeeId: null, roleId: null });

  let dialNo = 880000;
  const freshSchedule = () => create('/api/v1/schedules', { name: `s${uniq()}` });
  const freshAccessNumber = () => create('/api/v1/access-numbers', { number: String(dialNo++), callType: 'out' });
  const freshTrunk = () => create('/api/v1/trunks', { name: `t${uniq()}`, host: '192.0.2.1', authMode: 'ip' });
  const routeBody = async () => ({ name: `o${uniq()}`, rules: [{ kind: 'prefix', value: '0' }], trunkIds: [await freshTrunk()] });
  const freshRoute = async () => create('/api/v1/outbound-routes', await routeBody());

  const samples: Record<string, Sample> = {
    'POST /api/v1/auth/login': async () => ({ url: '/api/v1/auth/login', body: { username: 'nobody', password: 'x' } }),
    'POST /api/v1/auth/logout': async () => ({ url: '/api/v1/auth/logout' }),
    'GET /api/v1/auth/me': async () => ({ url: '/api/v1/auth/me' }),
    'POST /api/v1/auth/password': async () => ({
      url: '/api/v1/auth/password',
      body: { currentPassword: 'wrong', newPassword: 'Whatever-123' },
    }),
    'GET /api/v1/branding': async () => ({ url: '/api/v1/branding' }),
    'PUT /api/v1/settings/branding': async () => ({
      url: '/api/v1/settings/branding',
      body: { systemName: '测试', logoDataUrl: null },
    }),
    'GET /api/v1/settings/cti': async () => ({ url: '/api/v1/settings/cti' }),
    'PATCH /api/v1/settings/cti': async () => ({ url: '/api/v1/settings/cti', body: { forcedRating: true } }),
    'GET /api/v1/permissions': async () => ({ url: '/api/v1/permissions' }),
    'GET /api/v1/departments': async () => ({ url: '/api/v1/departments' }),
    'GET /api/v1/departments/export.xlsx': async () => ({ url: '/api/v1/departments/export.xlsx' }),
    'POST /api/v1/departments': async () => ({ url: '/api/v1/departments', body: { name: `d${uniq()}`, parentId: deptId } }),
    'PATCH /api/v1/departments/:id': async () => ({
      url: `/api/v1/departments/${await create('/api/v1/departments', { name: `p${uniq()}`, parentId: deptId })}`,
      body: { sortOrder: 3 },
    }),
    'DELETE /api/v1/departments/:id': async () => ({
      url: `/api/v1/departments/${await create('/api/v1/departments', { name: `x${uniq()}`, parentId: deptId })}`,
    }),
    'GET /api/v1/employees': async () => ({ url: '/api/v1/employees' }),
    'GET /api/v1/employees/export.xlsx': async () => ({ url: '/api/v1/employees/export.xlsx' }),
    'GET /api/v1/employees/:id': async () => ({ url: `/api/v1/employees/${await freshEmployee()}` }),
    'POST /api/v1/employees': async () => ({
      url: '/api/v1/employees',
      body: { code: `N${uniq()}`, name: 'n', departmentId: deptId },
    }),
    'PATCH /api/v1/employees/:id': async () => ({ url: `/api/v1/employees/${await freshEmployee()}`, body: { notes: 'x' } }),
    'DELETE /api/v1/employees/:id': async () => ({ url: `/api/v1/employees/${await freshEmployee()}` }),
    'POST /api/v1/employees/quick-add': async () => ({
      url: '/api/v1/employees/quick-add',
      body: {
        code: `Q${uniq()}`,
        name: 'q',
        departmentId: deptId,
        extensionNumber: String(extNo++),
        extensionPassword: 'ext7pw9x',
        agentNumber: String(agentNo++),
        agentPassword: 'agt5pw2y',
      },
    }),
    'GET /api/v1/employees/quick-import/template': async () => ({ url: '/api/v1/employees/quick-import/template' }),
    'POST /api/v1/employees/quick-import': async () => ({
      url: '/api/v1/employees/quick-import',
      body: { fileName: 'x.xlsx', contentBase64: Buffer.from('not a workbook').toString('base64') },
    }),
    'GET /api/v1/directory': async () => ({ url: '/api/v1/directory' }),
    'GET /api/v1/directory/export.xlsx': async () => ({ url: '/api/v1/directory/export.xlsx' }),
    'GET /api/v1/roles': async () => ({ url: '/api/v1/roles' }),
    'GET /api/v1/roles/export.xlsx': async () => ({ url: '/api/v1/roles/export.xlsx' }),
    'POST /api/v1/roles': async () => ({ url: '/api/v1/roles', body: { name: `nr${uniq()}`, permissions: [] } }),
    'PATCH /api/v1/roles/:id': async () => ({ url: `/api/v1/roles/${await freshRole()}`, body: { description: 'x' } }),
    'DELETE /api/v1/roles/:id': async () => ({ url: `/api/v1/roles/${await freshRole()}` }),
    'GET /api/v1/users': async () => ({ url: '/api/v1/users' }),
    'GET /api/v1/users/export.xlsx': async () => ({ url: '/api/v1/users/export.xlsx' }),
    'GET /api/v1/users/:id': async () => ({ url: `/api/v1/users/${await freshUser()}` }),
    'POST /api/v1/users': async () => ({ url: '/api/v1/users', body: { username: `nu${uniq()}`, password: 'Fresh-Pass-83' } }),
    'PATCH /api/v1/users/:id': async () => ({ url: `/api/v1/users/${await freshUser()}`, body: { locked: true } }),
    'DELETE /api/v1/users/:id': async () => ({ url: `/api/v1/users/${await freshUser()}` }),
    'GET /api/v1/agent-groups': async () => ({ url: '/api/v1/agent-groups' }),
    'POST /api/v1/agent-groups': async () => ({ url: '/api/v1/agent-groups', body: { name: `ng${uniq()}` } }),
    'PATCH /api/v1/agent-groups/:id': async () => ({
      url: `/api/v1/agent-groups/${await freshGroup()}`,
      body: { name: `rg${uniq()}` },
    }),
    'DELETE /api/v1/agent-groups/:id': async () => ({ url: `/api/v1/agent-groups/${await freshGroup()}` }),
    'GET /api/v1/agents': async () => ({ url: '/api/v1/agents' }),
    'GET /api/v1/agents/:id': async () => ({ url: `/api/v1/agents/${await freshAgent()}` }),
    'POST /api/v1/agents': async () => ({
      url: '/api/v1/agents',
      body: { number: String(agentNo++), name: 'n', password: 'agent5x9y2' },
    }),
    'POST /api/v1/agents/batch': async () => {
      const start = agentNo;
      agentNo += 3;
      return { url: '/api/v1/agents/batch', body: { startNumber: String(start), count: 2, password: 'agent5x9y2' } };
    },
    'PATCH /api/v1/agents/:id': async () => ({ url: `/api/v1/agents/${await freshAgent()}`, body: { regions: ['上海'] } }),
    'DELETE /api/v1/agents/:id': async () => ({ url: `/api/v1/agents/${await freshAgent()}` }),
    'GET /api/v1/queues': async () => ({ url: '/api/v1/queues' }),
    'GET /api/v1/queues/:id': async () => ({ url: `/api/v1/queues/${await freshQueue()}` }),
    'POST /api/v1/queues': async () => ({ url: '/api/v1/queues', body: { name: `nq${uniq()}`, number: String(queueNo++) } }),
    'PATCH /api/v1/queues/:id': async () => ({ url: `/api/v1/queues/${await freshQueue()}`, body: { ringTimeMs: 15000 } }),
    'DELETE /api/v1/queues/:id': async () => ({ url: `/api/v1/queues/${await freshQueue()}` }),
    'GET /api/v1/vip-numbers': async () => ({ url: '/api/v1/vip-numbers' }),
    'POST /api/v1/vip-numbers': async () => ({ url: '/api/v1/vip-numbers', body: { number: `138${agentNo++}` } }),
    'PATCH /api/v1/vip-numbers/:id': async () => ({ url: `/api/v1/vip-numbers/${await freshVip()}`, body: { notes: 'x' } }),
    'DELETE /api/v1/vip-numbers/:id': async () => ({ url: `/api/v1/vip-numbers/${await freshVip()}` }),
    'GET /api/v1/busy-reasons': async () => ({ url: '/api/v1/busy-reasons' }),
    'POST /api/v1/busy-reasons': async () => ({ url: '/api/v1/busy-reasons', body: { code: `n${agentNo++}`, name: 'n' } }),
    'PATCH /api/v1/busy-reasons/:id': async () => ({ url: `/api/v1/busy-reasons/${await freshReason()}`, body: { name: 'm' } }),
    'DELETE /api/v1/busy-reasons/:id': async () => ({ url: `/api/v1/busy-reasons/${await freshReason()}` }),
    'GET /api/v1/extensions': async () => ({ url: '/api/v1/extensions' }),
    'GET /api/v1/extensions/demo-credentials': async () => ({ url: '/api/v1/extensions/demo-credentials' }),
    'GET /api/v1/extensions/:id': async () => ({ url: `/api/v1/extensions/${await freshExtension()}` }),
    'POST /api/v1/extensions': async () => ({ url: '/api/v1/extensions', body: { number: String(extNo++) } }),
    'PATCH /api/v1/extensions/:id': async () => ({
      url: `/api/v1/extensions/${await freshExtension()}`,
      body: { displayName: 'x' },
    }),
    'POST /api/v1/extensions/:id/password': async () => ({
      url: `/api/v1/extensions/${await freshExtension()}/password`,
      body: {},
    }),
    'DELETE /api/v1/extensions/:id': async () => ({ url: `/api/v1/extensions/${await freshExtension()}` }),
    'GET /api/v1/voice-files': async () => ({ url: '/api/v1/voice-files?q=v' }),
    'GET /api/v1/voice-files/:id': async () => ({ url: `/api/v1/voice-files/${await someVoice()}` }),
    'GET /api/v1/voice-files/:id/audio': async () => ({ url: `/api/v1/voice-files/${await someVoice()}/audio` }),
    'POST /api/v1/voice-files': async () => ({ url: '/api/v1/voice-files', body: voiceBody() }),
    'DELETE /api/v1/voice-files/:id': async () => ({ url: `/api/v1/voice-files/${await freshVoice()}` }),
    'GET /api/v1/ivr-projects': async () => ({ url: '/api/v1/ivr-projects' }),
    'GET /api/v1/ivr-projects/:id': async () => ({ url: `/api/v1/ivr-projects/${await freshProject()}` }),
    'POST /api/v1/ivr-projects': async () => ({ url: '/api/v1/ivr-projects', body: projectBody() }),
    'PATCH /api/v1/ivr-projects/:id': async () => ({
      url: `/api/v1/ivr-projects/${await freshProject()}`,
      body: { timeoutQueue: 'q2' },
    }),
    'DELETE /api/v1/ivr-projects/:id': async () => ({ url: `/api/v1/ivr-projects/${await freshProject()}` }),
    'POST /api/v1/ivr-projects/:id/build': async () => ({
      url: `/api/v1/ivr-projects/${await freshProject()}/build`,
      body: { number: String(ivrNo++) },
    }),
    'POST /api/v1/ivr-projects/:id/try': async () => ({
      url: `/api/v1/ivr-projects/${await freshProject()}/try`,
      body: { dtmf: ['1'] },
    }),
    'GET /api/v1/ivr-configs': async () => ({ url: '/api/v1/ivr-configs' }),
    'GET /api/v1/ivr-configs/:id': async () => ({ url: `/api/v1/ivr-configs/${await freshConfig()}` }),
    'GET /api/v1/ivr-configs/:id/vxml': async () => ({ url: `/api/v1/ivr-configs/${await freshConfig()}/vxml` }),
    'POST /api/v1/ivr-configs': async () => ({ url: '/api/v1/ivr-configs', body: configBody() }),
    'PATCH /api/v1/ivr-configs/:id': async () => ({ url: `/api/v1/ivr-configs/${await freshConfig()}`, body: { notes: 'x' } }),
    'DELETE /api/v1/ivr-configs/:id': async () => ({ url: `/api/v1/ivr-configs/${await freshConfig()}` }),
    'POST /api/v1/ivr-configs/:id/try': async () => ({
      url: `/api/v1/ivr-configs/${await freshConfig()}/try`,
      body: { dtmf: [] },
    }),
    'GET /api/v1/schedules': async () => ({ url: '/api/v1/schedules?q=s' }),
    'GET /api/v1/schedules/:id': async () => ({ url: `/api/v1/schedules/${await freshSchedule()}` }),
    'POST /api/v1/schedules': async () => ({
      url: '/api/v1/schedules',
      body: { name: `ns${uniq()}`, workingPeriods: [{ weekday: 1, start: '09:00', end: '18:00' }] },
    }),
    'PATCH /api/v1/schedules/:id': async () => ({ url: `/api/v1/schedules/${await freshSchedule()}`, body: { notes: 'x' } }),
    'DELETE /api/v1/schedules/:id': async () => ({ url: `/api/v1/schedules/${await freshSchedule()}` }),
    'GET /api/v1/access-numbers': async () => ({ url: '/api/v1/access-numbers?callType=out' }),
    'GET /api/v1/access-numbers/targets': async () => ({ url: '/api/v1/access-numbers/targets' }),
    'GET /api/v1/access-numbers/:id': async () => ({ url: `/api/v1/access-numbers/${await freshAccessNumber()}` }),
    'POST /api/v1/access-numbers': async () => ({
      url: '/api/v1/access-numbers',
      body: { number: String(dialNo++), callType: 'out' },
    }),
    'PATCH /api/v1/access-numbers/:id': async () => ({
      url: `/api/v1/access-numbers/${await freshAccessNumber()}`,
      body: { vip: true },
    }),
    'DELETE /api/v1/access-numbers/:id': async () => ({ url: `/api/v1/access-numbers/${await freshAccessNumber()}` }),
    'GET /api/v1/trunks': async () => ({ url: '/api/v1/trunks?enabled=true' }),
    'GET /api/v1/trunks/status': async () => ({ url: '/api/v1/trunks/status' }),
    'GET /api/v1/trunks/:id': async () => ({ url: `/api/v1/trunks/${await freshTrunk()}` }),
    'POST /api/v1/trunks': async () => ({
      url: '/api/v1/trunks',
      body: { name: `nt${uniq()}`, host: 'sip.example.net', authMode: 'register', username: 'u', password: 'p' },
    }),
    'PATCH /api/v1/trunks/:id': async () => ({ url: `/api/v1/trunks/${await freshTrunk()}`, body: { maxChannels: 5 } }),
    'DELETE /api/v1/trunks/:id': async () => ({ url: `/api/v1/trunks/${await freshTrunk()}` }),
    'GET /api/v1/outbound-routes': async () => ({ url: '/api/v1/outbound-routes' }),
    'GET /api/v1/outbound-routes/:id': async () => ({ url: `/api/v1/outbound-routes/${await freshRoute()}` }),
    'POST /api/v1/outbound-routes': async () => ({ url: '/api/v1/outbound-routes', body: await routeBody() }),
    'PATCH /api/v1/outbound-routes/:id': async () => ({
      url: `/api/v1/outbound-routes/${await freshRoute()}`,
      body: { enabled: false },
    }),
    'DELETE /api/v1/outbound-routes/:id': async () => ({ url: `/api/v1/outbound-routes/${await freshRoute()}` }),
    'GET /api/v1/sip/bans': async () => ({ url: '/api/v1/sip/bans' }),
    'DELETE /api/v1/sip/bans/:source': async () => ({ url: '/api/v1/sip/bans/192.0.2.7' }),
    'GET /api/v1/cdrs': async () => ({ url: '/api/v1/cdrs?callType=inbound' }),
    'GET /api/v1/cdrs/:callId': async () => ({ url: '/api/v1/cdrs/matrix-call' }),
    'GET /api/v1/cdrs/:callId/recording': async () => ({ url: '/api/v1/cdrs/matrix-call/recording' }),
    'GET /api/v1/calls/live': async () => ({ url: '/api/v1/calls/live' }),
    'GET /api/v1/calls/live/stream': async () => ({ url: '/api/v1/calls/live/stream' }),
    'GET /api/v1/agent/session': async () => ({ url: '/api/v1/agent/session' }),
    'GET /api/v1/agent/caller-ids': async () => ({ url: '/api/v1/agent/caller-ids' }),
    'GET /api/v1/api-keys': async () => ({ url: '/api/v1/api-keys' }),
    'POST /api/v1/api-keys': async () => ({ url: '/api/v1/api-keys', body: { name: `k${uniq()}`, scope: 'any-agent' } }),
    'DELETE /api/v1/api-keys/:id': async () => ({ url: `/api/v1/api-keys/${randomUUID()}` }),
    'POST /api/v1/click-to-call': async () => ({
      url: '/api/v1/click-to-call',
      body: { agentNumber: '1001', number: '13800138000' },
    }),
    'GET /api/v1/click-to-call/:callId': async () => ({ url: '/api/v1/click-to-call/matrix-call' }),
    'POST /api/v1/agent/session': async () => ({ url: '/api/v1/agent/session', body: {} }),
    'DELETE /api/v1/agent/session': async () => ({ url: '/api/v1/agent/session' }),
    'PUT /api/v1/agent/session/state': async () => ({ url: '/api/v1/agent/session/state', body: { state: 'idle' } }),
    'POST /api/v1/agent/call/hangup': async () => ({ url: '/api/v1/agent/call/hangup' }),
    'POST /api/v1/agent/call/hold': async () => ({ url: '/api/v1/agent/call/hold' }),
    'POST /api/v1/agent/call/unhold': async () => ({ url: '/api/v1/agent/call/unhold' }),
    'POST /api/v1/agent/call/transfer': async () => ({
      url: '/api/v1/agent/call/transfer',
      body: { to: { kind: 'extension', number: '8001' } },
    }),
    'GET /api/v1/agent/stream': async () => ({ url: '/api/v1/agent/stream' }),
    'POST /api/v1/agent/call/consult': async () => ({
      url: '/api/v1/agent/call/consult',
      body: { to: { kind: 'extension', number: '8001' } },
    }),
    'POST /api/v1/agent/call/consult/complete': async () => ({ url: '/api/v1/agent/call/consult/complete' }),
    'POST /api/v1/agent/call/consult/cancel': async () => ({ url: '/api/v1/agent/call/consult/cancel' }),
    'POST /api/v1/agent/call/conference': async () => ({
      url: '/api/v1/agent/call/conference',
      body: { to: { kind: 'number', number: '13800138000' } },
    }),
    'POST /api/v1/agent/call/conference/drop': async () => ({ url: '/api/v1/agent/call/conference/drop' }),
    'POST /api/v1/agent/call/rate': async () => ({ url: '/api/v1/agent/call/rate' }),
    'POST /api/v1/agent/call/answer': async () => ({ url: '/api/v1/agent/call/answer' }),
    'POST /api/v1/agent/dial': async () => ({
      url: '/api/v1/agent/dial',
      body: { to: { kind: 'number', number: '13800138000' } },
    }),
    'GET /api/v1/supervisor/agents': async () => ({ url: '/api/v1/supervisor/agents' }),
    'GET /api/v1/supervisor/queues': async () => ({ url: '/api/v1/supervisor/queues' }),
    'GET /api/v1/supervisor/stream': async () => ({ url: '/api/v1/supervisor/stream' }),
    'POST /api/v1/supervisor/agents/:agentId/state': async () => ({
      url: '/api/v1/supervisor/agents/matrix-agent/state',
      body: { state: 'busy' },
    }),
    'POST /api/v1/supervisor/calls/:callId/move': async () => ({
      url: '/api/v1/supervisor/calls/matrix-call/move',
      body: { queueId: 'matrix-queue' },
    }),
    'POST /api/v1/supervisor/agents/:agentId/monitor': async () => ({
      url: '/api/v1/supervisor/agents/matrix-agent/monitor',
      body: { mode: 'listen' },
    }),
    'PUT /api/v1/supervisor/agents/:agentId/monitor': async () => ({
      url: '/api/v1/supervisor/agents/matrix-agent/monitor',
      body: { mode: 'whisper' },
    }),
    'DELETE /api/v1/supervisor/agents/:agentId/monitor': async () => ({ url: '/api/v1/supervisor/agents/matrix-agent/monitor' }),
    'POST /api/v1/supervisor/agents/:agentId/takeover': async () => ({ url: '/api/v1/supervisor/agents/matrix-agent/takeover' }),
    'POST /api/v1/calls/live/:callId/hangup': async () => ({ url: '/api/v1/calls/live/matrix-call/hangup' }),
    'GET /api/v1/calls/live/:callId/recording': async () => ({ url: '/api/v1/calls/live/matrix-call/recording' }),
    'PUT /api/v1/calls/live/:callId/recording': async () => ({
      url: '/api/v1/calls/live/matrix-call/recording',
      body: { on: true },
    }),
    'GET /api/v1/voicemails': async () => ({ url: '/api/v1/voicemails?handled=false' }),
    'GET /api/v1/voicemails/:id/audio': async () => ({ url: `/api/v1/voicemails/${await freshVoicemail()}/audio` }),
    'PATCH /api/v1/voicemails/:id': async () => ({
      url: `/api/v1/voicemails/${await freshVoicemail()}`,
      body: { handled: true },
    }),
    'DELETE /api/v1/voicemails/:id': async () => ({ url: `/api/v1/voicemails/${await freshVoicemail()}` }),
    'GET /api/v1/service-records': async () => ({ url: '/api/v1/service-records?mine=true' }),
    'GET /api/v1/service-records/history': async () => ({ url: '/api/v1/service-records/history?callId=matrix-call' }),
    'GET /api/v1/service-records/:id': async () => ({ url: `/api/v1/service-records/${await freshServiceRecord()}` }),
    'POST /api/v1/service-records': async () => ({ url: '/api/v1/service-records', body: serviceRecordBody }),
    'PATCH /api/v1/service-records/:id': async () => ({
      url: `/api/v1/service-records/${await freshServiceRecord()}`,
      body: { status: 'done' },
    }),
    'GET /api/v1/audit': async () => ({ url: '/api/v1/audit' }),
    'GET /api/v1/audit/export.xlsx': async () => ({ url: '/api/v1/audit/export.xlsx' }),
  };

  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    deptId = await create('/api/v1/departments', { name: '矩阵' });
    await recordTestCalls(createCdrStore(t.db), [
      {
        callId: 'matrix-call',
        callType: 'inbound',
        caller: '13800138000',
        callee: '8000',
        at: Date.now(),
        ringMs: 1000,
        talkMs: 1000,
        hangup: 'caller',
      },
    ]);
  });
  after(() => t.close());

  const call = async (key: string, cookie: string | undefined) => {
    const sample = samples[key];
    assert.ok(sample, `no matrix sample for ${key}: add one`);
    const { url, body } = await sample();
    return t.request(key.split(' ')[0] as Method, url, { cookie, ...(body !== undefined ? { body } : {}) });
  };

  it('has a sample for every registered endpoint and no stale ones', () => {
    const registered = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    assert.deepEqual(registered, Object.keys(samples).sort());
  });

  it('anonymous callers reach only public endpoints', async () => {
    for (const route of t.app.apiRoutes) {
      const r = await call(`${route.method} ${route.url}`, undefined);
      if (route.access === 'public') assert.notEqual(codeOf(r), 'AUTH_REQUIRED', `${route.method} ${route.url}`);
      else assert.equal(codeOf(r), 'AUTH_REQUIRED', `${route.method} ${route.url}`);
    }
  });

  /** Each role (built-in, one per permission, all, none) × every endpoint. */
  it('every role × every endpoint: allowed exactly where the role has the permission', async () => {
    const roles = json<{ id: string; name: string; permissions: Permission[]; dataScope: DataScope }[]>(
      await t.request('GET', '/api/v1/roles', { cookie: admin }),
    );
    const subjects: { label: string; permissions: Permission[]; roleId?: string }[] = roles.map((r) => ({
      label: r.name,
      permissions: r.permissions,
      roleId: r.id,
    }));
    // One subject per permission decides every (endpoint, permission) pair: each endpoint needs exactly
    // one permission, so "only P" must reach the endpoints of P and no other. Plus all and none.
    for (const p of allPermissions) subjects.push({ label: `only ${p}`, permissions: [p] });
    subjects.push({ label: 'every permission', permissions: [...allPermissions] });
    subjects.push({ label: 'no permission', permissions: [] });
    for (const s of subjects) {
      const roleId = s.roleId ?? (await create('/api/v1/roles', { name: s.label, permissions: s.permissions, dataScope: 'all' }));
      const { cookie } = await t.userCookie(admin, { username: `m${uniq()}`, roleId, employeeId: null });
      for (const route of t.app.apiRoutes) {
        const key = `${route.method} ${route.url}`;
        if (key === LOGOUT) continue; // last, below: it ends the session
        const r = await call(key, cookie);
        const code = codeOf(r);
        if (typeof route.access === 'object') {
          const allowed = s.permissions.includes(route.access.permission);
          if (allowed) assert.notEqual(code, 'FORBIDDEN_PERMISSION', `${s.label}: ${key} should be allowed (${r.body})`);
          else assert.equal(code, 'FORBIDDEN_PERMISSION', `${s.label}: ${key} should be denied`);
        } else if (route.access === 'api-key') {
          // A session cookie never opens an API-key route.
          assert.equal(code, 'AUTH_REQUIRED', `${s.label}: ${key} is for API keys only`);
        } else {
          assert.ok(!['AUTH_REQUIRED', 'FORBIDDEN_PERMISSION'].includes(code ?? ''), `${s.label}: ${key}`);
        }
        assert.ok(r.statusCode < 500, `${s.label}: ${key} → ${r.statusCode} ${r.body}`);
      }
      // Signing out works for every role, and ends that session.
      assert.equal((await call(LOGOUT, cookie)).statusCode, 200);
      assert.equal(codeOf(await call('GET /api/v1/auth/me', cookie)), 'AUTH_REQUIRED');
    }
  });

  it('denials are audited with the permission that was missing', async () => {
    const r = json<{ items: { action: string; details: { permission?: string } }[] }>(
      await t.request('GET', '/api/v1/audit?action=access.denied&pageSize=200', { cookie: admin }),
    );
    assert.ok(r.items.length > 0);
    assert.ok(r.items.every((x) => typeof x.details.permission === 'string'));
  });
});
