/** 8 kHz 16-bit mono PCM as WAV bytes (the telephone format every prompt here uses). */
function wav(samples: Int16Array): Uint8Array {
  const rate = 8000;
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const tag = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  tag(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  tag(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i] ?? 0, true);
  return out;
}

/** A pause (`<break>`), capped at one minute. */
export function silenceWav(ms: number): Uint8Array {
  return wav(new Int16Array(Math.round((8 * Math.min(ms, 60_000)) | 0)));
}

/** A sine tone (the `<record>` beep). */
export function toneWav(hz: number, ms: number): Uint8Array {
  const n = Math.round(8 * ms);
  const s = new Int16Array(n);
  for (let i = 0; i < n; i++) s[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  return wav(s);
}
