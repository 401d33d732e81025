import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refreshDelaySeconds } from './trunk-registrations.ts';

describe('trunk registration refresh', () => {
  it('refreshes at 90 % of the granted expiry, at least 30 s early when it allows', () => {
    assert.equal(refreshDelaySeconds(3600), 3240);
    assert.equal(refreshDelaySeconds(120), 90);
    assert.equal(refreshDelaySeconds(60), 30);
  });
  it('never waits less than a second, even for a tiny grant', () => {
    assert.equal(refreshDelaySeconds(20), 1);
    assert.equal(refreshDelaySeconds(0), 1);
  });
});
