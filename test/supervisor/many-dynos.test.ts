// A formation of 200 dynos starts, every dyno's output arrives under its own name, and
// stopping it leaves no process behind anywhere in the process table.
import { afterEach, describe, expect, it } from 'vitest';
import { linesOf, makeApp, startCli } from '../helpers/cli.js';
import { eventually, killAll, processesWithMarker, runMarker } from '../helpers/processes.js';

const PER_TYPE = 100; // the most one type may have
// Below Linux's ephemeral range (32768–60999), where a client socket could hold a PORT.
const BASE_PORT = '21000';
const COMMAND = 'echo "hello from $DYNO"; echo "bye from $DYNO"; exec sleep 1000';

let marker = '';
afterEach(() => killAll(processesWithMarker(marker)));

describe('a formation of 200 dynos', () => {
  it('starts every dyno, shows every dyno’s lines and leaves nothing behind', async () => {
    const tagged = runMarker();
    marker = tagged.marker;
    const cwd = makeApp({ Procfile: `a: ${COMMAND}\nb: ${COMMAND}\n` });
    const formation = `a=${PER_TYPE},b=${PER_TYPE}`;
    const run = startCli(['start', '--no-timestamp', '-m', formation, '-p', BASE_PORT], {
      cwd,
      env: tagged.env,
    });
    const dynos = ['a', 'b'].flatMap((type) =>
      Array.from({ length: PER_TYPE }, (_, i) => `${type}.${i + 1}`),
    );
    const byes = () => run.lines().filter((line) => line.includes('| bye from ')).length;
    const stillRunning = () => {
      if (run.child.exitCode === null) return true;
      throw new Error(`dynorun exited early: ${run.stdout().slice(-2000)}\n${run.stderr()}`);
    };
    await eventually(
      () => stillRunning() && byes() >= dynos.length,
      () => `${byes()} of ${dynos.length} dynos wrote their lines; stderr: ${run.stderr()}`,
      60_000,
    );
    // Every dyno's shell (now sleep) and dynorun itself carry the marker.
    expect(processesWithMarker(marker).length).toBeGreaterThanOrEqual(dynos.length + 1);

    run.child.kill('SIGINT');
    const { code } = await run.exited;

    expect(code).toBe(130);
    for (const dyno of dynos) {
      expect(linesOf(run.lines(), dyno)).toEqual([`hello from ${dyno}`, `bye from ${dyno}`]);
    }
    const started = linesOf(run.lines(), 'dynorun').filter((line) => /started with pid/.test(line));
    expect(started).toHaveLength(dynos.length);
    expect(run.stdout()).not.toContain('SIGKILL');
    expect(processesWithMarker(marker)).toEqual([]);
  }, 120_000);
});
