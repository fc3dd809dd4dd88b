// `dynorun logs` prints the recent lines as the main stream printed them, and follows new
// ones with --tail.
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { dynorun, killFormations, startFormation } from './control-helpers.js';

afterEach(killFormations);

const TALK = 'talk: for i in 1 2 3 4 5; do echo "line $i"; done; sleep 1000\n';
const QUIET = 'quiet: echo hush; sleep 1000\n';

async function talking() {
  const formation = startFormation({ Procfile: TALK + QUIET });
  await formation.run.waitFor(/talk\.1 +\| line 5/);
  await formation.run.waitFor(/quiet\.1 +\| hush/);
  return formation;
}

describe('dynorun logs', () => {
  it('prints the last N lines exactly as the main stream printed them', async () => {
    const { run, cwd } = await talking();
    const result = await dynorun(cwd, ['logs', '-n', '3', '--type', 'talk', '--no-timestamp']);

    const main = run.lines().filter((line) => line.startsWith('talk.1 '));
    expect(result.stdout).toBe(`${main.slice(-3).join('\n')}\n`);
    expect(result.stdout).toBe('talk.1  | line 3\ntalk.1  | line 4\ntalk.1  | line 5\n');
  });

  it('filters by dyno and by source', async () => {
    const { cwd } = await talking();
    const app = await dynorun(cwd, ['logs', '--dyno', 'quiet.1', '--source', 'app']);
    expect(app.stdout).toMatch(/^\d\d:\d\d:\d\d quiet\.1 \| hush\n$/);

    const own = await dynorun(cwd, ['logs', '--source', 'dynorun', '--no-timestamp']);
    const lines = own.stdout.trimEnd().split('\n');
    expect(lines.every((line) => line.startsWith('dynorun | '))).toBe(true);
    expect(lines).toContain('dynorun | talk.1 is up');
  });

  it('keeps the time each line was printed at', async () => {
    const { run, cwd } = await talking();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const result = await dynorun(cwd, [
      'logs',
      '-n',
      '1',
      '--dyno',
      'quiet.1',
      '--format',
      'heroku',
    ]);
    expect(result.stdout).toMatch(/^\S+ app\[quiet\.1\]: hush\n$/);
    const printed = Date.parse(result.stdout.split(' ')[0] as string);
    expect(Date.now() - printed).toBeGreaterThan(1_000);
    expect(run.child.exitCode).toBe(null);
  });

  // dynorun's own lines were stamped with the time of the last output line before them.
  it("stamps dynorun's own lines with their own time, to the microsecond", async () => {
    const { run, cwd } = await talking();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await dynorun(cwd, ['stop', 'quiet']);
    await run.waitFor(/quiet\.1 exited/);
    const result = await dynorun(cwd, ['logs', '--format', 'heroku']);

    const timeOf = (pattern: RegExp) => {
      const line = result.stdout.split('\n').find((text) => pattern.test(text));
      if (!line) throw new Error(`no ${pattern} in:\n${result.stdout}`);
      return line.split(' ')[0] as string;
    };
    const hush = timeOf(/ app\[quiet\.1\]: hush$/);
    const stopping = timeOf(/ heroku\[dynorun\]: Stopping quiet on request$/);
    expect(Date.parse(stopping) - Date.parse(hush)).toBeGreaterThan(1_000);
    // Microseconds, as on the main stream: not milliseconds padded with zeros.
    const fractions = result.stdout.match(/\.\d{6}\+00:00/g) ?? [];
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.every((fraction) => fraction.endsWith('000+00:00'))).toBe(false);
  });

  it('follows new lines with --tail until the run ends', async () => {
    const { run, cwd } = await talking();
    const tail = startCli(['logs', '--tail', '-n', '1', '--dyno', 'talk.1', '--no-timestamp'], {
      cwd,
    });
    await tail.waitFor(/talk\.1 +\| line 5\n/);
    await dynorun(cwd, ['restart', 'talk']);
    await tail.waitFor(/talk\.1 started with pid \d+\n(.*\n)*talk\.1 +\| line 5\n/);
    expect(tail.lines()[0]).toBe('talk.1  | line 5');

    run.child.kill('SIGINT');
    expect(await tail.exited).toEqual({ code: 0, signal: null });
    expect(tail.stdout()).toContain('talk.1 exited on SIGTERM');
    expect(tail.stderr()).toBe('dynorun: the formation stopped (exit code 130); end of log\n');
  });
});
