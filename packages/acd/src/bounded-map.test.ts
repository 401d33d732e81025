import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('keeps recent keys, drops old ones, never exceeds its capacity', () => {
    const m = new BoundedMap<number, number>(10);
    for (let i = 0; i < 1000; i++) {
      m.set(i, i * 2);
      assert.ok(m.size <= 10);
    }
    assert.equal(m.get(999), 1998);
    assert.equal(m.get(995), 1990);
    assert.equal(m.get(0), undefined);
  });

  it('updating a key moves it to the newest generation', () => {
    const m = new BoundedMap<string, number>(4);
    m.set('a', 1);
    m.set('b', 2); // generation rolls: {a,b} become previous
    m.set('a', 3);
    m.set('c', 4); // rolls again: {a,c} previous, b dropped
    assert.equal(m.get('a'), 3);
    assert.equal(m.get('b'), undefined);
  });
});
