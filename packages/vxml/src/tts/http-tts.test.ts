import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createHttpTts } from './http-tts.ts';
import { wavInfo } from './tts-provider.ts';

function wav(sampleRate: number, samples: number): Buffer {
  const data = samples * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  return b;
}

test('HTTP TTS: posts the text as JSON and accepts only 8 kHz 16-bit mono WAV', async () => {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      if (req.url === '/ok') res.end(wav(8000, 800));
      else if (req.url === '/wide') res.end(wav(16000, 800));
      else {
        res.writeHead(503);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await createHttpTts({
      id: 'vendor',
      url: `${base}/ok`,
      defaultVoice: 'xiaoyan',
      headers: { authorization: 'Bearer t' },
    }).synthesize({ text: '您好' });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(wavInfo(ok.value)?.sampleRate, 8000);
    assert.deepEqual(bodies[0], { text: '您好', voice: 'xiaoyan', sampleRate: 8000, format: 'wav' });
    const wide = await createHttpTts({ id: 'v', url: `${base}/wide`, defaultVoice: 'x' }).synthesize({ text: '您好' });
    assert.ok(!wide.ok && /not 8 kHz/.test(wide.error.message));
    const down = await createHttpTts({ id: 'v', url: `${base}/down`, defaultVoice: 'x' }).synthesize({ text: '您好' });
    assert.ok(!down.ok && /HTTP 503/.test(down.error.message));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
