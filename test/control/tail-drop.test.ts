// A `dynorun logs --tail` that falls too far behind is dropped, and says so: the
// formation never waits for it, and it never ends as if all were well.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES, startCli } from '../helpers/cli.js';
import { killFormations, startFormation, until } from './control-helpers.js';

afterEach(killFormations);

// About 18 MB of lines once the file `go` exists, then the file `done`.
const FLOOD =
  'flood: echo waiting; while [ ! -e go ]; do sleep 0.05; done; ' +
  `node ${PROCESSES}/flood.mjs f 200000; touch done; sleep 1000\n`;

describe('dynorun logs --tail behind a log flood', () => {
  it('is dropped with a message on stderr and exit 1 when it falls 8 MiB behind', async () => {
    const { run, cwd } = startFormation({ Procfile: FLOOD });
    await run.waitFor(/flood\.1 +\| waiting/);
    // The main stream is read, but not kept: 18 MB would only slow the test down.
    run.child.stdout?.removeAllListeners('data').resume();

    const tail = startCli(['logs', '--tail', '-n', '1', '--no-timestamp'], { cwd });
    await tail.waitFor(/flood\.1 +\| waiting\n/);
    // The tail stops reading: its writes to stdout block once the pipe is full.
    tail.child.stdout?.pause();
    writeFileSync(join(cwd, 'go'), '');
    await until(async () => existsSync(join(cwd, 'done')), Boolean, 'the flood to end', 20_000);
    tail.child.stdout?.resume();

    expect(await tail.exited).toEqual({ code: 1, signal: null });
    const behind = /fell (\d+) bytes of messages behind \(more than 8 MiB\)/;
    const slow = 'dynorun does not wait for a slow reader';
    expect(tail.stderr()).toMatch(
      new RegExp(`^dynorun: dropped: logs --tail ${behind.source}; ${slow}\n$`),
    );
    expect(Number(behind.exec(tail.stderr())?.[1])).toBeGreaterThan(8 * 1024 * 1024);
    // What it got before the drop is whole lines, in order.
    const numbers = tail
      .lines()
      .slice(1)
      .map((line) => Number(/^flood\.1 +\| f (\d+) p+$/.exec(line)?.[1]));
    expect(numbers.length).toBeGreaterThan(1000);
    expect(numbers).toEqual(numbers.map((_, i) => i));
    expect(run.child.exitCode).toBe(null);
  });
});
