// Alert commands run for real: the right variables and lines reach them, a crash loop
// stays at two alerts, and no alert process outlives a hang or the end of the run.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputEvent } from './output-event.js';
import { AlertRunner, type AlertRunnerOptions } from '../../src/logging/alert-runner.js';
import type { SupervisorEvent } from '../../src/logging/supervisor-event.js';
import { makeApp } from '../helpers/cli.js';
import { eventually, processesWithMarker } from '../helpers/processes.js';

const web = { dyno: 'web.1', type: 'web' };
const exit = (code: number) =>
  ({ kind: 'exit', ...web, pid: 9, code, signal: null, stopped: false }) satisfies SupervisorEvent;
const restart = (attempt: number) =>
  ({ kind: 'restart', ...web, attempt, delayMs: 0 }) satisfies SupervisorEvent;
const output = (lines: string[]) => outputEvent(web.dyno, lines);

// Each alert writes its DYNORUN_* variables and its stdin to a file of its own (alerts
// run side by side, so one shared file could interleave them).
const RECORD = '{ env | grep ^DYNORUN_ | sort; echo ---; cat; } > "$ALERTS/$$.txt"';

function runner(options: Partial<AlertRunnerOptions> = {}) {
  const dir = makeApp({});
  const alertDir = join(dir, 'alerts');
  mkdirSync(alertDir);
  const marker = `ALERT_TEST=${randomUUID()}`;
  const [name, value] = marker.split('=') as [string, string];
  const alerts = new AlertRunner({
    command: RECORD,
    appDir: dir,
    env: { PATH: process.env.PATH, ALERTS: alertDir, [name]: value },
    now: () => Date.UTC(2026, 11, 4, 15, 7, 0),
    ...options,
  });
  // Sorted, so a crash alert comes before a restart-loop alert.
  const records = () =>
    readdirSync(alertDir)
      .map((file) => readFileSync(join(alertDir, file), 'utf8'))
      .sort();
  return { alerts, records, marker, dir };
}

describe('AlertRunner', () => {
  it('turns 20 crashes and restarts into two alerts that get the event and last lines', async () => {
    const { alerts, records, dir } = runner();
    alerts.write(output(Array.from({ length: 60 }, (_, i) => `line ${i}`)));
    for (let i = 1; i <= 20; i++) {
      expect(alerts.write(exit(3))).toBe(true);
      expect(alerts.write(restart(i))).toBe(true);
    }
    await alerts.close();

    const [crash, loop, ...more] = records();
    expect(more).toEqual([]);
    const lastLines = Array.from({ length: 50 }, (_, i) => `line ${i + 10}`).join('\n');
    expect(crash).toBe(
      [
        `DYNORUN_APP=${dir}`,
        'DYNORUN_DYNO=web.1',
        'DYNORUN_EVENT=crash',
        'DYNORUN_EXIT_CODE=3',
        'DYNORUN_MESSAGE=web.1 exited with code 3',
        'DYNORUN_SIGNAL=',
        'DYNORUN_SUPPRESSED=0',
        'DYNORUN_TIME=2026-12-04T15:07:00.000Z',
        'DYNORUN_TYPE=web',
        '---',
        lastLines,
        '',
      ].join('\n'),
    );
    expect(loop).toContain('DYNORUN_EVENT=restart-loop\n');
    expect(loop).toContain('DYNORUN_MESSAGE=web.1 restarting now (restart 3)\n');
  });

  it('never waits for the command, and kills a hanging one with its group', async () => {
    const { alerts, marker } = runner({ command: 'sleep 100 & sleep 100', timeoutMs: 1_500 });
    const started = performance.now();
    alerts.write(exit(1));
    expect(performance.now() - started).toBeLessThan(500);

    await eventually(
      () => processesWithMarker(marker).length >= 2,
      () => `the shell and two sleeps, got ${processesWithMarker(marker).length}`,
    );
    await eventually(
      () => processesWithMarker(marker).length === 0,
      () => `no alert process left, got ${processesWithMarker(marker).join(', ')}`,
    );
    await alerts.close();
  });

  it('waits for running alerts at close, then kills what is left', async () => {
    const { alerts, marker, records } = runner({
      command: `${RECORD}; sleep 100`,
      closeGraceMs: 1_500,
    });
    alerts.write(exit(1));
    await alerts.close();

    expect(records()).toHaveLength(1);
    expect(processesWithMarker(marker)).toEqual([]);
  });
});
