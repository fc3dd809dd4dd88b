// `--format heroku` prints every event as the lines Heroku's log shows, word for word.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../src/logging/line-batch.js';
import { outputEvent } from './output-event.js';
import { HerokuWriter, type HerokuWriterOptions } from '../../src/logging/heroku-writer.js';
import { systemClock } from '../../src/logging/system-clock.js';
import type {
  DynoState,
  KillEvent,
  StoppingEvent,
  SupervisorEvent,
} from '../../src/logging/supervisor-event.js';

const MIB = 1024 * 1024;
const TIME = '2026-12-04T15:07:00.123456+00:00';
const MICROS = Date.UTC(2026, 11, 4, 15, 7, 0) * 1000 + 123_456;
const R12 =
  'Error R12 (Exit timeout) -> ' + 'At least one process failed to exit within 30 seconds of';
const R10 =
  'Error R10 (Boot timeout) -> ' + 'Web process failed to bind to $PORT within 60 seconds';

type Where = { dyno: string; type: string };
const web: Where = { dyno: 'web.1', type: 'web' };
const rel: Where = { dyno: 'release', type: 'release' };
const oneOff: Where = { dyno: 'run.2', type: 'run' };

function collect(options: Partial<HerokuWriterOptions> = {}) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const fixed = { now: () => MICROS, releaseDyno: 'release.4821', runId: 'ab12cd34' };
  const writer = new HerokuWriter({ out, ...fixed, ...options });
  const bytes = () => Buffer.concat(chunks);
  const lines = () => bytes().toString().split('\n').slice(0, -1);
  return { writer, out, chunks, bytes, lines };
}

// Event builders, so that each table row fits on a line or two.
const event = (value: SupervisorEvent) => value;
const output = (lines: string[], where = web) => event(outputEvent(where.dyno, lines));
const state = (from: DynoState, to: DynoState, where = web) =>
  event({ kind: 'state', ...where, from, to });
const spawn = (where = web, command = 'run-it') =>
  event({ kind: 'spawn', ...where, pid: 41, command });
const exit = (code: number | null, signal: NodeJS.Signals | null, where = web) =>
  event({ kind: 'exit', ...where, pid: 41, code, signal, stopped: false });
type Signal = NodeJS.Signals;
const stop = (reason: 'shutdown' | 'replace', where = web, signal: Signal = 'SIGTERM') =>
  event({ kind: 'stop', ...where, signal, reason });
const kill = (reason: KillEvent['reason'], graceMs = 30_000, dyno = 'web.1') =>
  event({ kind: 'kill', reason, graceMs, processes: [{ dyno, pid: 41 }] });
const memory = (code: 'R14' | 'R15', usedBytes: number) =>
  event({ kind: 'memory', ...web, code, usedBytes, quotaBytes: 512 * MIB });
const boot = (timeoutMs: number, waitingFor: string, where = web) =>
  event({ kind: 'boot-timeout', ...where, timeoutMs, waitingFor });
const release = (ok: boolean, code: number | null, timedOut = false) =>
  event({ kind: 'release', ok, code, signal: null, timedOut, timeoutMs: 3_600_000 });
const stopping = (cause: StoppingEvent['cause'], signal: NodeJS.Signals = 'SIGTERM') =>
  event({ kind: 'stopping', cause, signal, graceMs: 30_000, running: 1 });
const worker: Where = { dyno: 'worker.1', type: 'worker' };

