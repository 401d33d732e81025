// Errors

// Codecs and the resampler
export * from './codecs/codec.ts';
export { ALAW_SILENCE, decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw, MULAW_SILENCE } from './codecs/g711.ts';
export { G722Decoder } from './codecs/g722-decoder.ts';
export { G722Encoder } from './codecs/g722-encoder.ts';
export { designResampler, Resampler, resample } from './codecs/resampler.ts';
// Pure processors
export * from './dsp/dtmf-detector.ts';
export * from './dsp/dtmf-event.ts';
export * from './dsp/dtmf-rfc4733-receiver.ts';
export * from './dsp/dtmf-rfc4733-sender.ts';
export { Goertzel } from './dsp/goertzel.ts';
export * from './dsp/jitter-buffer.ts';
export * from './dsp/mixer.ts';
export * from './dsp/packet-loss-concealment.ts';
export * from './dsp/player.ts';
export * from './dsp/recorder.ts';
export * from './dsp/silence-detector.ts';
export * from './dsp/tone-generator.ts';
// Engine (control side; the workers load shard-worker.ts themselves)
export { MediaClock, type MediaClockStats } from './engine/media-clock.ts';
export { MediaEngine, type MediaEngineEvents, type MediaEngineOptions } from './engine/media-engine.ts';
export type * from './engine/protocol.ts';
/** The UDP batching addon itself, for benchmarks and diagnostics (the engine loads it on its own). */
export { loadUdpBatch, type UdpBatchAddon } from './engine/udp-batch-addon.ts';
export * from './errors.ts';
// File formats (prompts and recordings)
export * from './formats/mp3.ts';
export * from './formats/prompt-loader.ts';
export * from './formats/wav-reader.ts';
export * from './formats/wav-writer.ts';
// RTP / RTCP
export * from './rtp/port-allocator.ts';
export * from './rtp/receive-stats.ts';
export * from './rtp/rtcp-packet.ts';
export * from './rtp/rtp-latch.ts';
export * from './rtp/rtp-packet.ts';
export * from './rtp/rtp-packetizer.ts';
export * from './rtp/sequence.ts';
