import { createHash } from 'node:crypto';

/**
 * The slice of RFC 6455 that RFC 7118 (SIP over WebSocket) needs: the opening handshake's accept key
 * and a frame decoder/encoder. Written here rather than taking the `ws` package: the server only has
 * to carry whole SIP messages per frame, and the decoder enforces our size limit before buffering.
 */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(secWebSocketKey: string): string {
  return createHash('sha1')
    .update(secWebSocketKey + GUID)
    .digest('base64');
}

export type WsFrame = { readonly fin: boolean; readonly opcode: number; readonly payload: Buffer };

export type WsDecodeResult = { ok: true; frames: WsFrame[] } | { ok: false; reason: string; closeCode: number };

/** Incremental decoder of client frames; every client frame MUST be masked (RFC 6455 §5.1). */
export function createFrameDecoder(maxPayload: number) {
  let buf: Buffer = Buffer.alloc(0);
  return {
    push(chunk: Buffer): WsDecodeResult {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const frames: WsFrame[] = [];
      for (;;) {
        if (buf.length < 2) break;
        const b0 = buf[0] as number;
        const b1 = buf[1] as number;
        if ((b0 & 0x70) !== 0) return { ok: false, reason: 'reserved bits set', closeCode: 1002 };
        if ((b1 & 0x80) === 0) return { ok: false, reason: 'unmasked client frame', closeCode: 1002 };
        let len = b1 & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buf.length < 4) break;
          len = buf.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (buf.length < 10) break;
          const big = buf.readBigUInt64BE(2);
          if (big > BigInt(maxPayload)) return { ok: false, reason: 'frame too large', closeCode: 1009 };
          len = Number(big);
          offset = 10;
        }
        if (len > maxPayload) return { ok: false, reason: 'frame too large', closeCode: 1009 };
        if (buf.length < offset + 4 + len) break;
        const mask = buf.subarray(offset, offset + 4);
        const payload = Buffer.from(buf.subarray(offset + 4, offset + 4 + len));
        for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i & 3] as number);
        frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
        buf = buf.subarray(offset + 4 + len);
      }
      return { ok: true, frames };
    },
  };
}

/** A server frame (unmasked, FIN set). */
export function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.alloc(2) : len < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = 0x80 | opcode;
  if (len < 126) head[1] = len;
  else if (len < 65536) {
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export const WS_OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