const table: [string, SupervisorEvent, string[]][] = [
  ['output', output(['hello', '']), ['app[web.1]: hello', 'app[web.1]: ']],
  ['release output', output(['migrating'], rel), ['app[release.4821]: migrating']],
  [
    'spawn',
    spawn(web, 'gunicorn dandiapi.wsgi'),
    ['heroku[web.1]: Starting process with command `gunicorn dandiapi.wsgi`'],
  ],
  [
    'spawn error',
    event({ kind: 'spawn-error', ...web, message: 'spawn /bin/sh ENOENT' }),
    ['heroku[web.1]: Process failed to start: spawn /bin/sh ENOENT'],
  ],
  [
    'down → starting',
    state('down', 'starting'),
    ['heroku[web.1]: State changed from down to starting'],
  ],
  ['starting → up', state('starting', 'up'), ['heroku[web.1]: State changed from starting to up']],
  ['up → crashed', state('up', 'crashed'), ['heroku[web.1]: State changed from up to crashed']],
  [
    'starting → crashed',
    state('starting', 'crashed'),
    ['heroku[web.1]: State changed from starting to crashed'],
  ],
  [
    'crashed → starting',
    state('crashed', 'starting'),
    ['heroku[web.1]: State changed from crashed to starting'],
  ],
  ['up → stopping (the stop event words it)', state('up', 'stopping'), []],
  ['stopping → down', state('stopping', 'down'), []],
  [
    'release up → crashed',
    state('up', 'crashed', rel),
    ['heroku[release.4821]: State changed from up to complete'],
  ],
  [
    'stop for a shutdown',
    stop('shutdown'),
    [
      'heroku[web.1]: State changed from up to down',
      'heroku[web.1]: Stopping all processes with SIGTERM',
    ],
  ],
  [
    'stop for a replacement',
    stop('replace', web, 'SIGINT'),
    [
      'heroku[web.1]: State changed from up to starting',
      'heroku[web.1]: Stopping all processes with SIGINT',
    ],
  ],
  [
    'stop of the release',
    stop('shutdown', rel),
    [
      'heroku[release.4821]: State changed from up to complete',
      'heroku[release.4821]: Stopping all processes with SIGTERM',
    ],
  ],
  ['exit with a code', exit(3, null), ['heroku[web.1]: Process exited with status 3']],
  ['exit on SIGTERM', exit(null, 'SIGTERM'), ['heroku[web.1]: Process exited with status 143']],
  ['exit on SIGKILL', exit(null, 'SIGKILL'), ['heroku[web.1]: Process exited with status 137']],
  ['unreported exit', exit(null, null, oneOff), ['heroku[run.2]: Process exited; status unknown']],
  ['restart', event({ kind: 'restart', ...web, attempt: 2, delayMs: 1000 }), []],
  [
    'give up (policy)',
    event({ kind: 'give-up', ...web, reason: 'policy', restarts: 0 }),
    ['heroku[web.1]: Process will not be restarted (restart policy)'],
  ],
  [
    'give up (max restarts)',
    event({ kind: 'give-up', ...web, reason: 'max-restarts', restarts: 5 }),
    ['heroku[web.1]: Process will not be restarted after 5 restarts in a row'],
  ],
  [
    'give up after one restart',
    event({ kind: 'give-up', ...web, reason: 'max-restarts', restarts: 1 }),
    ['heroku[web.1]: Process will not be restarted after 1 restart in a row'],
  ],
  ['cycle', event({ kind: 'cycle', ...web }), ['heroku[web.1]: Cycling']],
  [
    'boot timeout on the port',
    boot(60_000, 'bind to $PORT (5000)'),
    [`heroku[web.1]: ${R10} of launch`, 'heroku[web.1]: Stopping process with SIGKILL'],
  ],
  [
    'boot timeout on a log line',
    boot(1500, 'print a line matching /ready\\./', worker),
    [
      'heroku[worker.1]: Error R10 (Boot timeout) -> Worker process failed to become ready ' +
        '(print a line matching /ready\\./) within 1.5 seconds of launch',
      'heroku[worker.1]: Stopping process with SIGKILL',
    ],
  ],
  [
    'kill after the grace period',
    kill('grace-expired'),
    [`heroku[web.1]: ${R12} SIGTERM`, 'heroku[web.1]: Stopping remaining processes with SIGKILL'],
  ],
  [
    'kill on a second interrupt',
    kill('interrupted-again'),
    ['heroku[web.1]: Stopping remaining processes with SIGKILL'],
  ],
  [
    'R14',
    memory('R14', 577_136_230),
    [
      'heroku[web.1]: Process running mem=550M(107.5%)',
      'heroku[web.1]: Error R14 (Memory quota exceeded)',
    ],
  ],
  [
    'R15',
    memory('R15', 1100 * MIB),
    [
      'heroku[web.1]: Process running mem=1100M(214.8%)',
      'heroku[web.1]: Error R15 (Memory quota vastly exceeded)',
      'heroku[web.1]: Stopping process with SIGKILL',
    ],
  ],
  [
    'metrics',
    event({ kind: 'metrics', ...web, memoryBytes: 129_446_707, processes: 3, load1m: 0 }),
    [
      'heroku[web.1]: source=web.1 dyno=heroku.ab12cd34.web.1 ' +
        'sample#memory_total=123.45MB sample#load_avg_1m=0.00',
    ],
  ],
  ['release succeeded', release(true, 0), []],
  [
    'release failed',
    release(false, 3),
    ['heroku[release.4821]: Release command failed with status 3; nothing else will start'],
  ],
  [
    'release timed out',
    release(false, null, true),
    ['heroku[release.4821]: Release command timed out after 3600 seconds; nothing else will start'],
  ],
  [
    'stopping on a signal',
    stopping({ signal: 'SIGINT' }),
    ['heroku[dynorun]: Received SIGINT; stopping all dynos'],
  ],
  [
    'stopping after a dyno exited (--exit-on-crash)',
    stopping({ dyno: 'web.1', code: 3 }),
    ['heroku[dynorun]: web.1 exited with status 3; stopping all dynos'],
  ],
  [
    'stopping with nothing left',
    stopping({ done: true }),
    ['heroku[dynorun]: No dyno left running or waiting to restart; stopping'],
  ],
  [
    'finished',
    event({ kind: 'finished', exitCode: 0 }),
    ['heroku[dynorun]: All dynos stopped; exit status 0'],
  ],
];

