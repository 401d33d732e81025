import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { FakeChannel } from '../channel/fake-channel.ts';
import { TraceRecorder } from '../channel/trace.ts';
import { createStaticFetcher } from '../fetch/static-fetcher.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import { createDocumentCache } from './document-loader.ts';
import { runSession } from './session.ts';

test('document cache: LRU with TTL', () => {
  let now = 0;
  const cache = createDocumentCache({ maxEntries: 2, ttlMs: 1000, now: () => now });
  const doc = parseVxml('<vxml version="2.1"><form><block/></form></vxml>');
  assert.ok(doc.ok);
  if (!doc.ok) return;
  cache.set('a', doc.value);
  cache.set('b', doc.value);
  assert.equal(cache.get('a'), doc.value);
  cache.set('c', doc.value);
  assert.equal(cache.get('b'), undefined, 'least recently used entry evicted');
  assert.equal(cache.get('a'), doc.value);
  now = 1500;
  assert.equal(cache.get('a'), undefined, 'expired');
});

test('sessions sharing a cache fetch a document once', async () => {
  const clock = new VirtualClock();
  const cache = createDocumentCache({ maxEntries: 10, ttlMs: 60_000, now: () => clock.now() });
  const fetcher = createStaticFetcher(
    { 'http://ivr.test/app.vxml': { body: '<vxml version="2.1"><form><block>你好</block></form></vxml>' } },
    clock,
  );
  for (let i = 0; i < 3; i++) {
    const trace = new TraceRecorder(clock);
    const r = await runSession({
      channel: new FakeChannel({}, clock, trace),
      clock,
      trace,
      fetcher,
      documentCache: cache,
      document: { uri: 'http://ivr.test/app.vxml' },
    });
    assert.equal(r.reason, 'end');
    assert.ok(trace.entries.some((e) => e.type === 'prompt'));
  }
  assert.equal(fetcher.requests.length, 1);
});
