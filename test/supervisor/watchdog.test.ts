// Every process dynorun started is gone soon after dynorun itself is SIGKILLed.
import { randomUUID } from 'node:crypto';
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
});
