// dynorun's own lines count things in words that agree with the count: "1 restart",
// "2 restarts", and none says it sends a signal to nothing.
import { describe, expect, it } from 'vitest';
import { eventText, lifecycleMessage } from '../../src/logging/lifecycle-message.js';
import type { StoppingEvent, SupervisorEvent } from '../../src/logging/supervisor-event.js';

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

const stopping = (cause: StoppingEvent['cause'], running: number): SupervisorEvent => ({
  kind: 'stopping',
  cause,
  signal: 'SIGTERM',
  graceMs: 30_000,
  running,
});
const SENDING = 'sending SIGTERM to all processes (grace 30 s)';

describe('lifecycleMessage', () => {
  it.each([
    ['give-up, 1', giveUp(1), 'web.1 will not be restarted: 1 restart used up'],
    ['give-up, 2', giveUp(2), 'web.1 will not be restarted: 2 restarts used up'],
    ['give-up, 0', giveUp(0), 'web.1 will not be restarted: restarts are off (max restarts 0)'],
    ['metrics, 1', metrics(1), 'web.1 memory 1.0 MiB in 1 process, load 0.00'],
    ['metrics, 3', metrics(3), 'web.1 memory 1.0 MiB in 3 processes, load 0.00'],
    ['kill, 1', kill(1), 'sending SIGKILL to 1 process still running after 30 s: web.1 (pid 41)'],
    ['kill, 2', kill(2), expect.stringContaining('sending SIGKILL to 2 processes still running')],
  ])('counts in words that agree: %s', (_label, event, line) => {
    expect(lifecycleMessage(event)).toEqual(line);
  });
});

describe('the stopping line', () => {
  it.each([
    [{ signal: 'SIGINT' as const }, 2, `received SIGINT; ${SENDING}`],
    [{ signal: 'SIGINT' as const }, 0, 'received SIGINT; no dyno is running, nothing to stop'],
    [{ dyno: 'web.1', code: 3 }, 0, 'web.1 ended the run; no dyno is running, nothing to stop'],
    [{ output: 'EIO' }, 1, `cannot write the log to stdout (EIO); ${SENDING}`],
    [{ done: true as const }, 0, 'no dyno is left running or waiting to restart; nothing to stop'],
    [{ done: true as const }, 1, `no dyno is left running or waiting to restart; ${SENDING}`],
  ])('for %j with %d dynos running: %s', (cause, running, line) => {
    expect(lifecycleMessage(stopping(cause, running))).toBe(line);
  });
});

describe('eventText', () => {
  it('words the events the console leaves out', () => {
    const state = { kind: 'state', dyno: 'web.1', type: 'web', from: 'up', to: 'stopping' };
    const stop = { kind: 'stop', dyno: 'web.1', type: 'web', signal: 'SIGQUIT' };
    expect(eventText(state as SupervisorEvent & { kind: 'state' })).toBe(
      'web.1 state changed from up to stopping',
    );
    expect(eventText({ ...stop, reason: 'shutdown' } as SupervisorEvent & { kind: 'stop' })).toBe(
      'sending SIGQUIT to web.1',
    );
  });
});
