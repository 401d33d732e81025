export * from './auth/index.ts';
export * from './dialog/index.ts';
export * from './errors.ts';
export * from './message/index.ts';
export * from './registrar/index.ts';
export * from './transaction/index.ts';
export * from './transport/index.ts';
export * from './ua/index.ts';
