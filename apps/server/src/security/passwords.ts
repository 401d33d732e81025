import { hash, verify } from '@node-rs/argon2';
import { AppError } from '@rexian/kernel';
import { commonPasswords } from './common-passwords.ts';

/**
 * Secrets are hashed with argon2id (RFC 9106 second recommended profile: m=19 MiB, t=2, p=1, as OWASP
 * suggests). @node-rs/argon2 ships prebuilt binaries, so no compiler is needed on install.
 */
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A hash of a random string: verifying against it for unknown users keeps both answers equally slow. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummy;
}

export const CONSOLE_PASSWORD_MIN = 8;

/** Console users (§4.11.3): at least 8 characters, not a common password, not the user name. */
export function checkConsolePassword(password: string, username: string): void {
  if ([...password].length < CONSOLE_PASSWORD_MIN) {
    throw new AppError('PASSWORD_TOO_SHORT', 'password too short', { details: { min: CONSOLE_PASSWORD_MIN } });
  }
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) throw new AppError('PASSWORD_TOO_COMMON', 'password is too common');
  if (username.length >= 3 && lower.includes(username.toLowerCase())) {
    throw new AppError('PASSWORD_CONTAINS_USERNAME', 'password contains the user name');
  }
}
