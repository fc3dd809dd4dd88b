// A dyno's half-written line must not hold back another dyno's output: the latency of dyno
// B's lines through dynorun while dyno A has a partial line pending, against the latency of
// the same lines read straight from B.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDynorun } from './dynorun-run.mjs';
import { exited, startWatched } from './processes.mjs';
import { FIXTURES, HarnessError, progress } from './setup.mjs';
import { fixed, max, median, percentile } from './stats.mjs';

const TARGET_MS = 10;
const LINES = 200;
const INTERVAL_MS = 10;
const WAIT_MS = 500; // A writes its partial line well before B's first line
const STAMP = /stamp \d+ ([\d.]+)$/;

export async function runHoldBack(tmp) {
  const stamped = `node ${join(FIXTURES, 'stamped-lines.mjs')} ${LINES} ${INTERVAL_MS} ${WAIT_MS}`;
  const hold = WAIT_MS + LINES * INTERVAL_MS + 1_000;

  progress('hold-back: B read directly');
  const direct = [];
  const straight = startWatched(['/bin/sh', '-c', `exec ${stamped}`], {
    onLine: (line, at) => latency(line, at, direct),
  });
  await exited(straight.child);

  progress('hold-back: B through dynorun, A half-written');
  const through = [];
  let aBeforeB = false;
  const procfile = `a: node ${join(FIXTURES, 'half-line.mjs')} ${hold}\nb: ${stamped}\n`;
  const run = await startDynorun({
    tmp,
    name: 'hold-back',
    procfile,
    args: ['--restart', 'never'],
    dynos: 2,
    onLine: (line, at) => {
      if (line.startsWith('a.1 ') && through.length < LINES) aBeforeB = true;
      if (line.startsWith('b.1 ')) latency(line, at, through);
    },
  });
  await run.gone;
  progress('');
  const aLines = run.lines.filter((line) => line.startsWith('a.1 '));
  if (through.length !== LINES || direct.length !== LINES || aLines.length !== 1) {
    throw new HarnessError(`hold-back: lines missing\n${run.lines.slice(-10).join('\n')}`);
  }
  return { direct, through, aBeforeB, aWhole: /half-written line\.+ end$/.test(aLines[0]) };
}

function latency(line, at, into) {
  const match = STAMP.exec(line);
  if (match) into.push(performance.timeOrigin + at - Number(match[1]));
}

export function holdBackTargets({ direct, through, aBeforeB, aWhole }) {
  const extra = max(through) - max(direct);
  const describe = (values) =>
    `median ${fixed(median(values), 2)}, p99 ${fixed(percentile(values, 0.99), 2)}, ` +
    `max ${fixed(max(values), 2)} ms`;
  return [
    {
      target: `B's line latency while A holds a half line (max of ${LINES})`,
      goal: `≤ direct + ${TARGET_MS} ms`,
      measured: `${fixed(max(through), 2)} ms`,
      baseline: `${fixed(max(direct), 2)} ms (B read directly)`,
      ratio: fixed(max(through) / max(direct), 1),
      pass: extra <= TARGET_MS && !aBeforeB && aWhole,
      note:
        `through dynorun: ${describe(through)}; directly: ${describe(direct)}; ` +
        `A's line ${aWhole ? 'arrived whole after B' : 'was damaged'}`,
    },
  ];
}
