import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ok, VirtualClock } from '@rexian/kernel';
import { CallController, CallModel, type ChannelSnapshot, createCallEventBus } from '@rexian/switch';
import { FakeSwitchAdapter } from '@rexian/switch/testing';
import { createIvrRunner, createStaticFetcher, type IvrConfig, type TraceEntry, type TtsProvider } from '@rexian/vxml';
import { runIvrCall } from './ivr-call.ts';
import type { IvrDestination, IvrRoutes } from './ivr-ports.ts';
import { createPromptRegistry } from './prompt-registry.ts';
import { numberOfDestination, SwitchIvrChannel } from './switch-ivr-channel.ts';
import { silenceWav, toneWav } from './wav.ts';

/** The fake adapter, but a playback lasts until the test finishes it or the channel stops it. */
class HeldPlayAdapter extends FakeSwitchAdapter {
  readonly playing = new Map<string, { media: readonly string[]; done: (v: boolean) => void }>();
  /** Called with each recording's file (the test writes the WAV the engine would have). */
  onRecord: ((file: string) => Promise<void>) | undefined;
  override async play(c: ChannelSnapshot, r: { playbackId: string; media: readonly string[] }) {
    this.log.push(`play ${c.id} ${r.media.length}`);
    return new Promise<boolean>((done) => this.playing.set(r.playbackId, { media: r.media, done }));
  }
  override async stopPlayback(playbackId: string) {
    this.log.push('stop-play');
    this.playing.get(playbackId)?.done(true);
    this.playing.delete(playbackId);
  }
  override async startRecording(r: { recordingId: string; target: { kind: 'channel' | 'bridge'; id: string }; file: string }) {
    this.log.push(`record ${r.target.id}`);
    await this.onRecord?.(r.file);
  }
  /** The prompts of the one playback in progress end normally. */
  finishPlayback(): void {
    const [[id, p] = []] = [...this.playing];
    assert.ok(id && p, 'a playback is in progress');
    this.playing.delete(id);
    p.done(true);
  }
}

