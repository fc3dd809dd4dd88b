// Every process dynorun started is gone soon after dynorun itself is SIGKILLed.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, PROCESSES, startCli } from '../helpers/cli.js';
import { eventually, killAll, processesWithMarker } from '../helpers/processes.js';

let marker = '';
afterEach(() => killAll(processesWithMarker(marker)));

describe('the watchdog', () => {
  it('stops every dyno, escapees included, within seconds of a SIGKILL to dynorun', async () => {
    marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
    const [name, value] = marker.split('=') as [string, string];
    const cwd = makeApp({
      Procfile: [
        `a: sh ${PROCESSES}/grandchild.sh`,
        `b: sh ${PROCESSES}/escape.sh`,
        `c: sh ${PROCESSES}/ignore-term.sh`,
      ].join('\n'),
    });
    const run = startCli(['start', '--no-timestamp'], { cwd, env: { [name]: value } });
    await run.waitFor(/grandchild \d+/);
    await run.waitFor(/ready/);
    await run.waitFor(/ignoring TERM/);
    expect(processesWithMarker(marker).length).toBeGreaterThanOrEqual(8);

    const killed = Date.now();
    run.child.kill('SIGKILL');
    await run.exited;
    await eventually(
      () => processesWithMarker(marker).length === 0,
      () => `still alive ${Date.now() - killed} ms later: ${processesWithMarker(marker)}`,
      3_000,
    );
    expect(Date.now() - killed).toBeLessThan(3_000);
  });

  // A one-off's command used to keep running when `dynorun run` was SIGKILLed.
  it('stops a one-off command within seconds of a SIGKILL to dynorun run', async () => {
    marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
    const [name, value] = marker.split('=') as [string, string];
    const cwd = makeApp({ Procfile: 'web: true\n' });
    const run = startCli(['run', 'sleep 300 & sleep 300'], { cwd, env: { [name]: value } });
    // The shell and its two sleeps, beside dynorun itself.
    const command = () => processesWithMarker(marker).filter((pid) => pid !== run.child.pid);
    await eventually(
      () => command().length >= 3,
      () => `one-off processes: ${command()}`,
    );
    const tags = new Set(command().map(tagOf));
    expect([...tags]).toEqual([expect.any(String)]);
    const tagged = `DYNORUN_TAG=${[...tags][0]}`;

    // Not `run.exited`: that waits for dynorun's output to close, which survivors hold.
    const exited = new Promise((resolve) => run.child.once('exit', resolve));
    const killed = Date.now();
    run.child.kill('SIGKILL');
    await exited;
    await eventually(
      () => processesWithMarker(tagged).length === 0,
      () => `still alive ${Date.now() - killed} ms later: ${processesWithMarker(tagged)}`,
      2_500,
    );
  });

  // Killing the watchdog went unnoticed: a later SIGKILL of dynorun then left every dyno.
  it.each([
    ['start', ['start', '--no-timestamp'], /^dynorun +\| the watchdog \(pid (\d+)\) is gone/m],
    ['run', ['run', 'sleep 1000'], /^dynorun: the watchdog \(pid (\d+)\) is gone/m],
  ])('says once when it is gone from under %s', async (_command, args, said) => {
    marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
    const [name, value] = marker.split('=') as [string, string];
    const cwd = makeApp({ Procfile: 'a: sleep 1000\n' });
    const run = startCli(args, { cwd, env: { [name]: value } });
    await eventually(
      () => watchdogOf(run.child.pid as number) !== undefined,
      () => 'no watchdog',
    );
    const watchdog = watchdogOf(run.child.pid as number) as number;
    process.kill(watchdog, 'SIGKILL');

    const text = () => run.stdout() + run.stderr();
    await eventually(
      () => said.test(text()),
      () => `nothing said: ${text()}`,
    );
    expect(text().match(said)?.[1]).toBe(String(watchdog));
    expect(text()).toContain('is gone: processes will outlive a SIGKILL of dynorun\n');
  });
});

// The watchdog of the dynorun with pid `parent`: its child shell named dynorun-watchdog.
function watchdogOf(parent: number): number | undefined {
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0');
      if (ppid === parent && argv.includes('dynorun-watchdog')) return Number(name);
    } catch {
      // gone while we looked
    }
  }
  return undefined;
}

function tagOf(pid: number): string | undefined {
  const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  return environ.find((entry) => entry.startsWith('DYNORUN_TAG='))?.slice('DYNORUN_TAG='.length);
}
