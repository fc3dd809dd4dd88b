#!/usr/bin/env node
// Log throughput, stop latency and cold start of dynorun, measured against plain shell
// plumbing on the same machine. See bench/README.md for what each number means.
//
//   node bench/log-throughput.mjs [--runs N] [--lines N] [--compare] ...   (--help for all)
//
// Needs a built dist/ (`npm run bench` builds first), Linux /proc, awk and /usr/bin/time.
// Exits 1 only when the harness itself cannot measure; missed targets are reported.
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
let DYNORUN_BIN = join(ROOT, 'bin', 'dynorun.js');
const HOOK_URL = pathToFileURL(join(BENCH_DIR, 'rusage-hook.mjs')).href;
const SCRATCH = join(BENCH_DIR, '.scratch');
const TIME_BIN = '/usr/bin/time';
const TYPES = ['a', 'b', 'c', 'd'];
const LINE_CHARS = 119; // plus '\n': 120 bytes a line
const SAMPLE_MS = 20;
const RUN_TIMEOUT_MS = 180_000;
const COMPARE_PACKAGES = { foreman: '3.0.1', concurrently: '9.2.5' };
const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 60;

// The producer: one awk per process type, the same program for every tool. Line i of type t
// is `t i ` followed by letters from a rotating alphabet, 119 characters in all, so every
// line differs from its neighbours and any cut, join or swap shows.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FILLER = ALPHABET.repeat(4);
const PRODUCER_AWK = `BEGIN {
  s = "${ALPHABET}"; s = s s s s
  for (i = 0; i < n; i++) { h = t " " i " "; print h substr(s, i % 52 + 1, ${LINE_CHARS} - length(h)) }
}
`;

function payload(type, seq) {
  const head = `${type} ${seq} `;
  const start = seq % 52;
  return head + FILLER.slice(start, start + LINE_CHARS - head.length);
}

// ---------------------------------------------------------------------------------------
// Options and prerequisites

const USAGE = `Usage: node bench/log-throughput.mjs [options]
  --runs N       measured runs of each throughput case; the median is reported (default 3)
  --lines N      lines per process type (default 200000; 4 types x 120 bytes a line)
  --warmup N     unmeasured rounds before the measured ones (default 1)
  --stop-runs N  runs of the stop-latency case (default 5)
  --cold-runs N  runs of each cold-start case (default 10)
  --out-dir DIR  where the temporary files and the output go (default: /dev/shm when it
                 is there, else the system temp dir)
  --dynorun FILE the dynorun entry point to measure (default: bin/dynorun.js of this
                 checkout; point it at another build to compare two builds)
  --compare      also measure node-foreman and concurrently (installs them from npm
                 into bench/.scratch/ on first use)
  --keep         keep the temporary directory and print its path
  -h, --help     show this help`;

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        runs: { type: 'string', default: '3' },
        lines: { type: 'string', default: '200000' },
        warmup: { type: 'string', default: '1' },
        'stop-runs': { type: 'string', default: '5' },
        'cold-runs': { type: 'string', default: '10' },
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
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    runs: whole('--runs', values.runs, 1),
    lines: whole('--lines', values.lines, 1),
    warmup: whole('--warmup', values.warmup, 0),
    stopRuns: whole('--stop-runs', values['stop-runs'], 1),
    coldRuns: whole('--cold-runs', values['cold-runs'], 1),
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

class HarnessError extends Error {}

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

function checkPrerequisites() {
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) {
    throw new HarnessError('this benchmark reads /proc and runs on Linux only');
  }
  if (!existsSync(TIME_BIN)) {
    throw new HarnessError(
      `${TIME_BIN} is missing; install it with \`apt-get install time\` and run again`,
    );
  }
  if (spawnSync('awk', ['BEGIN { exit 0 }']).status !== 0) {
    throw new HarnessError('awk is needed for the log producers and was not found');
  }
  if (!existsSync(DYNORUN_BIN)) throw new HarnessError(`${DYNORUN_BIN} does not exist`);
  if (
    DYNORUN_BIN === join(ROOT, 'bin', 'dynorun.js') &&
    !existsSync(join(ROOT, 'dist', 'cli', 'main.js'))
  ) {
    throw new HarnessError('dist/ is missing: run `npm run build` (or `npm run bench`) first');
  }
}

// ---------------------------------------------------------------------------------------
// Running one measured command

