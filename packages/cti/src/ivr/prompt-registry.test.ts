import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPromptRegistry, MEM_PROMPT_PREFIX } from './prompt-registry.ts';

const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2]);

describe('the in-memory prompt registry (mem: names for the switch)', () => {
  it('names prompts by content, holds them while in use and keeps a few released ones', () => {
    const r = createPromptRegistry({ keepReleased: 2 });
    const a = r.acquire(bytes(1));
    const a2 = r.acquire(bytes(1));
    assert.ok(a.name.startsWith(MEM_PROMPT_PREFIX));
    assert.equal(a.name, a2.name, 'same bytes, same name');
    assert.notEqual(r.acquire(bytes(2)).name, a.name);
    a.release();
    a.release(); // twice is once
    assert.deepEqual(r.bytes(a.name), bytes(1), 'still used by a2');
    a2.release();
    const b = r.acquire(bytes(3));
    const c = r.acquire(bytes(4));
    b.release();
    c.release();
    // Released, oldest first: 1, 3, 4 → only the two newest stay; 2 was never released and stays too.
    assert.equal(r.bytes(a.name), undefined);
    assert.deepEqual(r.bytes(b.name), bytes(3));
    assert.deepEqual(r.bytes(c.name), bytes(4));
    assert.equal(r.size(), 3);
  });
});