describe('HerokuWriter', () => {
  it.each(table)('words %s as Heroku does', (_title, value, want) => {
    const { writer, lines, chunks } = collect();

    expect(writer.write(value)).toBe(true);
    expect(lines()).toEqual(want.map((line) => `${TIME} ${line}`));
    expect(chunks.length).toBe(want.length === 0 ? 0 : 1);
  });

  it.each([
    [Date.UTC(2026, 11, 4, 15, 7, 0) * 1000, '2026-12-04T15:07:00.000000+00:00'],
    [Date.UTC(2026, 11, 4, 15, 7, 0) * 1000 + 1, '2026-12-04T15:07:00.000001+00:00'],
    [Date.UTC(2026, 11, 4, 23, 59, 59) * 1000 + 999_999, '2026-12-04T23:59:59.999999+00:00'],
    [Date.UTC(2027, 0, 1, 0, 0, 0) * 1000 + 500, '2027-01-01T00:00:00.000500+00:00'],
  ])('stamps %d µs as %s', (micros, want) => {
    const { writer, lines } = collect({ now: () => micros });

    writer.write(event({ kind: 'cycle', ...web }));
    expect(lines()).toEqual([`${want} heroku[web.1]: Cycling`]);
  });

  it('moves to the next second when the clock does', () => {
    const times = [MICROS, MICROS + 900_000];
    const { writer, lines } = collect({ now: () => times.shift() ?? 0 });

    writer.write(output(['a']));
    writer.write(output(['b']));
    expect(lines()).toEqual([
      '2026-12-04T15:07:00.123456+00:00 app[web.1]: a',
      '2026-12-04T15:07:01.023456+00:00 app[web.1]: b',
    ]);
  });

  it('reads the system clock in microseconds', () => {
    const clock = systemClock();
    const first = clock();
    const second = clock();

    expect(Number.isInteger(first)).toBe(true);
    expect(Math.abs(first / 1000 - Date.now())).toBeLessThan(50);
    expect(second).toBeGreaterThanOrEqual(first);
  });
});

