// Loaded with `node --import` into the process under test (dynorun, or a tool it is compared
// with) and into nothing else: it is named on that process's command line, not in NODE_OPTIONS,
// so the dynos do not inherit it. When the process exits it writes its own resource usage
// (RUSAGE_SELF: its CPU time and peak RSS, none of its children's) to the file named by
// DYNORUN_BENCH_RUSAGE.
import { writeFileSync } from 'node:fs';

const file = process.env.DYNORUN_BENCH_RUSAGE;

if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const record = {
      pid: process.pid,
      userMicros: usage.userCPUTime,
      systemMicros: usage.systemCPUTime,
      maxRssKiB: usage.maxRSS,
    };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
  });
}