// Processes this harness started and has not seen exit: pid -> whether it leads its own
// process group (measured commands do, so a stop reaches everything they started).
const live = new Map();

/**
 * Runs argv under /usr/bin/time with stdout to `outPath` (or ignored). Returns the wall time
 * from spawn to exit, /usr/bin/time's totals (the command and every child it waited for),
 * and, for Node tools, the tool process's own usage from the rusage hook and from sampling
 * /proc/<pid> every 20 ms.
 */
async function measure({ argv, cwd, outPath, env = {}, hooked = false, tmp }) {
  const timeFile = join(tmp, 'time.txt');
  const rusageFile = join(tmp, 'rusage.json');
  rmSync(timeFile, { force: true });
  rmSync(rusageFile, { force: true });
  const out = outPath ? openSync(outPath, 'w') : 'ignore';
  const started = performance.now();
  const child = spawn(TIME_BIN, ['-f', '%e %M %U %S', '-o', timeFile, ...argv], {
    cwd,
    env: { ...baseEnv(), ...env, DYNORUN_BENCH_RUSAGE: rusageFile },
    stdio: ['ignore', out, 'pipe'],
    detached: true,
  });
  if (out !== 'ignore') closeSync(out);
  live.set(child.pid, true);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    if (stderr.length < 20_000) stderr += text;
  });

  const sampler = hooked ? sampleChild(child.pid) : undefined;
  const watchdog = setTimeoutUnref(() => stopRunaway(child.pid), RUN_TIMEOUT_MS);
  const { code, signal } = await exited(child);
  const wallS = (performance.now() - started) / 1000;
  live.delete(child.pid);
  clearTimeout(watchdog);
  sampler?.stop();

  if (signal || code === null) {
    throw new HarnessError(`${argv.join(' ')} was killed by ${signal}\n${stderr}`);
  }
  return {
    code,
    wallS,
    stderr,
    total: readTimeFile(timeFile),
    self: hooked ? readRusage(rusageFile) : undefined,
    sampled: sampler?.last(),
  };
}

function baseEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return env;
}

