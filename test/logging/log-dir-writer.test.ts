// One-off dynos share one file in --log-dir, so a script that calls `dynorun run` every
// minute does not leave a file per call behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogDirWriter } from '../../src/logging/log-dir-writer.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LogDirWriter', () => {
  it('writes the lines of every one-off (run.1, run.2) to run.log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynorun-log-dir-'));
    dirs.push(dir);
    const writer = new LogDirWriter({ dir, maxBytes: 1 << 20, files: 2, names: [], now: () => 0 });
    for (const dyno of ['run.1', 'run.2']) {
      writer.write({ kind: 'spawn', dyno, type: 'run', pid: 7, command: 'bash' });
      writer.write({
        kind: 'exit',
        dyno,
        type: 'run',
        pid: 7,
        code: 0,
        signal: null,
        stopped: false,
      });
    }
    await writer.close();
    const runLog = readFileSync(join(dir, 'run.log'), 'utf8').split('\n');

    expect(readdirSync(dir).sort()).toEqual(['dynorun.log', 'run.log']);
    expect(runLog).toEqual([
      '1970-01-01T00:00:00.000Z dynorun | run.1 started with pid 7: bash',
      '1970-01-01T00:00:00.000Z dynorun | run.1 exited with code 0',
      '1970-01-01T00:00:00.000Z dynorun | run.2 started with pid 7: bash',
      '1970-01-01T00:00:00.000Z dynorun | run.2 exited with code 0',
      '',
    ]);
  });
});
