// What `--log-format json`, `--log-dir` and `--on-event` produce from a real run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApp, PROCESSES, runCli, startCli } from '../helpers/cli.js';
import { isAlive } from '../helpers/processes.js';

const FLOOD = `node ${join(PROCESSES, 'flood.mjs')}`;
const PADDING = 'p'.repeat(80);

describe('--log-format json', () => {
  it('writes 4 × 10,000 lines and the lifecycle events as one JSON object a line', async () => {
    const types = ['a', 'b', 'c', 'd'];
    const procfile = types.map((type) => `${type}: ${FLOOD} ${type} 10000`).join('\n');
    const cwd = makeApp({ Procfile: `release: echo migrated\n${procfile}\n` });
    const run = await runCli(['start', '--log-format', 'json', '--restart', 'never'], { cwd });

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const records = run.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const type of types) {
      const lines = records.filter((r) => r.dyno === `${type}.1` && r.source === 'app');
      expect(lines.map((r) => r.msg)).toEqual(
        Array.from({ length: 10_000 }, (_, n) => `${type} ${n} ${PADDING}`),
      );
      expect(new Set(lines.map((r) => `${r.level} ${r.type} ${r.stream} ${typeof r.pid}`))).toEqual(
        new Set([`info ${type} stdout number`]),
      );
    }
    const events = records.filter((r) => r.source === 'dynorun');
    expect(events.filter((r) => r.event === 'spawn')).toHaveLength(5);
    expect(events.filter((r) => r.event === 'exit')).toHaveLength(5);
    expect(records.find((r) => r.dyno === 'release' && r.source === 'app')?.msg).toBe('migrated');
    expect(records.at(-1)).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      source: 'dynorun',
      event: 'finished',
      exitCode: 0,
      msg: 'all processes stopped; exit code 0',
    });
  });

  it('gives a crash its fields and level, and invalid UTF-8 as U+FFFD', async () => {
    const cwd = makeApp({ Procfile: `web: printf 'bad \\377 byte\\n' >&2; exit 3\n` });
    const run = await runCli(['start', '--log-format', 'json', '--restart', 'never'], { cwd });
    const records = run.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const pid = records.find((r) => r.event === 'spawn')?.pid;

    expect(records.find((r) => r.source === 'app')).toMatchObject({
      dyno: 'web.1',
      stream: 'stderr',
      pid,
      msg: 'bad \uFFFD byte',
    });
    expect(records.find((r) => r.event === 'exit')).toMatchObject({
      level: 'warn',
      dyno: 'web.1',
      type: 'web',
      pid,
      code: 3,
      signal: null,
      stopped: false,
      msg: 'web.1 exited with code 3',
    });
  });

  // State changes and stops for shutdown had no `msg` at all.
  it('gives every lifecycle event a msg', async () => {
    const cwd = makeApp({ Procfile: 'quiet: sleep 1000\n' });
    const run = startCli(['start', '--log-format', 'json'], { cwd });
    await run.waitFor(/"msg":"quiet\.1 is up"/);
    run.child.kill('SIGINT');
    await run.exited;
    const records = run.lines().map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(records.filter((r) => typeof r.msg !== 'string' || r.msg === '')).toEqual([]);
    const msgOf = (event: string) => records.filter((r) => r.event === event).map((r) => r.msg);
    expect(msgOf('stop')).toEqual(['sending SIGTERM to quiet.1']);
    expect(msgOf('state')).toEqual([
      'quiet.1 state changed from down to starting',
      'quiet.1 is up',
      'quiet.1 state changed from up to stopping',
      'quiet.1 state changed from stopping to down',
    ]);
  });

  it.each([
    [
      ['--log-format', 'json', '--format', 'heroku'],
      '--format and --log-format json cannot be combined: JSON replaces the text',
    ],
    [['--log-format', 'xml'], '--log-format expects one of text, json, got "xml"'],
    [
      ['--log-dir', 'logs', '--log-files', '0'],
      '--log-files expects a whole number from 1 to 1000, got "0"',
    ],
    [
      ['--log-dir', 'logs', '--log-max-size', 'big'],
      '--log-max-size expects a size like 512M or 1.5G, got "big"',
    ],
    [['--alert-interval', '5s'], '--alert-interval needs --on-event'],
  ])('refuses %j', async (flags, message) => {
    const run = await runCli(['start', ...flags], { cwd: makeApp({ Procfile: 'web: true\n' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`dynorun: ${message}\n`);
  });
});

describe('--log-dir', () => {
  it('keeps at most --log-files files per log, cut only between lines', async () => {
    const cwd = makeApp({ Procfile: `release: echo migrated\nweb: ${FLOOD} w 3000\n` });
    const flags = ['--log-dir', 'logs', '--log-max-size', '4K', '--log-files', '3'];
    const run = await runCli(['start', '--restart', 'never', ...flags], { cwd });
    expect(run.code).toBe(0);

    const dir = join(cwd, 'logs');
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      'dynorun.log',
      'dynorun.log.1',
      'dynorun.log.2',
      'release.log',
      'web.1.log',
      'web.1.log.1',
      'web.1.log.2',
    ]);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    const web = ['web.1.log.2', 'web.1.log.1', 'web.1.log'].map(read).join('').split('\n');
    const column = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (web\.1|dynorun) +\| /;
    expect(web.at(-1)).toBe('');
    expect(web.slice(0, -1).every((line) => column.test(line))).toBe(true);

    // The three files hold the newest lines, every one whole and in order.
    const output = web
      .filter((line) => / web\.1 +\| /.test(line))
      .map((l) => l.replace(column, ''));
    const first = Number(output[0]?.split(' ')[1]);
    const expected = Array.from({ length: 3000 - first }, (_, k) => `w ${first + k} ${PADDING}`);
    expect(output).toEqual(expected);
    expect(read('web.1.log')).toMatch(/dynorun +\| web\.1 exited with code 0\n/);
    expect(read('release.log')).toMatch(/^\S+ release +\| migrated$/m);
  });
});

