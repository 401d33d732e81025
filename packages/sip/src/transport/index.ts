export * from './rate-limiter.ts';
export * from './stream-transport.ts';
export * from './transport.ts';
export * from './udp-transport.ts';
export * from './via-received.ts';
export { acceptKey, createFrameDecoder, encodeFrame, WS_OPCODE } from './ws-frame.ts';
export * from './ws-transport.ts';
