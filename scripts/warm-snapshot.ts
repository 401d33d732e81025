// Builds the migrated PGlite snapshot (.rexian/cache) once, so parallel test files restore it instead
// of each running initdb.
import { ensureSnapshot, testCacheDir } from '@rexian/db';

const t = performance.now();
await ensureSnapshot(testCacheDir);
process.stdout.write(`snapshot ready in ${Math.round(performance.now() - t)} ms\n`);
