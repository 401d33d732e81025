export * from './access.ts';
export * from './auth.ts';
export * from './common.ts';
export * from './error-codes.ts';
export * from './extensions.ts';
export * from './organisation.ts';
export * from './passwords.ts';
export * from './permissions.ts';
