// The ps table: one row per dyno, columns aligned, dashes where no process runs.
import { describe, expect, it } from 'vitest';
import { formatPs, formatUptime } from '../../src/cli/ps.js';
import type { DynoStatus } from '../../src/supervisor/dyno-status.js';

describe('formatUptime', () => {
  it.each([
    [0, '0s'],
    [45_900, '45s'],
    [185_000, '3m 05s'],
    [7_620_000, '2h 07m'],
    [273_600_000, '3d 04h'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});

describe('formatPs', () => {
  const up: DynoStatus = {
    name: 'web.1',
    type: 'web',
    state: 'up',
    givenUp: false,
    pid: 4101,
    uptimeMs: 185_000,
    restarts: 2,
    port: 5000,
    cpuPercent: 12.5,
    memoryBytes: 50 * 1024 * 1024,
    processes: 3,
    command: 'gunicorn',
  };
  const down: DynoStatus = {
    ...up,
    name: 'checksum-worker.1',
    state: 'down',
    pid: null,
    uptimeMs: null,
    restarts: 0,
    port: null,
  };

  it('aligns the columns and leaves dashes for a dyno without a process', () => {
    expect(formatPs([up, down])).toEqual([
      'DYNO               STATE  PID   UPTIME  RESTARTS  PORT  CPU    MEMORY',
      'web.1              up     4101  3m 05s  2         5000  12.5%  50.0 MiB',
      'checksum-worker.1  down   -     -       0         -     -      -',
    ]);
  });

  // A given-up dyno looked like one waiting to restart; only `resume` brings it back.
  it('tells a dyno given up from one waiting to restart', () => {
    const waiting: DynoStatus = { ...down, name: 'worker.1', state: 'crashed' };
    const givenUp: DynoStatus = { ...waiting, name: 'worker.2', givenUp: true };
    expect(formatPs([waiting, givenUp]).map((row) => row.split(/  +/)[1])).toEqual([
      'STATE',
      'crashed',
      'crashed (given up)',
    ]);
  });

  it('says when the formation is empty', () => {
    expect(formatPs([])).toEqual(['no dynos: the formation is empty']);
  });
});
