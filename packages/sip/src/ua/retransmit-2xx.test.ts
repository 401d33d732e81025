import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '@rexian/kernel';
import { retransmit2xx } from './retransmit-2xx.ts';

describe('2xx retransmission by the UAS core (RFC 3261 §13.3.1.4)', () => {
  it('doubles from T1 to T2 and gives up at 64*T1 without an ACK', () => {
    const clock = new VirtualClock(0);
    const sent: number[] = [];
    let timedOut = -1;
    retransmit2xx({
      clock,
      send: () => sent.push(clock.now()),
      onTimeout: () => {
        timedOut = clock.now();
      },
    });
    clock.advance(40_000);
    assert.deepEqual(sent, [500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    assert.equal(timedOut, 32_000);
  });

  it('stops at the ACK', () => {
    const clock = new VirtualClock(0);
    let sent = 0;
    let timedOut = false;
    const r = retransmit2xx({
      clock,
      send: () => sent++,
      onTimeout: () => {
        timedOut = true;
      },
    });
    clock.advance(2_000);
    r.acked();
    clock.advance(60_000);
    assert.equal(sent, 2);
    assert.equal(timedOut, false);
  });

  it('only times out on reliable transports', () => {
    const clock = new VirtualClock(0);
    let sent = 0;
    let timedOut = false;
    retransmit2xx({
      clock,
      reliable: true,
      send: () => sent++,
      onTimeout: () => {
        timedOut = true;
      },
    });
    clock.advance(40_000);
    assert.equal(sent, 0);
    assert.equal(timedOut, true);
  });
});
