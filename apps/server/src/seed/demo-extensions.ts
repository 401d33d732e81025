import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '@rexian/db';
import { newId } from '@rexian/kernel';
import { digestHa1, generateExtensionPassword } from '../modules/extensions/digest-secrets.ts';

export const DEMO_EXTENSIONS = ['8001', '8002', '8003', '8004', '8005'];

/**
 * Demo extensions 8001–8005 with generated passwords. Only in demo mode, and only then, the passwords are
 * written to `<dataDir>/demo-credentials.json` with mode 0600 so the administrator can configure phones;
 * the database keeps only digest hashes.
 */
export async function seedDemoExtensions(db: Database, realm: string, dataDir: string | null): Promise<boolean> {
  const existing = await db.query<{ n: number }>('SELECT count(*) AS n FROM extensions');
  if ((existing.rows[0]?.n ?? 0) > 0) return false;
  const credentials: { number: string; password: string; realm: string }[] = [];
  for (const number of DEMO_EXTENSIONS) {
    const password = generateExtensionPassword();
    const ha1 = digestHa1(number, realm, password);
    await db.query(
      `INSERT INTO extensions (id, number, display_name, realm, ha1_md5, ha1_sha256) VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId(), number, `Demo ${number}`, realm, ha1.md5, ha1.sha256],
    );
    credentials.push({ number, password, realm });
  }
  if (dataDir) {
    const file = demoCredentialsPath(dataDir);
    writeFileSync(
      file,
      `${JSON.stringify({ note: 'Demo SIP credentials. Delete this file in production.', extensions: credentials }, null, 2)}\n`,
      { mode: 0o600 },
    );
    chmodSync(file, 0o600);
  }
  return true;
}

export const demoCredentialsPath = (dataDir: string) => join(dataDir, 'demo-credentials.json');

export function readDemoCredentials(dataDir: string | null): { number: string; password: string; realm: string }[] | null {
  if (!dataDir) return null;
  const file = demoCredentialsPath(dataDir);
  if (!existsSync(file)) return null;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { extensions: { number: string; password: string; realm: string }[] })
      .extensions;
  } catch {
    return null;
  }
}
