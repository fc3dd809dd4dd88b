// Paths, the dynorun entry point under test, and the one error that stops the harness.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH_DIR, '..');
export const FIXTURES = join(BENCH_DIR, 'fixtures');
export const SCRATCH = join(BENCH_DIR, '.scratch');
export const HOOK_URL = pathToFileURL(join(BENCH_DIR, 'rusage-hook.mjs')).href;
export const TIME_BIN = '/usr/bin/time';
export const DEFAULT_DYNORUN = join(ROOT, 'bin', 'dynorun.js');

/** The harness could not measure (as opposed to a target missed, which is only reported). */
export class HarnessError extends Error {}

let dynorunBin = DEFAULT_DYNORUN;

/** The dynorun entry point measured: this checkout's, or `--dynorun FILE`. */
export function dynorun() {
  return dynorunBin;
}

export function useDynorun(file) {
  dynorunBin = file;
}

/**
 * The Node options a script's `#!/usr/bin/env -S node …` line gives it: run as `node script`,
 * it must get them too, or the bench would measure something no user runs.
 */
export function shebangOptions(script) {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\S*env -S node((?: -\S+)*)\s*$/.exec(first);
  return match ? match[1].trim().split(' ').filter(Boolean) : [];
}

/** argv that runs the dynorun under test with `args`, as its shebang would. */
export function dynorunArgv(...args) {
  return [process.execPath, ...shebangOptions(dynorunBin), dynorunBin, ...args];
}

/** A one-line status on a terminal's stderr, overwritten by the next; '' clears it. */
export function progress(text) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}
