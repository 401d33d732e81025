import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdrQuery, maskPhoneNumber, voicemailUpdate } from './calls.ts';

test('masks the middle of external numbers, never more than seven characters shown', () => {
  assert.equal(maskPhoneNumber('13800138000'), '138****8000');
  assert.equal(maskPhoneNumber('62345678'), '62****78');
  assert.equal(maskPhoneNumber('1234567'), '1****67');
  assert.equal(maskPhoneNumber('+8613800138000'), '+86*******8000');
  for (const n of ['13800138000', '62345678', '1234567', '+8613800138000', '02161234567']) {
    const m = maskPhoneNumber(n);
    assert.equal(m.length, n.length);
    assert.ok(m.replace(/\*/g, '').length <= 7, m);
    assert.ok((m.match(/\*/g) ?? []).length >= 4, m);
  }
});

test('leaves service numbers, extensions and names alone', () => {
  for (const n of ['110', '10086', '8001', '400800', 'anonymous', '']) assert.equal(maskPhoneNumber(n), n);
});

test('the CDR query refuses what is not a phone number and coerces durations', () => {
  assert.equal(cdrQuery.safeParse({ caller: "1' OR 1=1" }).success, false);
  const q = cdrQuery.parse({ minTalkSeconds: '30', answered: 'true', callType: 'inbound' });
  assert.equal(q.minTalkSeconds, 30);
  assert.equal(q.page, 1);
  assert.equal(cdrQuery.safeParse({ callType: 'outbound' }).success, false);
});

test('a voicemail update must change something', () => {
  assert.equal(voicemailUpdate.safeParse({}).success, false);
  assert.equal(voicemailUpdate.safeParse({ handled: true }).success, true);
  assert.equal(voicemailUpdate.safeParse({ handled: true, extra: 1 }).success, false);
});
