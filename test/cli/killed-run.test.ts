// What a killed `dynorun start` left running (its watchdog killed too) is named and stopped
// by the next start in the same app directory, before anything of the new run starts;
// a pid in the record that now belongs to another process is not taken for the old run.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, runCli, startCli } from '../helpers/cli.js';
import { eventually, isAlive, killAll, processesWithMarker } from '../helpers/processes.js';

const markers: string[] = [];
afterEach(() => {
  for (const marker of markers.splice(0)) killAll(processesWithMarker(marker));
});

const NEXT = ['start', '-f', 'Procfile.next', '--no-timestamp', '--restart', 'never'];
const LEFT = new RegExp(
  '^dynorun +\\| (\\S+) left pid (\\d+) running when its dynorun \\(pid (\\d+)\\) was killed: ' +
    '(.*); stopping it$',
);

describe('the next start after a killed run', () => {
  it('names and stops what a run whose watchdog died too left behind', async () => {
    const marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
    markers.push(marker);
    const [name, value] = marker.split('=') as [string, string];
    const cwd = makeApp({
      Procfile: 'worker: sleep 300\n',
      'Procfile.next': 'worker: echo fresh\n',
    });
    const first = startCli(['start', '--no-timestamp'], { cwd, env: { [name]: value } });
    await first.waitFor(/worker\.1 is up/);
    const dynorun = first.child.pid as number;
    const tagged = processesWithMarker(marker).filter((pid) => pid !== dynorun);
    const tag = environOf(tagged[0] as number).find((entry) => entry.startsWith('DYNORUN_TAG='));
    const runId = (tag ?? '').slice('DYNORUN_TAG='.length).split('.')[0] as string;

    // The watchdog is dynorun's child that was handed the run id: SIGKILL it, then dynorun.
    const watchdog = childrenOf(dynorun).filter((pid) => argsOf(pid).at(-1) === runId);
    expect(watchdog).toHaveLength(1);
    process.kill(watchdog[0] as number, 'SIGKILL');
    await eventually(
      () => !isAlive(watchdog[0] as number),
      () => 'the watchdog lives on',
    );
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const left = processesWithMarker(`${tag}`);
    expect(left.length).toBeGreaterThan(0);

    const next = await runCli(NEXT, { cwd });
    const reported = next.lines.filter((line) => LEFT.test(line));
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(reported.map((line) => line.match(LEFT)?.slice(1, 4))).toEqual(
      left.sort((a, b) => a - b).map((pid) => ['worker.1', String(pid), String(dynorun)]),
    );
    expect(reported.some((line) => line.endsWith(': sleep 300; stopping it'))).toBe(true);
    // Reported and stopped before the new run's first dyno started.
    const started = next.lines.findIndex((line) => /worker\.1 started with pid/.test(line));
    expect(next.lines.indexOf(reported.at(-1) as string)).toBeLessThan(started);
    expect(processesWithMarker(`${tag}`)).toEqual([]);
    expect(existsSync(join(cwd, '.dynorun'))).toBe(false);
  });

  it('does not take a reused pid for the killed dynorun', async () => {
    const { cwd, marker, leftover } = await killedRunWith((pid) => startTicksOf(pid) + 1);
    const next = await runCli(NEXT, { cwd });

    expect(next.code).toBe(0);
    expect(next.lines.filter((line) => LEFT.test(line))).toHaveLength(1);
    expect(isAlive(leftover)).toBe(false);
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('refuses to start while the recorded dynorun still runs, touching nothing', async () => {
    const { cwd, leftover } = await killedRunWith((pid) => startTicksOf(pid));
    const next = await runCli(NEXT, { cwd });

    expect(next.code).toBe(1);
    expect(next.stdout).toBe('');
    expect(next.stderr).toBe(
      `dynorun: dynorun is already running for ${cwd} (pid ${leftover}) without its ` +
        'control socket; stop it first\n',
    );
    expect(isAlive(leftover)).toBe(true);
    expect(readdirSync(join(cwd, '.dynorun'))).toEqual(['run.json']);
  });
});

// An app whose record names a run `<runId>` with one tagged process left, `sleep 300`.
// The record's pid is that process, with the start time `ticks` gives.
async function killedRunWith(ticks: (pid: number) => number) {
  const runId = randomUUID().slice(0, 8);
  const marker = `DYNORUN_TAG=${runId}.worker.1`;
  markers.push(marker);
  const cwd = makeApp({ 'Procfile.next': 'worker: echo fresh\n' });
  const child = spawn('sleep', ['300'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, DYNORUN_TAG: `${runId}.worker.1` },
  });
  child.unref();
  const leftover = child.pid as number;
  await eventually(
    () => processesWithMarker(marker).includes(leftover),
    () => 'no sleep',
  );

  mkdirSync(join(cwd, '.dynorun'), { mode: 0o700 });
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const record = { runId, pid: leftover, startTicks: ticks(leftover), bootId, startedAt: '' };
  writeFileSync(join(cwd, '.dynorun', 'run.json'), JSON.stringify(record));
  return { cwd, marker, leftover };
}

function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
}

function argsOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').slice(0, -1);
  } catch {
    return [];
  }
}

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function startTicksOf(pid: number): number {
  return Number(statFields(pid)[19]);
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && isAlive(pid) && ppidOf(pid) === parent);
}

function ppidOf(pid: number): number | undefined {
  try {
    return Number(statFields(pid)[1]);
  } catch {
    return undefined;
  }
}
