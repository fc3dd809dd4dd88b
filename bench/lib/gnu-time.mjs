// GNU time (`/usr/bin/time -v`): what a command and every child it waited for used.
import { readFileSync } from 'node:fs';
import { HarnessError, TIME_BIN } from './setup.mjs';

/** The arguments that put a command under GNU time, writing its report to `file`. */
export function timeArgs(file) {
  return [TIME_BIN, '-v', '-o', file];
}

/**
 * Reads a `time -v` report: wall time, peak RSS (the largest of the command and the children
 * it waited for: ru_maxrss of each, not their sum) and CPU time of them all.
 */
export function readTimeReport(file) {
  const text = readFileSync(file, 'utf8');
  const field = (label) => {
    const line = text.split('\n').find((l) => l.trim().startsWith(label));
    return line?.slice(line.lastIndexOf(': ') + 2).trim();
  };
  const user = Number(field('User time (seconds)'));
  const system = Number(field('System time (seconds)'));
  const maxRssKiB = Number(field('Maximum resident set size (kbytes)'));
  const wall = field('Elapsed (wall clock) time')
    ?.split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  if (![user, system, maxRssKiB, wall].every(Number.isFinite)) {
    throw new HarnessError(`unexpected ${TIME_BIN} report in ${file}:\n${text}`);
  }
  return { wallS: wall, maxRssMB: maxRssKiB / 1024, cpuS: user + system };
}
