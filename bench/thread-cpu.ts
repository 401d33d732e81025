/**
 * CPU per thread of this process, from /proc/self/task (Linux): which part of the server a benchmark's CPU
 * went to — the main event loop, V8's helper threads (garbage collection, optimising compilers), the media
 * workers, libuv's pool. `process.cpuUsage()` gives only the sum. Counted in clock ticks (10 ms here), so
 * it is for runs of seconds, not milliseconds; an empty object where /proc is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

type Sample = Map<string, { name: string; ticks: number }>;

export function sampleThreads(): Sample {
  const out: Sample = new Map();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      // Fields after the name: state is field 3; utime and stime are fields 14 and 15 (proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

const GROUPS: Array<[RegExp, string]> = [
  [/^MainThread$|^node$/, 'main'],
  [/^V8Worker$/, 'v8Helpers'],
  [/^WorkerThread$/, 'workers'],
  [/^libuv-worker$/, 'libuvPool'],
];

/** Milliseconds of CPU per thread group between two samples (threads that ended meanwhile are not seen). */
export function threadCpuMs(before: Sample, after: Sample, msPerTick = 10): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, t] of after) {
    const group = GROUPS.find(([re]) => re.test(t.name))?.[1] ?? 'other';
    const ms = (t.ticks - (before.get(tid)?.ticks ?? 0)) * msPerTick;
    out[group] = (out[group] ?? 0) + ms;
  }
  return out;
}
