import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ctiSettings, defaultCtiSettings } from '@rexian/contracts';
import {
  changedFields,
  countFields,
  type DurationKey,
  durationFields,
  durationToMs,
  fieldProblem,
  fromForm,
  rangeInUnit,
  recordingModes,
  ringTimeoutActions,
  toForm,
} from '../src/features/cti/settings/cti-settings-values.ts';

const accepts = (key: string, value: unknown) => ctiSettings.safeParse({ ...defaultCtiSettings, [key]: value }).success;

test('every restated range is exactly the range the server schema accepts', () => {
  const ranges: [string, { min: number; max: number }][] = [...Object.entries(durationFields), ...Object.entries(countFields)];
  assert.equal(ranges.length, 15);
  for (const [key, { min, max }] of ranges) {
    assert.ok(accepts(key, min), `${key} min ${min}`);
    assert.ok(accepts(key, max), `${key} max ${max}`);
    assert.ok(!accepts(key, min - 1), `${key} below ${min}`);
    assert.ok(!accepts(key, max + 1), `${key} above ${max}`);
  }
});

test('the restated enums are the schema’s enums', () => {
  for (const mode of recordingModes) assert.ok(accepts('recording', mode), mode);
  for (const action of ringTimeoutActions) assert.ok(accepts('ringTimeoutAction', action), action);
  assert.ok(!accepts('recording', 'ogg'));
});

test('durations show in seconds or minutes and come back as the same milliseconds', () => {
  const form = toForm(defaultCtiSettings);
  assert.equal(form.wrapUpMs, 15);
  assert.equal(form.retentionMs, 60);
  assert.equal(form.maxWrapUpMs, 1800);
  assert.equal(form.maxTalkMs, 240);
  assert.equal(form.maxOutboundOnlyMs, 720);
  assert.equal(form.predictiveMaxLines, 0);
  assert.deepEqual(fromForm(form), defaultCtiSettings);
  const odd = { ...defaultCtiSettings, maxBusyMs: 90_500, reserveTimeoutMs: 1_234 };
  assert.deepEqual(fromForm(toForm(odd)), odd);
  assert.equal(durationToMs('wrapUpMs', 30), 30_000);
  assert.equal(durationToMs('maxAwayMs', 2.5), 150_000);
  assert.equal(durationToMs('minBusyMs', 0.0004), 0);
});

test('an emptied number box makes the form incomplete', () => {
  assert.equal(fromForm({ ...toForm(defaultCtiSettings), wrapUpMs: null }), null);
  assert.equal(fromForm({ ...toForm(defaultCtiSettings), inboundMaxLines: null }), null);
});

test('field checks name a missing value and one out of range, in the unit shown', () => {
  assert.deepEqual(rangeInUnit('wrapUpMs'), { min: 0, max: 3600 });
  assert.deepEqual(rangeInUnit('maxTalkMs'), { min: 1, max: 2880 });
  assert.deepEqual(rangeInUnit('answeredWithinSeconds'), { min: 1, max: 600 });
  assert.equal(fieldProblem('wrapUpMs', 30), null);
  assert.equal(fieldProblem('wrapUpMs', 3600), null);
  assert.equal(fieldProblem('wrapUpMs', 3601), 'range');
  assert.equal(fieldProblem('wrapUpMs', -1), 'range');
  assert.equal(fieldProblem('wrapUpMs', null), 'required');
  assert.equal(fieldProblem('maxTalkMs', 0.5), 'range');
  assert.equal(fieldProblem('maxTalkMs', 2880), null);
  assert.equal(fieldProblem('answeredWithinSeconds', 0), 'range');
  assert.equal(fieldProblem('answeredWithinSeconds', 15.5), 'range');
  assert.equal(fieldProblem('inboundMaxLines', undefined), 'required');
  // Every value the check lets through, the server accepts too.
  for (const key of Object.keys(durationFields) as DurationKey[]) {
    for (const value of [rangeInUnit(key).min, rangeInUnit(key).max, 7]) {
      if (fieldProblem(key, value) === null) assert.ok(accepts(key, durationToMs(key, value)), `${key} ${value}`);
      else assert.ok(!accepts(key, durationToMs(key, value)), `${key} ${value}`);
    }
  }
});

test('only changed fields go into the PATCH body', () => {
  assert.deepEqual(changedFields(defaultCtiSettings, defaultCtiSettings), {});
  const after = { ...defaultCtiSettings, recording: 'mp3' as const, forcedRating: true, wrapUpMs: 30_000 };
  assert.deepEqual(changedFields(defaultCtiSettings, after), { recording: 'mp3', forcedRating: true, wrapUpMs: 30_000 });
});