describe('--on-event', () => {
  it('runs the command once for a crash, with the event and the last lines', async () => {
    const record = '{ env | grep ^DYNORUN_ | sort; echo ---; cat; } >> alerts.txt';
    const cwd = makeApp({ Procfile: 'web: echo one; echo two >&2; exit 4\n' });
    const run = await runCli(['start', '--restart', 'never', '--on-event', record], { cwd });
    expect(run.code).toBe(4);

    const text = readFileSync(join(cwd, 'alerts.txt'), 'utf8');
    const stable = text
      .replace(/^DYNORUN_TIME=\S+$/m, 'DYNORUN_TIME=…')
      .replace(/^DYNORUN_TAG=[0-9a-f]{8}-alert$/m, 'DYNORUN_TAG=…-alert');
    expect(stable).toBe(
      [
        `DYNORUN_APP=${cwd}`,
        'DYNORUN_DYNO=web.1',
        'DYNORUN_EVENT=crash',
        'DYNORUN_EXIT_CODE=4',
        'DYNORUN_MESSAGE=web.1 exited with code 4',
        'DYNORUN_SIGNAL=',
        'DYNORUN_SUPPRESSED=0',
        'DYNORUN_TAG=…-alert',
        'DYNORUN_TIME=…',
        'DYNORUN_TYPE=web',
        '---',
        'one',
        'two',
        '',
      ].join('\n'),
    );
    expect(text).toMatch(/^DYNORUN_TIME=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
  });
});

describe('--on-event leftovers', () => {
  // An alert command's detached children used to outlive dynorun: they carried no tag.
  it('leaves nothing an alert command started, even in a new session', async () => {
    const cwd = makeApp({ Procfile: 'web: exit 4\n' });
    const alert = 'setsid sleep 1000 & echo $! > alert-child.pid; cat > /dev/null';
    const run = await runCli(['start', '--restart', 'never', '--on-event', alert], { cwd });
    const child = Number(readFileSync(join(cwd, 'alert-child.pid'), 'utf8'));

    expect(run.code).toBe(4);
    expect(isAlive(child)).toBe(false);
  });
});
