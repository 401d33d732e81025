import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { voiceFileMaxBytes } from '@rexian/contracts';
import { createTestApp, json, type TestApp } from '../../testing/test-app.ts';
import { makeMp3, makeWav, readWavHeader } from './voice-test-audio.ts';

type Err = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Voice = {
  id: string;
  name: string;
  format: string;
  durationMs: number;
  sampleRate: number;
  sizeBytes: number;
  uploadedBytes: number;
};

describe('voice files (§4.6.5): upload, convert once to 8 kHz, list, play, download, delete', () => {
  let t: TestApp;
  let admin: string;
  const upload = (name: string, bytes: Buffer, fileName = `${name}.wav`, headers: Record<string, string> = {}) =>
    t.request('POST', '/api/v1/voice-files', {
      cookie: admin,
      headers,
      body: { name, fileName, contentBase64: bytes.toString('base64') },
    });
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*) AS n FROM voice_files')).rows[0]?.n;
  before(async () => {
    t = await createTestApp();
    admin = await t.adminCookie();
  });
  after(() => t.close());

  it('converts a 16 kHz WAV made here to 8 kHz 16-bit mono and serves it for playing and download', async () => {
    const wav = makeWav({ sampleRate: 16000, ms: 1500 });
    const r = await upload('欢迎语', wav, 'welcome.wav');
    assert.equal(r.statusCode, 201, r.body);
    const v = json<Voice>(r);
    assert.equal(v.format, 'wav');
    assert.equal(v.sampleRate, 8000);
    assert.equal(v.uploadedBytes, wav.length);
    assert.ok(Math.abs(v.durationMs - 1500) <= 20, `duration ${v.durationMs}`);

    const play = await t.request('GET', `/api/v1/voice-files/${v.id}/audio`, { cookie: admin });
    assert.equal(play.statusCode, 200);
    assert.equal(play.headers['content-type'], 'audio/wav');
    assert.match(String(play.headers['content-disposition']), /^inline; .*filename\*=UTF-8''%E6%AC%A2%E8%BF%8E%E8%AF%AD\.wav$/);
    const h = readWavHeader(play.rawPayload);
    assert.deepEqual(
      { sampleRate: h.sampleRate, channels: h.channels, bits: h.bits },
      { sampleRate: 8000, channels: 1, bits: 16 },
    );
    assert.ok(Math.abs(h.dataBytes - 8000 * 2 * 1.5) <= 320, `data ${h.dataBytes}`);
    assert.equal(play.rawPayload.length, v.sizeBytes);
    // Not silent: the tone survived the conversion.
    let peak = 0;
    for (let o = play.rawPayload.length - h.dataBytes; o + 1 < play.rawPayload.length; o += 2)
      peak = Math.max(peak, Math.abs(play.rawPayload.readInt16LE(o)));
    assert.ok(peak > 8000, `peak ${peak}`);

    const dl = await t.request('GET', `/api/v1/voice-files/${v.id}/audio?download=1`, { cookie: admin });
    assert.match(String(dl.headers['content-disposition']), /^attachment; /);
    assert.deepEqual(dl.rawPayload, play.rawPayload);

    // Seeking: one byte range, and a range past the end.
    const part = await t.request('GET', `/api/v1/voice-files/${v.id}/audio`, {
      cookie: admin,
      headers: { range: 'bytes=100-199' },
    });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 100-199/${v.sizeBytes}`);
    assert.deepEqual(part.rawPayload, play.rawPayload.subarray(100, 200));
    const past = await t.request('GET', `/api/v1/voice-files/${v.id}/audio`, {
      cookie: admin,
      headers: { range: `bytes=${v.sizeBytes}-` },
    });
    assert.equal(past.statusCode, 416);
    assert.equal(past.headers['content-range'], `bytes */${v.sizeBytes}`);

    const audit = await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE target_id = $1', [v.id]);
    assert.deepEqual(
      audit.rows.map((x) => x.action),
      ['voice-file.create'],
    );
  });

  it('converts an MP3 encoded by ffmpeg (libmp3lame) to 8 kHz WAV', async () => {
    const mp3 = await makeMp3(1000);
    const r = await upload('mp3 提示音', mp3, 'tone.mp3');
    assert.equal(r.statusCode, 201, r.body);
    const v = json<Voice>(r);
    assert.equal(v.format, 'mp3');
    assert.ok(Math.abs(v.durationMs - 1000) <= 100, `duration ${v.durationMs}`);
    const play = await t.request('GET', `/api/v1/voice-files/${v.id}/audio`, { cookie: admin });
    assert.equal(readWavHeader(play.rawPayload).sampleRate, 8000);
  });

  it('refuses broken, foreign, oversized and duplicate uploads with stable codes, writing nothing', async () => {
    const before = await count();
    const broken = makeWav({ sampleRate: 16000, ms: 200 });
    broken.writeUInt16LE(77, 20); // an audio format no decoder knows
    broken.writeUInt16LE(0, 22); // and zero channels
    let r = await upload('坏文件', broken);
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_BROKEN');

    // An ID3 tag followed by noise: recognised as MP3 by its first bytes, but ffmpeg finds no audio.
    r = await upload(
      '坏 mp3',
      Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.alloc(2000, 0x41)]),
      'b.mp3',
    );
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_BROKEN');

    r = await upload('文本', Buffer.from('just some text, not audio'), 'a.wav');
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_UNSUPPORTED');

    r = await upload('超大', Buffer.alloc(voiceFileMaxBytes + 1, 0x52), 'big.wav', { 'accept-language': 'en-US' });
    const big = json<Err>(r).error;
    assert.equal(big.code, 'VOICE_FILE_TOO_LARGE');
    assert.equal(big.message, 'A voice file may not be larger than 10 MB');

    r = await t.request('POST', '/api/v1/voice-files', {
      cookie: admin,
      body: { name: 'x', fileName: 'x.wav', contentBase64: 'not base64!' },
    });
    assert.equal(json<Err>(r).error.code, 'VALIDATION_FAILED');

    r = await upload('欢迎语', makeWav({ sampleRate: 8000, ms: 100 }));
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_NAME_TAKEN');
    assert.match(json<Err>(r).error.message, /欢迎语/);
    assert.equal(await count(), before);
  });

  it('refuses a body beyond the route limit before reading it', async () => {
    const r = await t.request('POST', '/api/v1/voice-files', {
      cookie: admin,
      raw: JSON.stringify({ name: 'x', fileName: 'x.wav', contentBase64: 'A'.repeat(15 * 1024 * 1024) }),
    });
    assert.equal(r.statusCode, 413);
    assert.equal(json<Err>(r).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('lists with search and paging', async () => {
    const all = json<{ items: Voice[]; total: number }>(await t.request('GET', '/api/v1/voice-files', { cookie: admin }));
    assert.deepEqual(all.items.map((x) => x.name).sort(), ['mp3 提示音', '欢迎语'].sort());
    const hit = json<{ items: Voice[]; total: number }>(await t.request('GET', '/api/v1/voice-files?q=TONE', { cookie: admin }));
    assert.deepEqual(
      hit.items.map((x) => x.name),
      ['mp3 提示音'],
    );
    assert.equal(hit.total, 1);
    const p2 = json<{ items: Voice[]; total: number }>(
      await t.request('GET', '/api/v1/voice-files?pageSize=1&page=2', { cookie: admin }),
    );
    assert.equal(p2.items.length, 1);
    assert.equal(p2.total, 2);
  });

  it('refuses deleting a voice file an IVR project plays, then deletes it once unused', async () => {
    const v = json<Voice>(await upload('菜单音', makeWav({ sampleRate: 8000, ms: 300 })));
    const p = await t.request('POST', '/api/v1/ivr-projects', {
      cookie: admin,
      body: {
        name: '用到语音的项目',
        timeoutQueue: 'q1',
        root: { kind: 'play', id: 'a', name: '播放', interruptible: false, items: [{ kind: 'voice', voiceFileId: v.id }] },
      },
    });
    assert.equal(p.statusCode, 201, p.body);
    let r = await t.request('DELETE', `/api/v1/voice-files/${v.id}`, { cookie: admin });
    assert.equal(r.statusCode, 409);
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_IN_USE');
    assert.match(json<Err>(r).error.message, /用到语音的项目/);

    const pid = json<{ id: string }>(p).id;
    r = await t.request('PATCH', `/api/v1/ivr-projects/${pid}`, {
      cookie: admin,
      body: { root: { kind: 'hangup', id: 'a', name: '挂断' } },
    });
    assert.equal(r.statusCode, 200, r.body);
    r = await t.request('DELETE', `/api/v1/voice-files/${v.id}`, { cookie: admin });
    assert.equal(r.statusCode, 200, r.body);
    r = await t.request('GET', `/api/v1/voice-files/${v.id}/audio`, { cookie: admin });
    assert.equal(json<Err>(r).error.code, 'VOICE_FILE_NOT_FOUND');
  });
});