function exited(child) {
  return new Promise((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
}

function setTimeoutUnref(fn, ms) {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}

// A run that hangs: SIGTERM to the process group the harness gave it (the tool stops the
// dynos it put in groups of their own), SIGKILL to that group 10 s later.
function stopRunaway(pid) {
  console.error(`\nharness: a run took over ${RUN_TIMEOUT_MS / 1000} s; stopping group ${pid}`);
  signal(-pid, 'SIGTERM');
  setTimeoutUnref(() => signal(-pid, 'SIGKILL'), 10_000);
}

function stopLive() {
  for (const [pid, leadsGroup] of live) signal(leadsGroup ? -pid : pid, 'SIGTERM');
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function readTimeFile(path) {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const [wall, maxRssKiB, user, sys] = (lines.at(-1) ?? '').split(' ').map(Number);
  if (![wall, maxRssKiB, user, sys].every(Number.isFinite)) {
    throw new HarnessError(`unexpected ${TIME_BIN} output: ${lines.join(' / ')}`);
  }
  return { wallS: wall, maxRssMB: maxRssKiB / 1024, cpuS: user + sys };
}

function readRusage(path) {
  if (!existsSync(path)) return undefined;
  const record = JSON.parse(readFileSync(path, 'utf8'));
  return {
    cpuS: (record.userMicros + record.systemMicros) / 1e6,
    maxRssMB: record.maxRssKiB / 1024,
  };
}

// The process /usr/bin/time started is the tool; sample its own utime+stime (fields 14 and
// 15 of /proc/<pid>/stat) and VmHWM, keeping the last values read before it exited.
function sampleChild(timePid) {
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  let pid;
  let last;
  const read = () => {
    pid ??= childOf(timePid);
    if (pid === undefined) return;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuS = (Number(fields[11]) + Number(fields[12])) / ticks;
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) last = { cpuS, maxRssMB: Number(hwm[1]) / 1024 };
    } catch {
      // exited between two samples
    }
  };
  const timer = setInterval(read, SAMPLE_MS);
  read();
  return { stop: () => clearInterval(timer), last: () => last };
}

function childOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    return text ? Number(text.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Checking what came out

// How each tool marks a line: which process it came from, or that it is the tool's own.
const PARSERS = {
  plain: (line) => ({ name: undefined, text: line }),
  // `a.1     | text` and `dynorun | text`
  dynorun: (line) => {
    const bar = line.indexOf(' | ');
    if (bar < 0) return { unparsed: true };
    const name = line.slice(0, bar).trim().split(' ').at(-1);
    return { name, text: line.slice(bar + 3), own: name === 'dynorun' };
  },
  // `4:28:36 PM a.1 |  text` (console.log adds a space); its own lines have no bar.
  foreman: (line) => {
    const bar = line.indexOf(' | ');
    if (bar < 0) return { own: true };
    const name = line.slice(0, bar).trim().split(' ').at(-1);
    const text = line.slice(bar + 3);
    return { name, text: text.startsWith(' ') ? text.slice(1) : text };
  },
  // `[a] text`; its own lines are `[a] <command> exited with code N`.
  concurrently: (line) => {
    const match = /^\[([^\]]*)\] (.*)$/s.exec(line);
    if (!match) return { unparsed: true };
    const text = match[2];
    return { name: match[1], text, own: / exited with code \S+$/.test(text) };
  },
};

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const HEAD = /^([a-z]) (\d+) /;
// A line cut inside its `t i ` head: split, but its number cannot be told.
const CUT_HEAD = /^[a-z]( \d*)?$/;

/** Reads a tool's output and accounts for every expected line and every line seen. */
function checkOutput(path, parse, linesPerType) {
  const buffer = readFileSync(path);
  const seen = new Map(TYPES.map((type) => [type, new Uint8Array(linesPerType)]));
  // Every line whose start was found, whole or damaged; the rest left no trace at all.
  const traced = new Map(TYPES.map((type) => [type, new Uint8Array(linesPerType)]));
  const lastSeq = new Map(TYPES.map((type) => [type, -1]));
  const counts = {
    intact: 0,
    split: 0,
    merged: 0,
    corrupt: 0,
    misordered: 0,
    duplicated: 0,
    misattributed: 0,
    other: 0,
    own: 0,
    unterminated: 0,
  };
  const samples = [];
  let cutHeads = 0;
  const note = (kind, line) => {
    counts[kind] += 1;
    if (samples.length < 8) samples.push(`${kind}: ${line.slice(0, 140)}`);
  };

  for (let start = 0; start < buffer.length;) {
    let end = buffer.indexOf(10, start);
    if (end < 0) {
      end = buffer.length;
      counts.unterminated += 1;
    }
    let line = buffer.toString('latin1', start, end);
    start = end + 1;
    if (line.includes('\x1b')) line = line.replace(ANSI, '');

    const parsed = parse(line);
    if (parsed.own) {
      counts.own += 1;
      continue;
    }
    const head = parsed.unparsed ? null : HEAD.exec(parsed.text);
    const type = head?.[1];
    const seq = Number(head?.[2]);
    if (!head && !parsed.unparsed && CUT_HEAD.test(parsed.text)) {
      note('split', line);
      cutHeads += 1;
      continue;
    }
    if (!head || !seen.has(type) || seq >= linesPerType) {
      note('other', line);
      continue;
    }
    traced.get(type)[seq] = 1;
    const want = payload(type, seq);
    const text = parsed.text;
    if (text !== want) {
      if (text.length < want.length && want.startsWith(text)) note('split', line);
      else if (text.length > want.length && text.startsWith(want)) note('merged', line);
      else note('corrupt', line);
      continue;
    }
    if (parsed.name !== undefined && parsed.name !== type && parsed.name !== `${type}.1`) {
      note('misattributed', line);
      continue;
    }
    const bits = seen.get(type);
    if (bits[seq]) {
      note('duplicated', line);
      continue;
    }
    bits[seq] = 1;
    counts.intact += 1;
    if (seq <= lastSeq.get(type)) note('misordered', line);
    lastSeq.set(type, seq);
  }

  const expected = linesPerType * TYPES.length;
  let found = 0;
  for (const bits of traced.values()) for (const bit of bits) found += bit;
  return { ...counts, expected, missing: Math.max(0, expected - found - cutHeads), samples };
}

// ---------------------------------------------------------------------------------------
// The throughput cases

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
    procfile: writeProcfile('Procfile', lines),
    // One line per type: what dynorun costs with (almost) nothing to carry.
    fixedProcfile: writeProcfile('Procfile.fixed', 1),
  };
}

function dynorunStart(procfile) {
  return [
    ...nodeHooked(DYNORUN_BIN),
    'start',
    '-f',
    procfile,
    '--no-timestamp',
    '--no-release',
    '--restart',
    'never',
  ];
}