// Sequences in the order src/supervisor/dyno.ts emits them, checked against real
// Heroku logs.
const sequences: [string, SupervisorEvent[], string[]][] = [
  [
    'boots and shuts down',
    [state('down', 'starting'), spawn(), output(['ok']), state('starting', 'up')].concat([
      state('up', 'stopping'),
      stop('shutdown'),
      exit(null, 'SIGTERM'),
      state('stopping', 'down'),
    ]),
    [
      'heroku[web.1]: State changed from down to starting',
      'heroku[web.1]: Starting process with command `run-it`',
      'app[web.1]: ok',
      'heroku[web.1]: State changed from starting to up',
      'heroku[web.1]: State changed from up to down',
      'heroku[web.1]: Stopping all processes with SIGTERM',
      'heroku[web.1]: Process exited with status 143',
    ],
  ],
  [
    'cycles',
    [event({ kind: 'cycle', ...web }), state('up', 'stopping'), stop('replace')].concat(
      [exit(null, 'SIGTERM'), state('stopping', 'down'), state('down', 'starting'), spawn()],
      [state('starting', 'up')],
    ),
    [
      'heroku[web.1]: Cycling',
      'heroku[web.1]: State changed from up to starting',
      'heroku[web.1]: Stopping all processes with SIGTERM',
      'heroku[web.1]: Process exited with status 143',
      'heroku[web.1]: Starting process with command `run-it`',
      'heroku[web.1]: State changed from starting to up',
    ],
  ],
  [
    'crashes and restarts',
    [exit(1, null), state('up', 'crashed'), state('crashed', 'starting'), spawn()],
    [
      'heroku[web.1]: Process exited with status 1',
      'heroku[web.1]: State changed from up to crashed',
      'heroku[web.1]: State changed from crashed to starting',
      'heroku[web.1]: Starting process with command `run-it`',
    ],
  ],
  [
    'misses its boot timeout',
    [boot(60_000, 'bind to $PORT (5000)'), exit(null, 'SIGKILL'), state('starting', 'crashed')],
    [
      `heroku[web.1]: ${R10} of launch`,
      'heroku[web.1]: Stopping process with SIGKILL',
      'heroku[web.1]: Process exited with status 137',
      'heroku[web.1]: State changed from starting to crashed',
    ],
  ],
  [
    'runs the release to completion',
    [state('down', 'starting', rel), spawn(rel), state('starting', 'up', rel)].concat([
      exit(0, null, rel),
      state('up', 'crashed', rel),
      release(true, 0),
    ]),
    [
      'heroku[release.4821]: State changed from down to starting',
      'heroku[release.4821]: Starting process with command `run-it`',
      'heroku[release.4821]: State changed from starting to up',
      'heroku[release.4821]: Process exited with status 0',
      'heroku[release.4821]: State changed from up to complete',
    ],
  ],
  [
    'runs as a one-off beside the formation (`dynorun run`)',
    [spawn(oneOff, 'bash'), state('starting', 'up', oneOff), exit(0, null, oneOff)].concat([
      state('up', 'down', oneOff),
    ]),
    [
      'heroku[run.2]: Starting process with command `bash`',
      'heroku[run.2]: State changed from starting to up',
      'heroku[run.2]: Process exited with status 0',
      'heroku[run.2]: State changed from up to complete',
    ],
  ],
  [
    'stops the release',
    [state('up', 'stopping', rel), stop('shutdown', rel), exit(null, 'SIGTERM', rel)].concat([
      state('stopping', 'down', rel),
    ]),
    [
      'heroku[release.4821]: State changed from up to complete',
      'heroku[release.4821]: Stopping all processes with SIGTERM',
      'heroku[release.4821]: Process exited with status 143',
    ],
  ],
];

describe('HerokuWriter, a dyno’s life', () => {
  it.each(sequences)('shows a dyno that %s as Heroku does', (_title, events, want) => {
    const { writer, lines } = collect();

    for (const value of events) writer.write(value);
    expect(lines()).toEqual(want.map((line) => `${TIME} ${line}`));
  });

  it('names the release dyno release.NNNN, the same in every line of one writer', () => {
    const { writer, lines } = collect({ releaseDyno: undefined });
    writer.write(state('down', 'starting', rel));
    writer.write(spawn(rel));
    writer.write(output(['migrating'], rel));
    writer.write(exit(1, null, rel));
    writer.write(release(false, 1));

    const source = /^\S+ (?:app|heroku)\[([^\]]+)\]: /;
    const names = lines().map((line) => source.exec(line)?.[1]);
    expect(writer.releaseDyno).toMatch(/^release\.\d{4}$/);
    expect(names).toEqual(new Array(5).fill(writer.releaseDyno));
  });

  it('gives each writer its own release name, as each run has', () => {
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      names.add(collect({ releaseDyno: undefined }).writer.releaseDyno);
    }
    expect(names.size).toBeGreaterThan(1);
  });

  it('names the dyno’s own stop signal in R12, else the run’s', () => {
    const { writer, lines } = collect();

    writer.write(stop('shutdown', web, 'SIGINT'));
    writer.write(kill('grace-expired', 5_000));
    writer.write(stopping({ done: true }, 'SIGQUIT'));
    writer.write(kill('grace-expired', 30_000, 'worker.1'));
    expect(lines().filter((line) => line.includes('R12'))).toEqual([
      `${TIME} heroku[web.1]: ${R12.replace('30 seconds', '5 seconds')} SIGINT`,
      `${TIME} heroku[worker.1]: ${R12} SIGQUIT`,
    ]);
  });
});

