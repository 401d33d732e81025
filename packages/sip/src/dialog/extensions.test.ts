import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { getHeader } from '../message/headers.ts';
import { parseMessage } from '../message/parser.ts';
import type { SipRequest } from '../message/types.ts';
import { serializeUri } from '../message/uri.ts';
import type { Dialog } from './dialog.ts';
import { parseReferTo, referNotify } from './refer.ts';
import { firstRSeq, parseRAck, prackMatches } from './reliable-provisional.ts';
import { matchReplaces, parseReplaces, serializeReplaces } from './replaces.ts';
import { createSessionTimer, decideSessionTimer, parseSessionExpires, sessionTimerDeadlines } from './session-timer.ts';

function invite(extra: string[]): SipRequest {
  const r = parseMessage(
    Buffer.from(
      [
        'INVITE sip:b@example.com SIP/2.0',
        'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKst',
        'From: <sip:a@example.com>;tag=1',
        'To: <sip:b@example.com>',
        'Call-ID: st-1',
        'CSeq: 1 INVITE',
        'Max-Forwards: 70',
        ...extra,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    ),
  );
  assert.ok(r.ok && r.value.kind === 'request');
  return r.value;
}

describe('session timers (RFC 4028)', () => {
  it('parses Session-Expires with and without refresher', () => {
    assert.deepEqual(parseSessionExpires('1800;refresher=uas'), { interval: 1800, refresher: 'uas' });
    assert.deepEqual(parseSessionExpires(' 90 '), { interval: 90, refresher: null });
    assert.equal(parseSessionExpires('abc'), null);
    assert.equal(parseSessionExpires('0'), null);
  });

  it('rejects a too-short interval with 422 and our Min-SE', () => {
    const d = decideSessionTimer(invite(['Supported: timer', 'Session-Expires: 30']));
    assert.deepEqual(d, { kind: 'reject', status: 422, headers: [{ name: 'Min-SE', value: '90' }] });
  });

  it('accepts, caps at our preference, honours their Min-SE and refresher', () => {
    const d = decideSessionTimer(invite(['Supported: timer', 'Session-Expires: 7200;refresher=uas', 'Min-SE: 600']), {
      minSE: 90,
      preferred: 300,
    });
    assert.ok(d.kind === 'accept');
    assert.equal(d.interval, 600, 'never below the request Min-SE');
    assert.equal(d.refresher, 'uas');
    assert.deepEqual(d.headers, [
      { name: 'Session-Expires', value: '600;refresher=uas' },
      { name: 'Require', value: 'timer' },
    ]);
  });

  it('refreshes itself when the UAC lacks "timer" and does not Require it', () => {
    const d = decideSessionTimer(invite([]));
    assert.ok(d.kind === 'accept');
    assert.equal(d.refresher, 'uas');
    assert.deepEqual(d.headers, [{ name: 'Session-Expires', value: '1800;refresher=uas' }]);
    assert.deepEqual(sessionTimerDeadlines(1800), { refreshAtMs: 900_000, expireAtMs: 1_768_000 });
    assert.deepEqual(sessionTimerDeadlines(90), { refreshAtMs: 45_000, expireAtMs: 60_000 });
  });
});

const dialog = (state: Dialog['state']): Dialog => ({
  callId: 'abc@h',
  localTag: 'L',
  remoteTag: 'R',
  state,
  localSeq: 1,
  remoteSeq: 1,
  localUri: '<sip:x@h>',
  remoteUri: '<sip:y@h>',
  remoteTarget: { scheme: 'sip', user: 'y', password: null, host: 'h', port: null, params: [], headers: [] },
  routeSet: [],
  secure: false,
});

describe('Replaces (RFC 3891) and REFER (RFC 3515)', () => {
  it('parses, serializes and matches Replaces', () => {
    const r = parseReplaces('abc@h;to-tag=L;from-tag=R;early-only');
    assert.deepEqual(r, { callId: 'abc@h', toTag: 'L', fromTag: 'R', earlyOnly: true });
    assert.ok(r);
    assert.equal(serializeReplaces(r), 'abc@h;to-tag=L;from-tag=R;early-only');
    assert.deepEqual(matchReplaces(r, [dialog('Confirmed')]), { ok: false, status: 486 });
    assert.equal(matchReplaces(r, [dialog('Early')]).ok, true);
    assert.deepEqual(matchReplaces({ ...r, toTag: 'X' }, [dialog('Early')]), { ok: false, status: 481 });
    assert.equal(parseReplaces('abc@h;to-tag=L'), null);
  });

  it('reads a Refer-To with an embedded, escaped Replaces (attended transfer)', () => {
    const t = parseReferTo('<sip:carol@example.com?Replaces=abc%40h%3Bto-tag%3DL%3Bfrom-tag%3DR>');
    assert.ok(t.ok);
    assert.equal(serializeUri(t.value.uri), 'sip:carol@example.com');
    assert.deepEqual(t.value.replaces, { callId: 'abc@h', toTag: 'L', fromTag: 'R', earlyOnly: false });
    const blind = parseReferTo('sip:dave@example.com');
    assert.ok(blind.ok && blind.value.replaces === null);
  });

  it('builds the sipfrag NOTIFY, ending the subscription on a final status', () => {
    const trying = referNotify(100, 'Trying');
    assert.equal(Buffer.from(trying.body).toString(), 'SIP/2.0 100 Trying\r\n');
    assert.equal(trying.headers.find((h) => h.name === 'Subscription-State')?.value, 'active;expires=60');
    const done = referNotify(200, 'OK');
    assert.equal(done.headers.find((h) => h.name === 'Subscription-State')?.value, 'terminated;reason=noresource');
  });
});

describe('reliable provisional responses (RFC 3262)', () => {
  it('parses RAck and matches it to the reliable 1xx', () => {
    const rack = parseRAck('776656 1 INVITE');
    assert.deepEqual(rack, { rseq: 776656, cseq: 1, method: 'INVITE' });
    assert.ok(rack && prackMatches(rack, { rseq: 776656, cseq: 1, method: 'INVITE' }));
    assert.ok(rack && !prackMatches(rack, { rseq: 776657, cseq: 1, method: 'INVITE' }));
    assert.equal(parseRAck('1 INVITE'), null);
    assert.equal(parseRAck('0 1 INVITE'), null);
  });

  it('starts RSeq below 2**31', () => {
    for (let i = 0; i < 100; i++) {
      const r = firstRSeq();
      assert.ok(r >= 1 && r < 2 ** 31);
    }
  });

  it('a 100rel INVITE header reads back', () => {
    assert.equal(getHeader(invite(['Require: 100rel']), 'Require'), '100rel');
  });
});

describe('session timer runtime (RFC 4028 §10)', () => {
  it('the refresher refreshes at half the interval; a missing refresh ends the session', () => {
    const clock = new VirtualClock(0);
    const events: string[] = [];
    const t = createSessionTimer({
      clock,
      interval: 90,
      weRefresh: true,
      onRefresh: () => events.push(`refresh@${clock.now()}`),
      onExpire: () => events.push(`expire@${clock.now()}`),
    });
    t.start();
    clock.advance(45_000);
    t.refreshed();
    clock.advance(45_000);
    assert.deepEqual(events, ['refresh@45000', 'refresh@90000']);
    clock.advance(20_000);
    assert.deepEqual(events.at(-1), 'expire@105000', 'no answered refresh since 45 s: 45 + 60 s');
  });

  it('the other side only watches; stop() cancels everything', () => {
    const clock = new VirtualClock(0);
    let expired = 0;
    const t = createSessionTimer({
      clock,
      interval: 1800,
      weRefresh: false,
      onRefresh: assert.fail,
      onExpire: () => void expired++,
    });
    t.start();
    clock.advance(1_700_000);
    t.refreshed();
    clock.advance(1_700_000);
    assert.equal(expired, 0);
    t.stop();
    clock.advance(10_000_000);
    assert.equal(expired, 0);
  });
});
