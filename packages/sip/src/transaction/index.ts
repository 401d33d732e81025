export * from './invite-client-transaction.ts';
export * from './invite-server-transaction.ts';
export * from './non-invite-client-transaction.ts';
export * from './non-invite-server-transaction.ts';
export * from './timers.ts';
export type { TransactionContext, TransactionIo } from './transaction-base.ts';
export * from './transaction-key.ts';
export * from './transaction-layer.ts';
