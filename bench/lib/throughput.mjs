// Log throughput: 4 producers flooding 120-byte lines, through dynorun and through one
// `cat` into a file (the cost of moving the bytes at all), in the same rounds.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutput, damage, LINE_CHARS, PARSERS, PRODUCER_AWK, TYPES } from './check-output.mjs';
import { COMPARE_PACKAGES } from './compare-tools.mjs';
import { readTimeReport, timeArgs } from './gnu-time.mjs';
import { measure, nodeHooked } from './measure.mjs';
import { dynorun, HarnessError, progress } from './setup.mjs';
import { fixed, median, table } from './stats.mjs';

const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 60;
const TARGET_CPU_S = 0.3;

function shellQuote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function prepare(tmp, lines) {
  const awkFile = join(tmp, 'producer.awk');
  writeFileSync(awkFile, PRODUCER_AWK);
  const producerOf = (count) => (type) =>
    `awk -v t=${type} -v n=${count} -f ${shellQuote(awkFile)}`;
  const writeProcfile = (name, count) => {
    const path = join(tmp, name);
    writeFileSync(path, TYPES.map((type) => `${type}: ${producerOf(count)(type)}\n`).join(''));
    return path;
  };
  const producer = producerOf(lines);
  const group = `( ${TYPES.map((type) => `${producer(type)} & `).join('')}wait )`;
  return {
    producer,
    group,
    catTime: join(tmp, 'cat-time.txt'),
    procfile: writeProcfile('Procfile', lines),
    // One line per type: what dynorun costs with (almost) nothing to carry.
    fixedProcfile: writeProcfile('Procfile.fixed', 1),
  };
}

function dynorunStart(procfile) {
  const flags = ['--no-timestamp', '--no-release', '--restart', 'never'];
  return [...nodeHooked(dynorun()), 'start', '-f', procfile, ...flags];
}

function throughputCases(setup, tools) {
  // GNU time around `cat` alone gives its own CPU and RSS, apart from the producers'.
  const cat = `${timeArgs(setup.catTime).map(shellQuote).join(' ')} cat`;
  const cases = [
    {
      name: 'producers > /dev/null',
      argv: ['/bin/sh', '-c', `${setup.group} > /dev/null`],
      reference: true,
    },
    {
      name: 'cat (baseline)',
      argv: ['/bin/sh', '-c', `${setup.group} | ${cat}`],
      parse: PARSERS.plain,
      baseline: true,
      note:
        'one shared pipe: awk writes 4 KiB blocks, so lines of different producers ' +
        'interleave; a speed reference only',
    },
    { name: 'dynorun', argv: dynorunStart(setup.procfile), parse: PARSERS.dynorun, hooked: true },
    {
      name: 'dynorun, 1 line/type',
      argv: dynorunStart(setup.fixedProcfile),
      parse: PARSERS.dynorun,
      hooked: true,
      lines: 1,
      note: 'start-up and shutdown alone: the fixed part of the dynorun row',
    },
  ];
  if (tools.foreman) {
    cases.push({
      name: `node-foreman ${COMPARE_PACKAGES.foreman}`,
      argv: [...nodeHooked(tools.foreman), 'start', '-j', setup.procfile],
      parse: PARSERS.foreman,
      hooked: true,
      optional: true,
    });
  }
  if (tools.concurrently) {
    const names = ['-n', TYPES.join(',')];
    cases.push({
      name: `concurrently ${COMPARE_PACKAGES.concurrently}`,
      argv: [...nodeHooked(tools.concurrently), ...names, ...TYPES.map(setup.producer)],
      parse: PARSERS.concurrently,
      hooked: true,
      optional: true,
    });
  }
  return cases;
}

/** Every case once per round, rounds after `warmup` unmeasured ones; returns all runs. */
export async function runThroughput(options, tmp, tools) {
  const setup = prepare(tmp, options.lines);
  const cases = throughputCases(setup, tools);
  const results = new Map(cases.map((c) => [c.name, []]));
  const outPath = join(tmp, 'out.log');
  const rounds = options.warmup + options.runs;

  for (let round = 0; round < rounds; round++) {
    const warm = round < options.warmup;
    const label = warm ? `warm-up ${round + 1}` : `run ${round - options.warmup + 1}`;
    for (const c of cases) {
      progress(`throughput ${label}: ${c.name}`);
      const outFile = c.parse ? outPath : undefined;
      const run = await measure({
        argv: c.argv,
        cwd: tmp,
        outPath: outFile,
        hooked: c.hooked,
        tmp,
      });
      if (c.parse) {
        run.integrity = checkOutput(outPath, c.parse, c.lines ?? options.lines);
        rmSync(outPath, { force: true });
      }
      if (c.baseline) run.self = readTimeReport(setup.catTime);
      if (run.code !== 0 && !c.optional) {
        throw new HarnessError(`${c.name} exited with code ${run.code}\n${run.stderr}`);
      }
      if (!warm) results.get(c.name).push(run);
    }
  }
  progress('');
  return { cases, results, options };
}

