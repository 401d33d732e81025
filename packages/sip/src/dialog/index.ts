export * from './dialog.ts';
export * from './refer.ts';
export * from './reliable-provisional.ts';
export * from './replaces.ts';
export * from './session-timer.ts';
