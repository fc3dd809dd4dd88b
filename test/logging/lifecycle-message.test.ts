// dynorun's own lines count things in words that agree with the count: "1 restart",
// "2 restarts".
import { describe, expect, it } from 'vitest';
import { lifecycleMessage } from '../../src/logging/lifecycle-message.js';
import type { SupervisorEvent } from '../../src/logging/supervisor-event.js';

const web = { dyno: 'web.1', type: 'web' } as const;
const giveUp = (restarts: number): SupervisorEvent => ({
  kind: 'give-up',
  ...web,
  reason: 'max-restarts',
  restarts,
});
const metrics = (processes: number): SupervisorEvent => ({
  kind: 'metrics',
  ...web,
  memoryBytes: 1024 * 1024,
  processes,
  load1m: 0,
});
const kill = (count: number): SupervisorEvent => ({
  kind: 'kill',
  reason: 'grace-expired',
  graceMs: 30_000,
  processes: Array.from({ length: count }, (_, i) => ({ dyno: 'web.1', pid: 41 + i })),
});

describe('lifecycleMessage', () => {
  it.each([
    ['give-up, 1', giveUp(1), 'web.1 will not be restarted: 1 restart used up'],
    ['give-up, 2', giveUp(2), 'web.1 will not be restarted: 2 restarts used up'],
    ['metrics, 1', metrics(1), 'web.1 memory 1.0 MiB in 1 process, load 0.00'],
    ['metrics, 3', metrics(3), 'web.1 memory 1.0 MiB in 3 processes, load 0.00'],
    ['kill, 1', kill(1), 'sending SIGKILL to 1 process still running after 30 s: web.1 (pid 41)'],
    ['kill, 2', kill(2), expect.stringContaining('sending SIGKILL to 2 processes still running')],
  ])('counts in words that agree: %s', (_label, event, line) => {
    expect(lifecycleMessage(event)).toEqual(line);
  });
});