function throughputCases(setup, tools) {
  const cases = [
    {
      name: 'producers > /dev/null',
      argv: ['/bin/sh', '-c', `${setup.group} > /dev/null`],
      reference: true,
    },
    {
      name: 'cat (baseline)',
      argv: ['/bin/sh', '-c', `${setup.group} | cat`],
      parse: PARSERS.plain,
      baseline: true,
      note: 'one shared pipe: awk writes 4 KiB blocks, so lines of different producers interleave; a speed reference only',
    },
    {
      name: 'dynorun',
      argv: dynorunStart(setup.procfile),
      parse: PARSERS.dynorun,
      hooked: true,
      required: true,
    },
    {
      name: 'dynorun, 1 line/type',
      argv: dynorunStart(setup.fixedProcfile),
      parse: PARSERS.dynorun,
      hooked: true,
      required: true,
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
    });
  }
  if (tools.concurrently) {
    cases.push({
      name: `concurrently ${COMPARE_PACKAGES.concurrently}`,
      argv: [
        ...nodeHooked(tools.concurrently),
        '-n',
        TYPES.join(','),
        ...TYPES.map(setup.producer),
      ],
      parse: PARSERS.concurrently,
      hooked: true,
    });
  }
  return cases;
}

function nodeHooked(script) {
  return [process.execPath, '--import', HOOK_URL, script];
}

async function runThroughput(options, tmp, tools) {
  const setup = prepare(tmp, options.lines);
  const cases = throughputCases(setup, tools);
  const results = new Map(cases.map((c) => [c.name, []]));
  const outPath = join(tmp, 'out.log');
  const rounds = options.warmup + options.runs;

  for (let round = 0; round < rounds; round++) {
    const warm = round < options.warmup;
    const label = warm ? `warm-up ${round + 1}` : `run ${round - options.warmup + 1}`;
    for (const c of cases) {
      progress(`${label}: ${c.name}`);
      const run = await measure({
        argv: c.argv,
        cwd: tmp,
        outPath: c.parse ? outPath : undefined,
        hooked: c.hooked,
        tmp,
      });
      if (c.parse) {
        run.integrity = checkOutput(outPath, c.parse, c.lines ?? options.lines);
        rmSync(outPath, { force: true });
      }
      if (run.code !== 0 && (c.baseline || c.reference || c.required)) {
        throw new HarnessError(`${c.name} exited with code ${run.code}\n${run.stderr}`);
      }
      if (!warm) results.get(c.name).push(run);
    }
  }
  progress('');
  return { cases, results };
}

// ---------------------------------------------------------------------------------------
// Stop latency and cold start

async function runStopLatency(options, tmp) {
  const dir = join(tmp, 'stop');
  mkdirSync(dir, { recursive: true });
  const procfile = join(dir, 'Procfile');
  writeFileSync(procfile, [1, 2, 3, 4, 5].map((n) => `s${n}: sleep 1000\n`).join(''));
  const runs = [];

  for (let i = 0; i < options.stopRuns; i++) {
    progress(`stop latency: run ${i + 1}`);
    runs.push(await stopOnce(procfile, dir));
  }
  progress('');
  return runs;
}

async function stopOnce(procfile, cwd) {
  const child = spawn(process.execPath, [DYNORUN_BIN, 'start', '-f', procfile, '--no-timestamp'], {
    cwd,
    env: baseEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.set(child.pid, false);
  const gone = exited(child);
  const pids = [];
  let text = '';
  const allStarted = new Promise((resolveStarted) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      text += chunk;
      for (const match of chunk.matchAll(/started with pid (\d+)/g)) pids.push(Number(match[1]));
      if (pids.length >= 5) resolveStarted(true);
    });
    gone.then(() => resolveStarted(false));
  });
  const timeout = delay(10_000, false, { ref: false });
  if (!(await Promise.race([allStarted, timeout]))) {
    signal(child.pid, 'SIGKILL');
    throw new HarnessError(`stop latency: the 5 dynos did not start\n${text}`);
  }

  await delay(300); // let start-up work settle: measure a steady supervisor
  const started = performance.now();
  process.kill(child.pid, 'SIGINT');
  const { code, signal: bySignal } = await gone;
  const latencyMs = performance.now() - started;
  live.delete(child.pid);
  const leftovers = pids.filter(isAlive);
  for (const pid of leftovers) signal(pid, 'SIGKILL');
  return { latencyMs, code: bySignal ?? code, leftovers: leftovers.length };
}

