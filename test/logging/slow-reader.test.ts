// With stdout piped into a reader that reads slowly, dynorun stops reading from the dynos
// instead of buffering: its memory stays bounded, the producers wait, and no line is lost.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, makeApp, PROCESSES } from '../helpers/cli.js';
import { eventually, killAll, processesWithMarker, runMarker } from '../helpers/processes.js';

const TAGS = ['a', 'b', 'c', 'd'];
const LINES = 250_000; // ~22 MB a producer, 90 MB in all
const RSS_BOUND_MB = 150;
// Bytes the producers may be ahead of the reader: pipe and socket buffers, dynorun's read
// chunks and its output stream's buffer. Far below the 90 MB an unbounded buffer would hold.
const IN_FLIGHT_BOUND = 16 * 1024 * 1024;
const SLOW_PHASE_BYTES = 192 * 1024; // about 2.5 s at 4 KiB every 50 ms

let marker = '';
afterEach(() => killAll(processesWithMarker(marker)));

function readNumber(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/** Bytes flood.mjs writes for COUNT lines of a one-letter tag: `a <n> <80 × p>\n`. */
function floodBytes(count: number): number {
  let bytes = 0;
  for (let n = 0; n < count; n++) bytes += 2 + String(n).length + 1 + 80 + 1;
  return bytes;
}

/** dynorun's resident memory now and at its peak, in MB, while it runs. */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

describe('a slow reader of dynorun’s stdout', () => {
  it('slows the producers, keeps dynorun’s memory bounded and loses no line', async () => {
    const tagged = runMarker();
    marker = tagged.marker;
    const cwd = makeApp({
      Procfile: TAGS.map(
        (tag) => `${tag}: node ${PROCESSES}/flood.mjs ${tag} ${LINES} ${tag}.progress\n`,
      ).join(''),
    });
    const reader = spawn(process.execPath, [join(PROCESSES, 'slow-reader.mjs'), cwd], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const dynorun = spawn(
      process.execPath,
      [BIN, 'start', '--no-timestamp', '--restart', 'never'],
      {
        cwd,
        env: { ...process.env, NO_COLOR: '1', ...tagged.env },
        stdio: ['ignore', reader.stdin, 'inherit'],
      },
    );
    reader.stdin?.destroy(); // the reader sees the end of its input when dynorun exits
    const dynorunExit = new Promise((resolve) => dynorun.once('exit', resolve));
    const readerExit = new Promise((resolve) => reader.once('exit', resolve));

    let peakMB = 0;
    const sampler = setInterval(() => {
      const memory = memoryOf(dynorun.pid as number);
      if (memory) peakMB = Math.max(peakMB, memory.rss, memory.peak);
    }, 50);

    const readBytes = () => readNumber(join(cwd, 'read'));
    await eventually(
      () => readBytes() >= SLOW_PHASE_BYTES,
      () => `the reader read only ${readBytes()} bytes`,
      30_000,
    );
    const written = TAGS.map((tag) => readNumber(join(cwd, `${tag}.progress`)));
    const inFlight = written.reduce((sum, bytes) => sum + bytes, 0) - readBytes();
    writeFileSync(join(cwd, 'go'), '');

    expect(await dynorunExit).toBe(0);
    await readerExit;
    clearInterval(sampler);
    const summary = JSON.parse(readFileSync(join(cwd, 'summary.json'), 'utf8'));

    expect(inFlight, `producers ahead of the reader by ${inFlight} bytes`).toBeLessThan(
      IN_FLIGHT_BOUND,
    );
    for (const bytes of written) expect(bytes).toBeLessThan(floodBytes(LINES));
    expect(peakMB, `dynorun's peak RSS ${peakMB.toFixed(1)} MB`).toBeLessThan(RSS_BOUND_MB);
    expect(peakMB).toBeGreaterThan(0);
    expect(summary.bad).toEqual([]);
    expect(summary.lines).toEqual(Object.fromEntries(TAGS.map((tag) => [`${tag}.1`, LINES])));
    expect(processesWithMarker(marker)).toEqual([]);
  }, 90_000);
});