/** Rows of the targets table: throughput ratio, lines intact, peak RSS, CPU. */
export function throughputTargets({ cases, results, options }) {
  const of = (name, pick) => median(results.get(name).map(pick));
  const catName = cases.find((c) => c.baseline).name;
  const cat = of(catName, (r) => r.wallS);
  const wall = of('dynorun', (r) => r.wallS);
  const rss = of('dynorun', (r) => r.self?.maxRssMB);
  const cpu = of('dynorun', (r) => r.self?.cpuS);
  const idleRss = of('dynorun, 1 line/type', (r) => r.self?.maxRssMB);
  const catCpu = of(catName, (r) => r.self?.cpuS);
  const runs = results.get('dynorun');
  const worst = runs.map((r) => r.integrity).sort((x, y) => x.intact - y.intact)[0];
  const intact = runs.every(
    (r) => r.integrity.intact === r.integrity.expected && !r.integrity.other,
  );
  const lines = `${TYPES.length} × ${options.lines} lines`;
  return [
    {
      target: `log throughput, ${lines} (cat s ÷ dynorun s)`,
      goal: `≥ ${TARGET_RATIO}`,
      measured: `${fixed(wall, 3)} s`,
      baseline: `${fixed(cat, 3)} s (cat)`,
      ratio: fixed(cat / wall, 2),
      pass: cat / wall >= TARGET_RATIO,
    },
    {
      target: 'lines intact through dynorun (worst run)',
      goal: 'all',
      measured: `${worst.intact}/${worst.expected}`,
      baseline: '—',
      ratio: '—',
      pass: intact,
    },
    {
      target: 'dynorun peak RSS during the flood',
      goal: `≤ ${TARGET_RSS_MB} MB`,
      measured: `${fixed(rss, 1)} MB`,
      baseline: `${fixed(idleRss, 1)} MB (dynorun, 1 line/type)`,
      ratio: fixed(rss / idleRss, 2),
      pass: rss <= TARGET_RSS_MB,
    },
    {
      target: 'dynorun CPU during the flood (own process)',
      goal: `≤ ${TARGET_CPU_S} s`,
      measured: `${fixed(cpu, 2)} s`,
      baseline: `${fixed(catCpu, 2)} s (cat)`,
      ratio: fixed(cpu / catCpu, 1),
      pass: cpu <= TARGET_CPU_S,
    },
  ];
}

/** The per-tool table, its notes, and one line per run. */
export function throughputReport({ cases, results, options }) {
  const baseline = median(results.get(cases.find((c) => c.baseline).name).map((r) => r.wallS));
  const rows = cases.map((c) => {
    const runs = results.get(c.name);
    const wall = median(runs.map((r) => r.wallS));
    const worst = c.parse
      ? runs.map((r) => r.integrity).sort((x, y) => x.intact - y.intact)[0]
      : undefined;
    return [
      c.name,
      fixed(wall, 3),
      c.lines ? '—' : fixed(baseline / wall, 2),
      fixed(median(runs.map((r) => r.self?.maxRssMB)), 1),
      fixed(median(runs.map((r) => r.self?.cpuS)), 2),
      fixed(median(runs.map((r) => r.total.cpuS)), 2),
      worst ? `${worst.intact}/${worst.expected}` : '—',
      worst ? damage(worst) : '—',
    ];
  });
  const mb = (TYPES.length * options.lines * (LINE_CHARS + 1)) / 1e6;
  return [
    `Log throughput: ${TYPES.length} producers × ${options.lines} lines × ${LINE_CHARS + 1} ` +
      `bytes (${mb.toFixed(1)} MB), median of ${options.runs} runs after ${options.warmup} ` +
      'warm-up',
    ...table(
      ['tool', 'wall s', 'ratio vs cat', 'peak RSS MB (tool)', 'CPU s (tool)', 'CPU s (all)'],
      rows.map((r) => r.slice(0, 6)),
    ),
    '',
    ...table(
      ['tool', 'lines intact', 'damage (worst run)'],
      rows.map((r) => [r[0], r[6], r[7]]),
    ),
    ...cases.filter((c) => c.note).map((c) => `  ${c.name}: ${c.note}`),
    'Per run:',
    ...runLines(cases, results),
  ];
}

function runLines(cases, results) {
  const out = [];
  for (const c of cases) {
    results.get(c.name).forEach((run, i) => {
      const parts = [`wall ${run.wallS.toFixed(3)} s`, `all CPU ${run.total.cpuS.toFixed(2)} s`];
      if (run.self) {
        parts.push(
          `tool CPU ${run.self.cpuS.toFixed(2)} s, RSS ${run.self.maxRssMB.toFixed(1)} MB`,
        );
      }
      if (run.sampled) {
        const s = run.sampled;
        parts.push(`/proc sampled CPU ${s.cpuS.toFixed(2)} s, VmHWM ${s.maxRssMB.toFixed(1)} MB`);
      }
      if (run.code !== 0) parts.push(`exit code ${run.code}`);
      if (run.integrity) parts.push(`${run.integrity.own} own lines, ${damage(run.integrity)}`);
      out.push(`  ${c.name} run ${i + 1}: ${parts.join('; ')}`);
      for (const sample of run.integrity?.samples.slice(0, 3) ?? []) out.push(`      ${sample}`);
    });
  }
  return out;
}
