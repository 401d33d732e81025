import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createTrunkSecretBox } from './trunk-secrets.ts';

describe('trunk password encryption (AES-256-GCM)', () => {
  const box = createTrunkSecretBox(randomBytes(32).toString('hex'));

  it('round-trips, with a fresh IV each time and nothing of the plain text in the sealed form', () => {
    const a = box.seal('t1', 'Carrier-Secret-中文');
    const b = box.seal('t1', 'Carrier-Secret-中文');
    assert.notEqual(a, b);
    assert.match(a, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    assert.ok(!a.includes('Carrier'));
    assert.equal(box.open('t1', a), 'Carrier-Secret-中文');
    assert.equal(box.open('t1', b), 'Carrier-Secret-中文');
  });

  it('refuses a ciphertext moved to another trunk, tampered with, or sealed under another key', () => {
    const sealed = box.seal('t1', 'pw');
    assert.throws(() => box.open('t2', sealed));
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    assert.throws(() => box.open('t1', [parts[0], parts[1], parts[2], body.toString('base64')].join(':')));
    assert.throws(() => createTrunkSecretBox(randomBytes(32).toString('hex')).open('t1', sealed));
    assert.throws(() => box.open('t1', 'v0:a:b:c'), /format/);
  });

  it('needs a 256-bit key', () => {
    assert.throws(() => createTrunkSecretBox('abcd'), /32 bytes/);
  });
});
