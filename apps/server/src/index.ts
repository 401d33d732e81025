export { buildApp } from './app.ts';
export { type Rexian, type StartOptions, startRexian } from './main.ts';
export { closeCrashedCdrsInStore, createCdrStore } from './modules/cdrs/cdr.store.ts';
export { createVoicemailStore, type NewVoicemail } from './modules/voicemails/voicemail.store.ts';
export { checkConsolePassword, hashPassword, verifyPassword } from './security/passwords.ts';
