import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_AGENT_RULES } from '@rexian/acd';
import { defaultCtiSettings } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';

describe('CTI basic configuration (§4.6.11)', () => {
  let t: TestApp;
  let admin: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  it('carries every ACD agent rule with the ACD defaults', () => {
    for (const [k, v] of Object.entries(DEFAULT_AGENT_RULES)) {
      assert.equal((defaultCtiSettings as Record<string, unknown>)[k], v, k);
    }
  });

  it('starts at the defaults, changes only what a PATCH names, and audits it', async () => {
    assert.deepEqual(json(await t.request('GET', '/api/v1/settings/cti', { cookie: admin })), defaultCtiSettings);
    const r = await t.request('PATCH', '/api/v1/settings/cti', {
      cookie: admin,
      body: { recording: 'mp3', forcedRating: true, minBusyMs: 30000 },
    });
    assert.equal(r.statusCode, 200, r.body);
    const s = json<typeof defaultCtiSettings>(await t.request('GET', '/api/v1/settings/cti', { cookie: admin }));
    assert.equal(s.recording, 'mp3');
    assert.equal(s.forcedRating, true);
    assert.equal(s.minBusyMs, 30000);
    assert.equal(s.wrapUpMs, defaultCtiSettings.wrapUpMs);
    const audit = json<{ items: { details: { changed: string[] } }[] }>(
      await t.request('GET', '/api/v1/audit?action=settings.cti', { cookie: admin }),
    );
    assert.deepEqual(audit.items[0]?.details.changed.sort(), ['forcedRating', 'minBusyMs', 'recording']);
  });

  it('refuses out-of-range and unknown values, changing nothing', async () => {
    for (const body of [{ recording: 'ogg' }, { maxTalkMs: 5 }, { surprise: 1 }]) {
      const r = await t.request('PATCH', '/api/v1/settings/cti', { cookie: admin, body });
      assert.equal(r.statusCode, 400, JSON.stringify(body));
    }
    const s = json<typeof defaultCtiSettings>(await t.request('GET', '/api/v1/settings/cti', { cookie: admin }));
    assert.equal(s.recording, 'mp3');
  });
});
