import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { VirtualClock } from '@rexian/kernel';
import type { TransferOutcome } from '../channel/channel-port.ts';
import type { ChannelScript, DtmfTurn, RecordTurn } from '../channel/fake-channel.ts';
import { compileProject } from '../designer/designer-compiler.ts';
import type { IvrProject } from '../designer/designer-model.ts';
import type { Fetcher } from '../fetch/fetcher-port.ts';
import { createHttpFetcher } from '../fetch/http-fetcher.ts';
import type { CannedResponse } from '../fetch/static-fetcher.ts';
import { createFileFetcher, createStaticFetcher } from '../fetch/static-fetcher.ts';
import { parseVxml } from '../parser/parse-vxml.ts';
import { runScripted } from '../testing/run-scripted.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export const ivrUsage = `usage:
  rexian ivr run <file.vxml> [--dtmf "1,2#,noinput,hangup"] [--caller N] [--called N] [--access-number N]
                 [--call-id ID] [--transfer noanswer,busy] [--record 3000,noinput] [--allow-host host:port]...
                 [--fetch canned.json] [--no-audio-fetch] [--ms-per-char 120]
  rexian ivr check <file.vxml>
  rexian ivr build <project.json> [--voice name=url]...
`;

/**
 * \`rexian ivr …\` (argv without "ivr"): run a document against a scripted caller and print the JSON
 * trace, check a document, or build a designer project into VoiceXML. Returns the exit code:
 * 0 ok, 1 the document failed (invalid, or the call ended in error), 2 usage.
 */
export async function ivrCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'run') return await runCommand(rest, io);
    if (command === 'check') return await checkCommand(rest, io);
    if (command === 'build') return await buildCommand(rest, io);
  } catch (e) {
    io.err(`rexian ivr: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  io.err(ivrUsage);
  return 2;
}

async function runCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dtmf: { type: 'string', default: '' },
      caller: { type: 'string', default: '13800138000' },
      called: { type: 'string', default: '4008001000' },
      'access-number': { type: 'string' },
      'call-id': { type: 'string', default: 'cli-call' },
      transfer: { type: 'string', default: '' },
      record: { type: 'string', default: '' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      fetch: { type: 'string' },
      'no-audio-fetch': { type: 'boolean', default: false },
      'ms-per-char': { type: 'string', default: '0' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error(`missing <file.vxml>\n${ivrUsage}`);
  const path = resolve(file);
  const text = await readFile(path, 'utf8');
  const script: ChannelScript = {
    msPerChar: Number(values['ms-per-char']) || 0,
    call: {
      caller: values.caller,
      called: values.called,
      accessNumber: values['access-number'] ?? values.called,
      callId: values['call-id'],
    },
    dtmf: splitList(values.dtmf).map((t): DtmfTurn => t),
    transfers: splitList(values.transfer) as TransferOutcome[],
    records: splitList(values.record).map((t): RecordTurn => (t === 'noinput' || t === 'hangup' ? t : { durationMs: Number(t) })),
  };
  const http = createHttpFetcher({ allowHosts: values['allow-host'] });
  let fetcher: Fetcher = createFileFetcher(dirname(path), http);
  if (values.fetch) {
    const canned = JSON.parse(await readFile(resolve(values.fetch), 'utf8')) as Record<string, CannedResponse>;
    const stat = createStaticFetcher(canned, new VirtualClock());
    const inner = fetcher;
    fetcher = { fetch: (req) => (canned[req.url.split('?')[0] ?? req.url] ? stat.fetch(req) : inner.fetch(req)) };
  }
  const r = await runScripted({
    document: { uri: pathToFileURL(path).href, text },
    script,
    fetcher,
    fetchAudio: !values['no-audio-fetch'],
  });
  io.out(`${JSON.stringify({ result: r.result, durationMs: r.durationMs, trace: r.trace }, null, 2)}\n`);
  return r.result.reason === 'error' ? 1 : 0;
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const file = args[0];
  if (!file) throw new Error(`missing <file.vxml>\n${ivrUsage}`);
  const r = parseVxml(await readFile(resolve(file), 'utf8'));
  if (r.ok) {
    io.out(`${JSON.stringify({ ok: true, dialogs: r.value.dialogs.map((d) => d.id) })}\n`);
    return 0;
  }
  const issues = (r.error.details?.issues as unknown[] | undefined) ?? [
    { message: r.error.message, line: r.error.details?.line, column: r.error.details?.column },
  ];
  io.out(`${JSON.stringify({ ok: false, code: r.error.code, issues }, null, 2)}\n`);
  return 1;
}

async function buildCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { voice: { type: 'string', multiple: true, default: [] } },
  });
  const file = positionals[0];
  if (!file) throw new Error(`missing <project.json>\n${ivrUsage}`);
  const project = JSON.parse(await readFile(resolve(file), 'utf8')) as IvrProject;
  const voiceFiles = new Map(values.voice.map((v) => v.split('=', 2) as [string, string]));
  const r = compileProject(project, { voiceFiles });
  if (!r.ok) {
    io.out(`${JSON.stringify({ ok: false, issues: r.error }, null, 2)}\n`);
    return 1;
  }
  io.out(r.value);
  return 0;
}