const settle = async () => {
  for (let i = 0; i < 30; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Waits (real time, at most 5 s) until the session reaches a state: loading the sandbox takes a while. */
const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise<void>((r) => setTimeout(r, 10));
  assert.ok(cond(), `timed out waiting: ${what}`);
};

const tts: TtsProvider = {
  id: 'fake',
  synthesize: async (req) => ok(toneWav(400 + req.text.length, 100)),
};

const VXML = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">${body}</vxml>`;

function setup(doc: string, routes: Partial<IvrRoutes> = {}, recordDir = tmpdir(), speech: TtsProvider = tts) {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 2));
  const bus = createCallEventBus({ clock });
  let n = 0;
  const newId = () => `id${++n}`;
  const model = new CallModel({ clock, bus, newId });
  const adapter = new HeldPlayAdapter();
  const controller = new CallController({ model, adapter, bus, clock, newId });
  const caller = model.createChannel({
    callId: 'call1',
    direction: 'inbound',
    role: 'caller',
    caller: '13800000000',
    callee: '4001',
    callType: 'inbound',
    accessNumber: '4001',
  });
  const fetcher = createStaticFetcher(
    {
      'http://ivr.local/ivr/8001.vxml': { body: doc },
      'http://ivr.local/audio/welcome.wav': { body: 'RIFF-welcome', contentType: 'audio/wav' },
    },
    clock,
  );
  const prompts = createPromptRegistry();
  const routed: IvrDestination[] = [];
  const handedOver: string[] = [];
  const allRoutes: IvrRoutes = {
    route: async (dest) => {
      routed.push(dest);
      if (dest.kind === 'queue') return { kind: 'noroute', reason: 'queues are not wired yet' };
      return { kind: 'accepted', run: async () => void handedOver.push(`${dest.kind}:${dest.target}`) };
    },
    dialTarget: async (number) => (number === '1002' ? { destination: '1002' } : undefined),
    ...routes,
  };
  const steps: TraceEntry[] = [];
  const configs = {
    list: async () => [],
    byNumber: async (num: string): Promise<IvrConfig | undefined> =>
      num === '8001' ? { number: '8001', name: 'main', source: { kind: 'uploaded', fileName: 'x.vxml' }, notes: '' } : undefined,
    save: async () => {},
    delete: async () => {},
  };
  const runner = createIvrRunner({
    configs,
    fetcher,
    clock,
    documentUrl: (c) => `http://ivr.local/ivr/${c.number}.vxml`,
    onStep: (_callId, _ivr, e) => steps.push(e),
  });
  let recordings = 0;
  const channel = new SwitchIvrChannel({
    controller,
    bus,
    model,
    clock,
    channelId: caller.id,
    call: { callId: 'call1', caller: '13800000000', called: '4001', accessNumber: '4001' },
    fetcher,
    tts: speech,
    prompts,
    routes: allRoutes,
    recordingPath: () => join(recordDir, `rec-${++recordings}.wav`),
  });
  const run = (ivrNumber = '8001') => runIvrCall({ channel, runner, ivrNumber });
  const press = (digits: string) => {
    for (const d of digits) model.dtmf(caller.id, d as never, 'rfc4733');
  };
  const state = () => model.findChannel(caller.id)?.state;
  return { clock, bus, model, adapter, controller, caller, channel, prompts, routed, handedOver, steps, run, press, state };
}

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('SwitchIvrChannel', () => {
  it('answers, plays the menu, stops the prompt on a key (barge-in) and follows the choice', async () => {
    const t = setup(
      VXML(`<menu id="m"><prompt bargein="true"><audio src="/audio/welcome.wav"/>请按一</prompt>
        <choice dtmf="1" next="#one"/><choice dtmf="2" next="#two"/></menu>
        <form id="one"><block><prompt bargein="false">选项一</prompt><disconnect/></block></form>
        <form id="two"><block>二</block></form>`),
    );
    const done = t.run();
    await until(() => t.adapter.playing.size === 1, 'the menu prompt');
    assert.equal(t.state(), 'answered');
    const [first] = [...t.adapter.playing.values()];
    assert.equal(first?.media.length, 2, 'audio and TTS in one playback');
    assert.ok(first?.media.every((m) => m.startsWith('mem:')));
    t.press('1');
    await until(() => t.adapter.log.includes('stop-play'), 'the key stops the prompt');
    await until(() => t.adapter.playing.size === 1, 'option one plays');
    t.adapter.finishPlayback();
    const outcome = await done;
    assert.deepEqual(outcome, { kind: 'ran', reason: 'hangup', handedOff: false });
    assert.equal(t.state(), 'hung-up');
    assert.equal(t.model.findChannel(t.caller.id)?.cause, 'normal-clearing');
    assert.ok(t.steps.some((s) => s.type === 'input'));
    assert.equal(t.prompts.size() > 0, true);
  });

  it('keeps keys pressed between collects (type-ahead) and times out with noinput on the clock', async () => {
    const t = setup(
      VXML(`<form id="f"><block><prompt bargein="true">欢迎</prompt></block>
        <field name="d" type="digits?length=2"><prompt bargein="true">请输入</prompt>
          <noinput><log label="ni">noinput</log><exit expr="'ni'"/></noinput>
          <filled><exit expr="d"/></filled></field></form>`),
    );
    const done = t.run();
    await until(() => t.adapter.playing.size === 1, 'the welcome prompt');
    t.press('4'); // barges into the welcome prompt, then counts for the field
    await until(() => t.adapter.log.includes('stop-play'), 'barge-in');
    await settle();
    assert.equal(t.adapter.playing.size, 0, 'the field prompt is skipped: input is already there');
    t.press('2');
    const outcome = await done;
    assert.equal(outcome.kind, 'ran');
    const exit = t.steps.find((s) => s.type === 'exit');
    assert.equal(exit?.value, '42');

    const u = setup(VXML(`<form><field name="d" type="digits"><noinput><exit expr="'ni'"/></noinput></field></form>`));
    const p = u.run();
    await until(() => u.clock.pending() > 0, 'the no-input timer');
    u.clock.advance(4999);
    await settle();
    assert.equal(
      u.steps.find((s) => s.type === 'exit'),
      undefined,
      'still waiting before the 5 s time-out',
    );
    u.clock.advance(1);
    await p;
    assert.equal(u.steps.find((s) => s.type === 'exit')?.value, 'ni');
  });

  it('a key pressed while a bargeable prompt is still being synthesized means the prompt never plays', async () => {
    let release: (() => void) | undefined;
    const slow: TtsProvider = {
      id: 'slow',
      synthesize: async (req) => {
        await new Promise<void>((r) => {
          release = r;
        });
        return ok(toneWav(300 + req.text.length, 100));
      },
    };
    const t = setup(
      VXML(`<form><field name="d" type="digits?length=1"><prompt bargein="true">很长的提示</prompt>
        <filled><exit expr="d"/></filled></field></form>`),
      {},
      tmpdir(),
      slow,
    );
    const done = t.run();
    await until(() => release !== undefined, 'synthesis started');
    t.press('7');
    release?.();
    await done;
    assert.equal(t.steps.find((s) => s.type === 'exit')?.value, '7');
    assert.ok(!t.adapter.log.some((l) => l.startsWith('play')), 'nothing played');
  });

  it('reports the caller hanging up during a collect', async () => {
    const t = setup(VXML(`<form><field name="d" type="digits"/></form>`));
    const done = t.run();
    await until(() => t.clock.pending() > 0, 'the collect');
    t.model.hungUp(t.caller.id, 'normal-clearing', 'remote');
    const outcome = await done;
    assert.equal(outcome.kind === 'ran' && outcome.reason, 'hangup');
    assert.ok(!t.adapter.log.some((l) => l.startsWith('hangup')), 'no hang-up sent to a caller who left');
  });

  it('refuses an unknown IVR number before answering (SIP 404 to the caller)', async () => {
    const t = setup(VXML('<form><block>x</block></form>'));
    const outcome = await t.run('9999');
    assert.deepEqual(outcome, { kind: 'unknown-ivr', ivrNumber: '9999' });
    assert.ok(!t.adapter.log.some((l) => l.startsWith('answer')));
    assert.equal(t.model.findChannel(t.caller.id)?.cause, 'unallocated-number');
  });

  it('sends queue: to the routes (noroute until queues are wired) and hands voicemail: over after the session', async () => {
    const t = setup(
      VXML(`<form><transfer name="q" dest="queue:sales" type="blind"/>
        <catch event="error.connection.noroute"><goto next="#vm"/></catch></form>
        <form id="vm"><transfer name="v" dest="voicemail:1001" type="blind"/></form>`),
    );
    const outcome = await t.run();
    assert.deepEqual(t.routed, [
      { kind: 'queue', target: 'sales' },
      { kind: 'voicemail', target: '1001' },
    ]);
    assert.deepEqual(outcome, { kind: 'ran', reason: 'transfer', handedOff: true });
    assert.deepEqual(t.handedOver, ['voicemail:1001']);
    assert.equal(t.state(), 'answered', 'the voicemail app owns the caller now');
  });

  it('bridges a tel: transfer and returns to the IVR when the far end hangs up', async () => {
    const t = setup(
      VXML(`<form><transfer name="t" dest="tel:1002" type="bridge" connecttimeout="10s" maxtime="0s">
        <filled><exit expr="t"/></filled></transfer></form>`),
    );
    const done = t.run();
    const outbound = () => t.model.listChannels().find((c) => c.direction === 'outbound');
    await until(() => outbound() !== undefined, 'the far end is dialled');
    const leg = outbound();
    assert.ok(leg, 'the far end is dialled');
    t.model.answered(leg.id);
    await settle();
    assert.ok(t.model.findChannel(t.caller.id)?.bridgeId, 'caller and far end are bridged');
    t.model.hungUp(leg.id, 'normal-clearing', 'remote');
    await settle();
    const outcome = await done;
    assert.equal(outcome.kind, 'ran');
    assert.equal(t.steps.find((s) => s.type === 'exit')?.value, 'far_end_disconnect');
    assert.equal(t.model.findChannel(t.caller.id)?.cause, 'normal-clearing', 'the IVR hung up at the end, not the teardown');
  });

  it('maps a bridged transfer that fails: busy, no answer on the connect time-out, no route', async () => {
    const doc = (dest: string) =>
      VXML(`<form><transfer name="t" dest="${dest}" type="bridge" connecttimeout="3s"><filled><exit expr="t"/></filled></transfer>
        <catch event="error.connection.noroute"><exit expr="'noroute'"/></catch></form>`);
    const busy = setup(doc('tel:1002'));
    const p1 = busy.run();
    const outbound = (x: typeof busy) => x.model.listChannels().find((c) => c.direction === 'outbound');
    await until(() => outbound(busy) !== undefined, 'dialled');
    const leg = busy.model.listChannels().find((c) => c.direction === 'outbound');
    assert.ok(leg);
    busy.model.hungUp(leg.id, 'busy', 'remote');
    await p1;
    assert.equal(busy.steps.find((s) => s.type === 'exit')?.value, 'busy');

    const silent = setup(doc('sip:1002@pbx'));
    const p2 = silent.run();
    await until(() => outbound(silent) !== undefined, 'dialled');
    silent.clock.advance(3000);
    await settle();
    await p2;
    assert.equal(silent.steps.find((s) => s.type === 'exit')?.value, 'noanswer');

    const none = setup(doc('tel:5555'));
    await none.run();
    assert.equal(none.steps.find((s) => s.type === 'exit')?.value, 'noroute');
  });

  it('records mono after a beep until the terminating key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rexian-ivr-rec-'));
    dirs.push(dir);
    const t = setup(
      VXML(`<form><record name="msg" beep="true" maxtime="30s" dtmfterm="true" finalsilence="2s">
        <filled><exit namelist="msg$.duration msg$.termchar"/></filled></record></form>`),
      {},
      dir,
    );
    // What the media engine would write: 1.5 s of audio.
    t.adapter.onRecord = (file) => writeFile(file, silenceWav(1500));
    const done = t.run();
    await until(() => t.adapter.playing.size === 1, 'the beep');
    t.adapter.finishPlayback();
    await until(() => t.adapter.log.includes(`record ${t.caller.id}`), 'recording');
    t.press('#');
    await done;
    const rec = t.steps.find((s) => s.type === 'record');
    assert.ok(rec, 'the record step is traced');
    assert.ok(t.adapter.log.some((l) => l.startsWith('stop-record')));
    const exit = t.steps.find((s) => s.type === 'exit');
    assert.deepEqual(exit?.value, { duration: 1500, termchar: '#' });
  });

  it('hangs up once however often it is asked', async () => {
    const t = setup(VXML('<form><block>x</block></form>'));
    await t.channel.hangup();
    await t.channel.hangup();
    assert.equal(t.adapter.log.filter((l) => l.startsWith('hangup')).length, 1);
  });
});

describe('numberOfDestination', () => {
  it('reads tel: and sip: numbers and refuses anything else', () => {
    assert.equal(numberOfDestination('tel:+86-10-1234'), '+86101234');
    assert.equal(numberOfDestination('sip:1002@pbx.example;transport=udp'), '1002');
    assert.equal(numberOfDestination('sip:alice@pbx'), undefined);
    assert.equal(numberOfDestination('mailto:x'), undefined);
  });
});
