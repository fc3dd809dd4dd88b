#!/usr/bin/env node
// dynorun against issue 5's performance targets, each against a baseline measured in the
// same run; ends with one table of every target. See bench/README.md.
//
//   node bench/run.mjs [--quick] [--only SECTIONS] [--compare] ...   (--help for all)
//
// Needs a built dist/ (`npm run bench` builds first), Linux /proc, awk and /usr/bin/time.
// Exits 1 when the harness could not measure something; missed targets only show as MISS.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { coldStartTargets, runColdStart } from './lib/cold-start.mjs';
import { installCompareTools } from './lib/compare-tools.mjs';
import { firstLineTargets, runFirstLine } from './lib/first-line.mjs';
import { holdBackTargets, runHoldBack } from './lib/hold-back.mjs';
import { idleCpuTargets, runIdleCpu } from './lib/idle-cpu.mjs';
import { manyDynosTargets, runManyDynos } from './lib/many-dynos.mjs';
import { checkPrerequisites, readOptions, USAGE } from './lib/options.mjs';
import { cpuTicks } from './lib/proc.mjs';
import { stopLive } from './lib/processes.mjs';
import { errorRow, foreignLoadLine, targetsTable } from './lib/report.mjs';
import { dynorun, HarnessError, progress, useDynorun } from './lib/setup.mjs';
import { stopTargets, runStopTime } from './lib/stop-time.mjs';
import { runThroughput, throughputReport, throughputTargets } from './lib/throughput.mjs';

// Each section: its measurement, its rows in the targets table, and optional detail lines.
const SECTIONS = {
  throughput: {
    run: (options, tmp) =>
      runThroughput(options, tmp, options.compare ? installCompareTools() : {}),
    targets: throughputTargets,
    details: throughputReport,
  },
  idle: { run: runIdleCpu, targets: idleCpuTargets },
  stop: { run: runStopTime, targets: stopTargets },
  'hold-back': { run: (_options, tmp) => runHoldBack(tmp), targets: holdBackTargets },
  cold: { run: runColdStart, targets: coldStartTargets },
  'first-line': { run: runFirstLine, targets: firstLineTargets },
  many: { run: (_options, tmp) => runManyDynos(tmp), targets: manyDynosTargets },
};

async function main() {
  const options = readOptions();
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.dynorun) useDynorun(options.dynorun);
  checkPrerequisites(dynorun());
  const tmp = mkdtempSync(join(options.outDir, 'dynorun-bench-'));
  const stopOnSignal = () => {
    stopLive();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  const cpu = cpus();
  console.log(
    `dynorun benchmark: node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model}), ` +
      `Linux ${release()}\ndynorun: ${dynorun()}; temporary files in ${tmp}\n`,
  );
  const before = cpuTicks();
  const rows = [];
  try {
    for (const name of options.sections) {
      const section = SECTIONS[name];
      try {
        const result = await section.run(options, tmp);
        rows.push(...section.targets(result));
        if (section.details) console.log(`${section.details(result).join('\n')}\n`);
      } catch (error) {
        if (!(error instanceof HarnessError)) throw error;
        progress('');
        stopLive();
        console.error(`${name}: ${error.message}\n`);
        rows.push(errorRow(name, error));
        process.exitCode = 1;
      }
    }
    console.log("Issue 5's targets\n");
    console.log(targetsTable(rows).join('\n'));
    console.log(`\n${foreignLoadLine(before, cpuTicks(), cpu.length)}`);
    if (options.keep) console.log(`Temporary files kept in ${tmp}`);
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  const message = error instanceof HarnessError ? error.message : (error?.stack ?? String(error));
  progress('');
  console.error(`\nharness failure: ${message}`);
  stopLive();
  process.exitCode = 1;
});
