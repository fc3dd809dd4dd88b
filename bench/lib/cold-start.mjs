// Cold start: `dynorun check` against `node -e 0`, alternating, each under GNU time for its
// peak RSS; the wall time is taken here, GNU time's is only in 10 ms steps.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readTimeReport, timeArgs } from './gnu-time.mjs';
import { baseEnv, exited, track } from './processes.mjs';
import { dynorunArgv, HarnessError, progress } from './setup.mjs';
import { fixed, median, spread } from './stats.mjs';

const TARGET_MS = 150;

export async function runColdStart(options, tmp) {
  const dir = join(tmp, 'cold');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 1000\nworker: sleep 1000\n');
  const cases = {
    node: [process.execPath, '-e', '0'],
    check: dynorunArgv('check'),
  };
  const runs = { node: [], check: [] };
  for (let i = 0; i < options.coldRuns; i++) {
    progress(`cold start: run ${i + 1}`);
    for (const [name, argv] of Object.entries(cases)) runs[name].push(await timed(argv, dir));
  }
  progress('');
  return runs;
}

async function timed(argv, cwd) {
  const report = join(cwd, 'time.txt');
  const [bin, ...args] = [...timeArgs(report), ...argv];
  const started = performance.now();
  const child = track(spawn(bin, args, { cwd, env: baseEnv(), stdio: 'ignore' }));
  const { code } = await exited(child);
  const ms = performance.now() - started;
  if (code !== 0) throw new HarnessError(`${argv.join(' ')} exited with code ${code}`);
  return { ms, rssMB: readTimeReport(report).maxRssMB };
}

export function coldStartTargets({ node, check }) {
  const ms = (runs) => median(runs.map((r) => r.ms));
  const rss = (runs) => fixed(median(runs.map((r) => r.rssMB)), 1);
  return [
    {
      target: '`dynorun check` cold start',
      goal: `≤ ${TARGET_MS} ms`,
      measured: `${fixed(ms(check), 1)} ms (${spread(
        check.map((r) => r.ms),
        0,
      )})`,
      baseline: `${fixed(ms(node), 1)} ms (node -e 0)`,
      ratio: fixed(ms(check) / ms(node), 2),
      pass: ms(check) <= TARGET_MS,
      note: `peak RSS ${rss(check)} MB (node -e 0: ${rss(node)} MB)`,
    },
  ];
}
