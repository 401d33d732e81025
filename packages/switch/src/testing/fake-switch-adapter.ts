import type { BridgeSnapshot, ChannelSnapshot } from '../call/call-types.ts';
import type { SwitchAdapter } from '../call/switch-adapter.port.ts';
import type { HangupCause } from '../cdr/hangup-cause.ts';

/** Test support: records every command in order and fails the ones the test asks it to. */
export class FakeSwitchAdapter implements SwitchAdapter {
  readonly log: string[] = [];
  readonly bridges: BridgeSnapshot[] = [];
  /** Command names that reject with this error. */
  readonly failures = new Map<string, Error>();

  private step(entry: string, op: string): Promise<void> {
    this.log.push(entry);
    const failure = this.failures.get(op);
    return failure ? Promise.reject(failure) : Promise.resolve();
  }

  answer(c: ChannelSnapshot) {
    return this.step(`answer ${c.id}`, 'answer');
  }
  hangup(c: ChannelSnapshot, cause: HangupCause) {
    return this.step(`hangup ${c.id} ${cause}`, 'hangup');
  }
  hold(c: ChannelSnapshot) {
    return this.step(`hold ${c.id}`, 'hold');
  }
  unhold(c: ChannelSnapshot) {
    return this.step(`unhold ${c.id}`, 'unhold');
  }
  originate(c: ChannelSnapshot, r: { destination: string; callerId: string; autoAnswer?: boolean }) {
    return this.step(`originate ${c.id} ${r.destination} from ${r.callerId}${r.autoAnswer ? ' auto-answer' : ''}`, 'originate');
  }
  applyBridge(b: BridgeSnapshot) {
    this.bridges.push(b);
    return this.step(`bridge ${b.id} ${b.closed ? 'closed' : `${b.mode} [${b.members.join(',')}]`}`, 'applyBridge');
  }
  async play(c: ChannelSnapshot, r: { playbackId: string; media: readonly string[] }) {
    await this.step(`play ${c.id} ${r.media.join(',')}`, 'play');
    return true;
  }
  stopPlayback(playbackId: string) {
    return this.step(`stop-play ${playbackId}`, 'stopPlayback');
  }
  startRecording(r: { recordingId: string; target: { kind: 'channel' | 'bridge'; id: string }; file: string }) {
    return this.step(`record ${r.target.kind}:${r.target.id} ${r.file}`, 'startRecording');
  }
  stopRecording(recordingId: string) {
    return this.step(`stop-record ${recordingId}`, 'stopRecording');
  }
}
