// Command-line options of the benchmark, and what it needs from the machine.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DYNORUN, HarnessError, ROOT, TIME_BIN } from './setup.mjs';

export const SECTIONS = ['throughput', 'idle', 'stop', 'hold-back', 'cold', 'first-line', 'many'];

// name: [flag default, --quick value, meaning]
const COUNTS = {
  runs: ['3', '1', 'measured throughput runs per tool (median shown)'],
  lines: ['200000', '20000', 'lines per producer (4 of them, 120 bytes a line)'],
  warmup: ['1', '0', 'unmeasured throughput rounds first'],
  'stop-runs': ['5', '2', 'stops with dynos that exit on SIGTERM'],
  'stubborn-runs': ['3', '1', 'stops with a dyno ignoring SIGTERM'],
  'cold-runs': ['10', '3', 'runs of each cold-start case'],
  'first-line-runs': ['5', '2', 'runs of each first-line case'],
  'idle-seconds': ['10', '3', 'window of the idle-CPU case'],
};

export const USAGE = `Usage: node bench/run.mjs [options]
${Object.entries(COUNTS)
  .map(
    ([name, [fallback, quick, meaning]]) =>
      `  --${name} N`.padEnd(24) + `${meaning} [${fallback}; quick ${quick}]`,
  )
  .join('\n')}
  --quick               the quick values above: a look in about a minute, not a measurement
  --only LIST           only these sections, comma-separated:
                        ${SECTIONS.join(', ')}
  --compare             also measure node-foreman and concurrently (installed from npm
                        into bench/.scratch/ on first use)
  --out-dir DIR         temporary files and captured output (default /dev/shm if writable)
  --dynorun FILE        the dynorun entry point to measure (default: this checkout's)
  --keep                keep the temporary directory and print its path
  -h, --help            show this help`;

export function readOptions(argv = process.argv.slice(2)) {
  let values;
  try {
    const counts = Object.fromEntries(
      Object.keys(COUNTS).map((name) => [name, { type: 'string' }]),
    );
    ({ values } = parseArgs({
      args: argv,
      options: {
        ...counts,
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        'out-dir': { type: 'string' },
        dynorun: { type: 'string' },
        compare: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new HarnessError(`${error.message}\n${USAGE}`);
  }
  const camel = (name) => name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  const counts = Object.entries(COUNTS).map(([name, [fallback, quick]]) => {
    const min = name === 'warmup' ? 0 : 1;
    return [
      camel(name),
      whole(`--${name}`, values[name] ?? (values.quick ? quick : fallback), min),
    ];
  });
  return {
    ...Object.fromEntries(counts),
    help: values.help,
    sections: readSections(values.only),
    outDir: values['out-dir'] ?? defaultOutDir(),
    dynorun: values.dynorun ? resolve(values.dynorun) : undefined,
    compare: values.compare,
    keep: values.keep,
  };
}

function whole(flag, value, min) {
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new HarnessError(`${flag} expects a whole number >= ${min}, got "${value}"`);
  }
  return Number(value);
}

function readSections(list) {
  if (list === undefined) return SECTIONS;
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !SECTIONS.includes(name));
  if (unknown.length) {
    throw new HarnessError(`--only: unknown section ${unknown}; sections: ${SECTIONS.join(', ')}`);
  }
  return names;
}

// Memory-backed when possible: ~100 MB a run written to a disk-backed /tmp meets dirty-page
// writeback at random moments, which adds more noise than the differences measured here.
function defaultOutDir() {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

export function checkPrerequisites(dynorunBin) {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) {
    throw new HarnessError('this benchmark reads /proc and runs on Linux only');
  }
  if (!existsSync(TIME_BIN)) {
    throw new HarnessError(`${TIME_BIN} is missing; install it with \`apt-get install time\``);
  }
  if (spawnSync('awk', ['BEGIN { exit 0 }']).status !== 0) {
    throw new HarnessError('awk is needed for the log producers and was not found');
  }
  if (!existsSync(dynorunBin)) throw new HarnessError(`${dynorunBin} does not exist`);
  if (dynorunBin === DEFAULT_DYNORUN && !existsSync(join(ROOT, 'dist', 'bundle', 'main.js'))) {
    throw new HarnessError('dist/ is missing: run `npm run build` (or `npm run bench`) first');
  }
}
