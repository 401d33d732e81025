import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Fetcher } from '@rexian/vxml';
import { makeWav } from '../modules/voice-files/voice-test-audio.ts';
import { createTestApp, json, type TestApp } from '../testing/test-app.ts';
import { createIvrFetcher, documentHosts, IVR_ORIGIN } from './ivr-app.ts';

const get = (f: Fetcher, url: string) => f.fetch({ url, method: 'get', kind: 'audio', timeoutMs: 1000 });

describe("the IVR call runtime's fetcher: documents and voice files from the database", () => {
  let t: TestApp;
  let admin: string;
  let voiceId: string;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
    const r = await t.request('POST', '/api/v1/voice-files', {
      cookie: admin,
      body: { name: '欢迎', fileName: 'w.wav', contentBase64: makeWav({ sampleRate: 8000, ms: 300 }).toString('base64') },
    });
    assert.equal(r.statusCode, 201, r.body);
    voiceId = json<{ id: string }>(r).id;
    const c = await t.request('POST', '/api/v1/ivr-configs', {
      cookie: admin,
      body: {
        number: '8101',
        name: 'crm',
        source: {
          kind: 'uploaded',
          fileName: 'crm.vxml',
          vxml: `<?xml version="1.0"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><form><block>
            <audio src="/api/v1/voice-files/${voiceId}/audio"/>
            <data name="r" src="http://crm.example:8080/lookup"/></block></form></vxml>`,
        },
      },
    });
    assert.equal(c.statusCode, 201, c.body);
  });
  after(() => t.close());

  it('serves the document by IVR number and voice files by id, without HTTP', async () => {
    const f = createIvrFetcher(t.db);
    const doc = await get(f, `${IVR_ORIGIN}/ivr/8101.vxml`);
    assert.ok(doc.ok);
    assert.match(new TextDecoder().decode(doc.value.body), /crm\.example/);
    const audio = await get(f, `${IVR_ORIGIN}/api/v1/voice-files/${voiceId}/audio`);
    assert.ok(audio.ok);
    assert.equal(audio.value.contentType, 'audio/wav');
    assert.equal(new TextDecoder().decode(audio.value.body.subarray(0, 4)), 'RIFF');
    const missing = await get(f, `${IVR_ORIGIN}/ivr/9999.vxml`);
    assert.ok(!missing.ok);
    assert.equal(missing.error.details?.status, 404);
  });

  it('refuses other paths on the internal origin and hosts the documents do not name', async () => {
    const f = createIvrFetcher(t.db);
    const api = await get(f, `${IVR_ORIGIN}/api/v1/users`);
    assert.ok(!api.ok);
    assert.equal(api.error.code, 'VXML_FETCH_DENIED');
    const unnamed = await get(f, 'http://crm.example:8080/lookup');
    assert.ok(!unnamed.ok);
    assert.match(unnamed.error.message, /allowlist/);
    const other = await get(f, 'http://169.254.169.254/latest/meta-data');
    assert.ok(!other.ok);
    assert.match(other.error.message, /allowlist/);
  });

  it('allows exactly the hosts a document names in src/next', () => {
    assert.deepEqual(
      documentHosts(
        `<vxml xmlns="http://www.w3.org/2001/vxml"><data src="http://crm.example:8080/a?x=1&amp;y=2"/>
         <submit next='https://api.example/b'/><audio src="${IVR_ORIGIN}/x.wav"/><audio src="/rel.wav"/></vxml>`,
      ),
      ['crm.example:8080', 'api.example'],
    );
  });
});
