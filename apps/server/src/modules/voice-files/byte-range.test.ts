import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteRange } from './byte-range.ts';

describe('parseByteRange', () => {
  it('reads first-last, open-ended and suffix ranges, clamped to the size', () => {
    assert.deepEqual(parseByteRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseByteRange('bytes=900-', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=900-5000', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseByteRange('bytes=-5000', 1000), { start: 0, end: 999 });
  });
  it('ignores absent, malformed, multiple and backwards ranges (the whole file is served)', () => {
    for (const h of [undefined, 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6', 'bytes=9-3', 'bytes=a-b'])
      assert.equal(parseByteRange(h, 1000), undefined, String(h));
  });
  it('reports ranges beyond the end as unsatisfiable', () => {
    assert.equal(parseByteRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseByteRange('bytes=-0', 1000), 'unsatisfiable');
  });
});