describe('HerokuWriter, long lines', () => {
  const prefix = `${TIME} app[web.1]: `;

  it('splits a 25,000-byte line into pieces of 10,000, 10,000 and 5,000 bytes', () => {
    const { writer, lines } = collect();

    writer.write(output(['x'.repeat(25_000)]));
    expect(lines().map((line) => line.startsWith(prefix))).toEqual([true, true, true]);
    const sizes = lines().map((line) => line.length - prefix.length);
    expect(sizes).toEqual([10_000, 10_000, 5_000]);
  });

  it('keeps a line of exactly 10,000 bytes whole', () => {
    const { writer, lines } = collect();

    writer.write(output(['x'.repeat(10_000)]));
    expect(lines()).toEqual([`${prefix}${'x'.repeat(10_000)}`]);
  });

  it('cuts on bytes, even inside a multi-byte character, as Logplex does', () => {
    const { writer, bytes } = collect();

    writer.write(output([`${'a'.repeat(9_999)}é!`]));
    const first = Buffer.from(`${prefix}${'a'.repeat(9_999)}\xc3\n`, 'latin1');
    const second = Buffer.from(`${prefix}\xa9!\n`, 'latin1');
    expect(bytes()).toEqual(Buffer.concat([first, second]));
  });

  it('splits the dyno manager’s lines too', () => {
    const { writer, lines } = collect();

    writer.write(spawn(web, 'y'.repeat(12_000)));
    const heads = lines().map((line) => line.slice(0, `${TIME} heroku[web.1]: `.length));
    expect(heads).toEqual([`${TIME} heroku[web.1]: `, `${TIME} heroku[web.1]: `]);
  });

  it('passes bytes through untouched: invalid UTF-8, \\r and colours', () => {
    const { writer, bytes } = collect();
    const line = Buffer.from([0xff, 0x0d, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x72]);
    const batch = LineBatch.of([line]);
    writer.write(event({ kind: 'output', ...web, stream: 'stderr', batch, time: 0 }));
    expect(bytes()).toEqual(Buffer.concat([Buffer.from(prefix), line, Buffer.from('\n')]));
  });
});

describe('HerokuWriter, back-pressure', () => {
  it('returns false when the stream is full, and calls back once it drains', async () => {
    const pending: (() => void)[] = [];
    const out = new Writable({
      highWaterMark: 64,
      write: (_chunk, _encoding, done) => void pending.push(() => done()),
    });
    const writer = new HerokuWriter({ out, now: () => MICROS });
    let drained = 0;

    expect(writer.write(output(['x'.repeat(100)]))).toBe(false);
    writer.onDrain(() => drained++);
    for (const done of pending.splice(0)) done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(1);
    expect(writer.write(event({ kind: 'cycle', ...web }))).toBe(true);
  });

  it('writes each event with one call, whatever its number of lines', () => {
    const { writer, out } = collect();
    let calls = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: Buffer) => (calls++, write(chunk))) as typeof out.write;

    writer.write(output(['a', 'b', 'x'.repeat(25_000)]));
    writer.write(memory('R15', 2e9));
    expect(calls).toBe(2);
  });

  it('stops writing once the reader is gone', () => {
    const { writer, out, chunks } = collect();

    out.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(writer.write(output(['lost']))).toBe(true);
    expect(chunks).toEqual([]);
  });
});
