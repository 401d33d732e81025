export * from './agent-password.ts';
export * from './clock.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './logger.ts';
export * from './state-machine.ts';
