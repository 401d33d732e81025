export * from './ban-list.ts';
export * from './digest-client.ts';
export * from './digest-hash.ts';
export * from './digest-header.ts';
export * from './digest-server.ts';
export * from './nonce.ts';
export * from './scanner.ts';
