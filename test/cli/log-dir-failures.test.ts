// A --log-dir file that cannot be opened or written costs that file only: one line on
// stderr, and the run, its exit code, the console stream and every other file go on.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linesOf, makeApp, runCli } from '../helpers/cli.js';

const START = ['start', '--restart', 'never', '--no-timestamp', '--log-dir', 'logs'];
const COUNT = 'for i in 1 2 3 4 5; do echo $0 $i; sleep 0.05; done';
const read = (cwd: string, name: string) => readFileSync(join(cwd, 'logs', name), 'utf8');
const appLines = (text: string, dyno: string) =>
  text.split('\n').filter((line) => new RegExp(` ${dyno} +\\| `).test(line)).length;

describe('--log-dir files that fail', () => {
  it('reports a file made impossible after the start once, and keeps the run', async () => {
    // The release puts a directory where web.1's file is opened once web starts.
    const cwd = makeApp({
      Procfile: [
        'release: mkdir logs/web.1.log',
        `web: sh -c '${COUNT}; exit 3' web`,
        `other: sh -c '${COUNT}' other`,
      ].join('\n'),
    });
    const run = await runCli(START, { cwd });

    expect(run.stderr).toBe(
      'dynorun: cannot write log file logs/web.1.log (EISDIR: illegal operation on a ' +
        'directory); it is left out, the run goes on\n',
    );
    expect(run.code).toBe(3);
    expect(linesOf(run.lines, 'web.1')).toEqual([1, 2, 3, 4, 5].map((i) => `web ${i}`));
    expect(appLines(read(cwd, 'dynorun.log'), 'web.1')).toBe(5);
    expect(appLines(read(cwd, 'dynorun.log'), 'other.1')).toBe(5);
    expect(appLines(read(cwd, 'other.1.log'), 'other.1')).toBe(5);
    expect(read(cwd, 'other.1.log')).toMatch(/dynorun +\| other\.1 exited with code 0\n/);
  });

  it('reports a file on a full disk once, however many lines fail', async () => {
    const cwd = makeApp({ Procfile: `web: sh -c '${COUNT}' web\nother: sh -c '${COUNT}' other\n` });
    mkdirSync(join(cwd, 'logs'));
    symlinkSync('/dev/full', join(cwd, 'logs', 'web.1.log'));
    const run = await runCli(START, { cwd });

    expect(run.stderr).toBe(
      'dynorun: cannot write log file logs/web.1.log (ENOSPC: no space left on device); ' +
        'it is left out, the run goes on\n',
    );
    expect(run.code).toBe(0);
    expect(linesOf(run.lines, 'web.1')).toHaveLength(5);
    expect(appLines(read(cwd, 'dynorun.log'), 'web.1')).toBe(5);
    expect(appLines(read(cwd, 'other.1.log'), 'other.1')).toBe(5);
  });

  // A directory at gen.1.log.1 was blamed on gen.1.log and moved to .2, .3, … in turn.
  it('renames nothing that is not a log file: says so once, naming it, and keeps writing', async () => {
    const cwd = makeApp({
      Procfile: 'gen: for i in $(seq 1 400); do echo "line $i of gen"; done\n',
    });
    mkdirSync(join(cwd, 'logs', 'gen.1.log.1'), { recursive: true });
    const run = await runCli([...START, '--log-max-size', '2K'], { cwd });

    expect(run.stderr).toBe(
      'dynorun: cannot rotate log file logs/gen.1.log: logs/gen.1.log.1 is a directory, not a ' +
        'log file; it is left alone, and logs/gen.1.log grows past --log-max-size\n',
    );
    expect(run.code).toBe(0);
    expect(readdirSync(join(cwd, 'logs')).filter((name) => name.startsWith('gen.'))).toEqual([
      'gen.1.log',
      'gen.1.log.1',
    ]);
    expect(statSync(join(cwd, 'logs', 'gen.1.log.1')).isDirectory()).toBe(true);
    expect(appLines(read(cwd, 'gen.1.log'), 'gen.1')).toBe(400);
    expect(existsSync(join(cwd, 'logs', 'dynorun.log.1'))).toBe(true);
  });
});
