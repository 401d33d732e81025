export { buildApp } from './app.ts';
export { type Rexian, type StartOptions, startRexian } from './main.ts';
export { checkConsolePassword, hashPassword, verifyPassword } from './security/passwords.ts';
