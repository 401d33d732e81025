export * from './binding.ts';
export * from './nat-keepalive.ts';
export * from './register-logic.ts';
export * from './registrar.ts';