function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function runColdStart(options, tmp) {
  const procfile = join(tmp, 'Procfile');
  const cases = [
    { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    { name: 'dynorun check', argv: [process.execPath, DYNORUN_BIN, 'check', '-f', procfile] },
  ];
  const times = new Map(cases.map((c) => [c.name, []]));
  for (let i = 0; i < options.coldRuns; i++) {
    progress(`cold start: run ${i + 1}`);
    for (const c of cases) {
      const started = performance.now();
      const child = spawn(c.argv[0], c.argv.slice(1), {
        cwd: tmp,
        env: baseEnv(),
        stdio: 'ignore',
      });
      live.set(child.pid, false);
      const { code } = await exited(child);
      live.delete(child.pid);
      if (code !== 0) throw new HarnessError(`${c.name} exited with code ${code}`);
      times.get(c.name).push(performance.now() - started);
    }
  }
  progress('');
  return times;
}

// ---------------------------------------------------------------------------------------
// npm-installed tools for --compare

function installCompareTools() {
  const wanted = Object.entries(COMPARE_PACKAGES);
  const installed = () => wanted.every(([name, version]) => packageJson(name)?.version === version);
  if (!installed()) {
    const specs = wanted.map(([name, version]) => `${name}@${version}`);
    console.log(`Installing ${specs.join(' ')} into bench/.scratch/ ...`);
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', SCRATCH, '--no-audit', '--no-fund', '--no-save', ...specs],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (npm.status !== 0 || !installed()) {
      console.log('Could not install the comparison tools; they are left out of this run.');
      return {};
    }
  }
  return { foreman: binOf('foreman', 'nf'), concurrently: binOf('concurrently', 'concurrently') };
}

