#!/usr/bin/env node
/**
 * `./rexian <command>`: start | migrate | config | simulate <scenario.json> | ivr run <file.vxml> …
 * One process serves the console, the API and (as later issues land) SIP and media.
 */
import { ConfigError, configReference, loadConfig } from '@rexian/config';
import { openDatabase } from '@rexian/db';
import { cacheDir, startRexian } from './main.ts';

async function start(): Promise<number> {
  const rexian = await startRexian();
  process.stdout.write(`\nRexian 热线 is ready: ${rexian.url}  (API docs: ${rexian.url}/api/docs)\n\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rexian.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      rexian.app.log.error({}, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, rexian.config.server.shutdownGraceMs);
    force.unref();
    await rexian.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => {});
}

async function migrateOnly(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({
    url: config.database.url,
    dataDir: config.database.dataDir === ':memory:' ? undefined : config.database.dataDir,
    cacheDir: config.database.cacheDir ?? cacheDir,
  });
  await db.close();
  process.stdout.write('migrations applied\n');
  return 0;
}

function printConfig(): number {
  for (const r of configReference()) process.stdout.write(`${r.env}\t${r.default}\t${r.doc}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'migrate':
      return migrateOnly();
    case 'config':
      return printConfig();
    case 'simulate': {
      const acd = (await import('@rexian/acd')) as { simulateCli?: (a: string[]) => Promise<number> };
      if (!acd.simulateCli) throw new Error('the ACD simulator is not available in this build');
      return acd.simulateCli(rest);
    }
    case 'ivr': {
      const vxml = (await import('@rexian/vxml')) as { ivrCli?: (a: string[]) => Promise<number> };
      if (!vxml.ivrCli) throw new Error('the IVR runner is not available in this build');
      return vxml.ivrCli(rest);
    }
    default:
      process.stderr.write(
        'usage: rexian start | migrate | config | simulate <scenario.json> | ivr run <file.vxml> [--dtmf 1,2#] [--caller N]\n',
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`rexian: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    process.stderr.write(`rexian: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
