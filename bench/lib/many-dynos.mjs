// 200 dynos in one formation: they start, every one's lines arrive whole under its name, the
// stop leaves nothing, and each dyno beyond a small formation costs little memory.
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { startDynorun, stopAndTime } from './dynorun-run.mjs';
import { readMemory } from './proc.mjs';
import { progress } from './setup.mjs';
import { fixed } from './stats.mjs';

const TARGET_MB_PER_DYNO = 0.5;
const LINES_EACH = 3;
const SETTLE_MS = 2_000;
const COMMAND = `for i in 1 2 3; do echo "$DYNO line $i"; done; exec sleep 1000`;
const PROCFILE = `a: ${COMMAND}\nb: ${COMMAND}\n`;
const LARGE = { a: 100, b: 100 }; // 100 is the most one type may have
const SMALL = { a: 3, b: 2 };

export async function runManyDynos(tmp) {
  progress('200 dynos');
  const large = await formation(tmp, 'many', LARGE);
  progress('5 dynos');
  const small = await formation(tmp, 'few', SMALL);
  progress('');
  return { large, small };
}

async function formation(tmp, name, counts) {
  const dynos = counts.a + counts.b;
  const spec = `a=${counts.a},b=${counts.b}`;
  const started = performance.now();
  const run = await startDynorun({
    tmp,
    name,
    procfile: PROCFILE,
    args: ['-m', spec, '-p', '22000'],
    dynos,
  });
  const own = (lines) => lines.filter((line) => / line \d$/.test(line)).length;
  await run.waitFor((lines) => own(lines) >= dynos * LINES_EACH, `${name}: every line`, 120_000);
  const startMs = performance.now() - started;
  await delay(SETTLE_MS);
  const memory = readMemory(run.child.pid);
  const stop = await stopAndTime(run);
  const killed = run.lines.some((line) => /sending SIGKILL/.test(line));
  return { dynos, startMs, memory, stop, killed, intact: intactDynos(run.lines, counts) };
}

// Dynos whose lines all arrived once, whole, in order, under their own name.
function intactDynos(lines, counts) {
  const seen = new Map();
  for (const line of lines) {
    const match = /^(\S+) +\| (\S+) line (\d)$/.exec(line);
    if (!match) continue;
    const [, prefix, dyno, n] = match;
    if (prefix !== dyno) continue;
    seen.set(dyno, [...(seen.get(dyno) ?? []), n].join(''));
  }
  let intact = 0;
  for (const [type, count] of Object.entries(counts)) {
    for (let i = 1; i <= count; i++) if (seen.get(`${type}.${i}`) === '123') intact++;
  }
  return intact;
}

export function manyDynosTargets({ large, small }) {
  const perDyno = (large.memory.rssMB - small.memory.rssMB) / (large.dynos - small.dynos);
  const clean = large.stop.leftovers === 0 && !large.killed && large.stop.code === 130;
  return [
    {
      target: `${large.dynos} dynos: started, ${LINES_EACH} lines each arrived whole`,
      goal: `${large.dynos}/${large.dynos}`,
      measured: `${large.intact}/${large.dynos} in ${fixed(large.startMs, 0)} ms`,
      baseline: `${fixed(small.startMs, 0)} ms (${small.dynos} dynos)`,
      ratio: fixed(large.startMs / small.startMs, 1),
      pass: large.intact === large.dynos && small.intact === small.dynos,
    },
    {
      target: `${large.dynos} dynos: kill -INT → all gone, nothing left`,
      goal: 'clean',
      measured: `${fixed(large.stop.ms, 0)} ms, ${large.stop.leftovers} left`,
      baseline: `${fixed(small.stop.ms, 0)} ms (${small.dynos} dynos)`,
      ratio: fixed(large.stop.ms / small.stop.ms, 1),
      pass: clean,
      note: `exit ${large.stop.code}${large.killed ? ', needed SIGKILL' : ''}`,
    },
    {
      target: `memory per extra dyno (RSS ${large.dynos} vs ${small.dynos} dynos)`,
      goal: `≤ ${TARGET_MB_PER_DYNO} MB`,
      measured: `${fixed(perDyno, 3)} MB (RSS ${fixed(large.memory.rssMB, 1)} MB)`,
      baseline: `${fixed(small.memory.rssMB, 1)} MB RSS (${small.dynos} dynos)`,
      ratio: fixed(large.memory.rssMB / small.memory.rssMB, 2),
      pass: perDyno <= TARGET_MB_PER_DYNO,
      note:
        `peak RSS ${fixed(large.memory.peakMB, 1)} MB with ${large.dynos}, ` +
        `${fixed(small.memory.peakMB, 1)} MB with ${small.dynos}`,
    },
  ];
}