function packageJson(name) {
  try {
    return JSON.parse(readFileSync(join(SCRATCH, 'node_modules', name, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function binOf(name, command) {
  const bin = packageJson(name)?.bin;
  const relative = typeof bin === 'string' ? bin : bin?.[command];
  return relative ? join(SCRATCH, 'node_modules', name, relative) : undefined;
}

// ---------------------------------------------------------------------------------------
// Reporting

function median(values) {
  const sorted = values.filter((v) => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fixed = (value, digits) => (value === undefined ? '—' : value.toFixed(digits));

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}

function damage(integrity) {
  const kinds = ['missing', 'split', 'merged', 'corrupt', 'misordered', 'duplicated'];
  const more = ['misattributed', 'unterminated'];
  const parts = [...kinds, ...more]
    .filter((kind) => kind === 'missing' || integrity[kind] > 0)
    .map((kind) => `${integrity[kind]} ${kind}`);
  return `${parts.join(', ')}; ${integrity.other} other`;
}

function throughputTable({ cases, results }) {
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
  return table(
    [
      'tool',
      'wall s',
      'ratio vs cat',
      'peak RSS MB (tool)',
      'CPU s (tool)',
      'CPU s (all)',
      'lines intact',
      'damage (worst run)',
    ],
    rows,
  );
}

function detailLines({ cases, results }) {
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

function noteLines({ cases }) {
  return cases.filter((c) => c.note).map((c) => `  ${c.name}: ${c.note}`);
}

function targetLines({ cases, results }) {
  const wallOf = (name) => median(results.get(name).map((r) => r.wallS));
  const baseline = wallOf(cases.find((c) => c.baseline).name);
  const runs = results.get('dynorun');
  const wall = wallOf('dynorun');
  const fixedWall = wallOf('dynorun, 1 line/type');
  const ratio = baseline / wall;
  const rss = median(runs.map((r) => r.self?.maxRssMB));
  const intact = runs.every(
    (r) => r.integrity.intact === r.integrity.expected && r.integrity.other === 0,
  );
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  return [
    `  throughput ratio >= ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)} (${ratio.toFixed(2)}; ` +
      `${fixedWall.toFixed(3)} s of dynorun's ${wall.toFixed(3)} s is start-up and shutdown, ` +
      `${(wall - fixedWall).toFixed(3)} s is carrying the lines)`,
    `  peak RSS <= ${TARGET_RSS_MB} MB: ${verdict(rss <= TARGET_RSS_MB)} (${fixed(rss, 1)} MB)`,
    `  every line intact in every run: ${verdict(intact)}`,
  ];
}

function latencyTable(stopRuns, coldTimes) {
  const stop = stopRuns.map((r) => r.latencyMs);
  const leftovers = stopRuns.reduce((sum, r) => sum + r.leftovers, 0);
  const codes = [...new Set(stopRuns.map((r) => String(r.code)))].join(', ');
  const rows = [
    [
      'stop: SIGINT -> dynorun exit (5 dynos)',
      fixed(median(stop), 1),
      `${fixed(Math.min(...stop), 1)}–${fixed(Math.max(...stop), 1)}`,
      String(stop.length),
      `exit ${codes}; ${leftovers} processes left behind`,
    ],
  ];
  for (const [name, times] of coldTimes) {
    rows.push([
      `cold start: ${name}`,
      fixed(median(times), 1),
      `${fixed(Math.min(...times), 1)}–${fixed(Math.max(...times), 1)}`,
      String(times.length),
      '',
    ]);
  }
  return table(['case', 'median ms', 'min–max ms', 'runs', 'notes'], rows);
}

// CPU ticks of the whole machine that were busy, and of this harness with every descendant
// it waited for (/proc/self/stat utime, stime, cutime, cstime). The difference of the two over
// the run is what other work on the machine took from the measurements.
function cpuTicks() {
  try {
    const machine = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = machine.slice(1).map(Number);
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const own = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return {
      busy: user + nice + system + irq + softirq + steal,
      all: user + nice + system + idle + iowait + irq + softirq + steal,
      own: own.reduce((sum, n) => sum + n, 0),
    };
  } catch {
    return undefined;
  }
}

function foreignLoadLine(before, after, cores) {
  if (!before || !after) return '';
  const foreign = Math.max(0, after.busy - before.busy - (after.own - before.own));
  const share = foreign / Math.max(1, after.all - before.all);
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
  const text =
    `\nOther work on the machine during the run: ${(foreign / ticks).toFixed(1)} CPU s, ` +
    `${(share * 100).toFixed(0)} % of its ${cores} cores`;
  if (share > 0.15) {
    return (
      `${text}\nWARNING: the machine was busy with other work; wall times and ratios are ` +
      'unreliable (the CPU and RSS columns less so). Run again on an idle machine.'
    );
  }
  if (share > 0.03) return `${text}: wall times may be a few per cent high.`;
  return text;
}

function progress(text) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}

// ---------------------------------------------------------------------------------------

async function main() {
  const options = readOptions();
  DYNORUN_BIN = options.dynorun ?? DYNORUN_BIN;
  checkPrerequisites();
  const tools = options.compare ? installCompareTools() : {};
  const tmp = mkdtempSync(join(options.outDir, 'dynorun-bench-'));
  const stopOnSignal = () => {
    stopLive();
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    const cpu = cpus();
    console.log(
      `dynorun log benchmark: node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model}), ` +
        `Linux ${release()}`,
    );
    console.log(`dynorun: ${DYNORUN_BIN}`);
    const cpuBefore = cpuTicks();
    console.log(
      `${TYPES.length} producers x ${options.lines} lines x ${LINE_CHARS + 1} bytes ` +
        `(${((TYPES.length * options.lines * (LINE_CHARS + 1)) / 1e6).toFixed(1)} MB), ` +
        `${options.runs} measured runs after ${options.warmup} warm-up; medians shown; ` +
        `output in ${options.outDir}\n`,
    );
    const throughput = await runThroughput(options, tmp, tools);
    const stopRuns = await runStopLatency(options, tmp);
    const coldTimes = await runColdStart(options, tmp);

    console.log('Log throughput');
    console.log(throughputTable(throughput).join('\n'));
    console.log(noteLines(throughput).join('\n'));
    console.log('\nTargets for dynorun (reported, not asserted)');
    console.log(targetLines(throughput).join('\n'));
    console.log('\nStop latency and cold start');
    console.log(latencyTable(stopRuns, coldTimes).join('\n'));
    console.log('\nPer run');
    console.log(detailLines(throughput).join('\n'));
    console.log(foreignLoadLine(cpuBefore, cpuTicks(), cpu.length));
    if (options.keep) console.log(`\nTemporary files kept in ${tmp}`);
  } finally {
    if (!options.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  const message = error instanceof HarnessError ? error.message : (error?.stack ?? String(error));
  console.error(`\nharness failure: ${message}`);
  stopLive();
  process.exitCode = 1;
});
