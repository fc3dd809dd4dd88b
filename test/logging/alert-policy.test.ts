// Which events raise an alert, and how a crash loop stays at a handful of alerts.
import { describe, expect, it } from 'vitest';
import { AlertPolicy, type Alert } from '../../src/logging/alert-policy.js';
import type { SupervisorEvent } from '../../src/logging/supervisor-event.js';

const web = { dyno: 'web.1', type: 'web' };
const exit = (code: number | null, stopped = false, signal: NodeJS.Signals | null = null) =>
  ({ kind: 'exit', ...web, pid: 9, code, signal, stopped }) satisfies SupervisorEvent;
const restart = (attempt: number) =>
  ({ kind: 'restart', ...web, attempt, delayMs: 0 }) satisfies SupervisorEvent;
const memory = (code: 'R14' | 'R15') =>
  ({
    kind: 'memory',
    ...web,
    code,
    usedBytes: 3 << 20,
    quotaBytes: 1 << 20,
  }) satisfies SupervisorEvent;
const boot = {
  kind: 'boot-timeout',
  ...web,
  timeoutMs: 60_000,
  waitingFor: 'bind to $PORT (5000)',
} as const;
const release = (ok: boolean) =>
  ({ kind: 'release', ok, timedOut: false, timeoutMs: 1, code: ok ? 0 : 2, signal: null }) as const;
const releaseExit = { ...exit(2), dyno: 'release', type: 'release' };
const oneOffExit = { ...exit(1), dyno: 'run.1', type: 'run' };

// `kind dyno code/signal suppressed` for each alert the events raise, one second apart.
function alerts(events: SupervisorEvent[], stepMs = 1_000): string[] {
  const policy = new AlertPolicy();
  return events
    .map((event, i) => policy.decide(event, i * stepMs))
    .filter((alert): alert is Alert => alert !== undefined)
    .map(
      (a) => `${a.kind} ${a.dyno} ${a.exit?.code ?? ''}/${a.exit?.signal ?? ''} ${a.suppressed}`,
    );
}

describe('AlertPolicy', () => {
  it.each<[string, SupervisorEvent[], string[]]>([
    ['a crash', [exit(3)], ['crash web.1 3/ 0']],
    ['a crash on a signal', [exit(null, false, 'SIGSEGV')], ['crash web.1 /SIGSEGV 0']],
    ['a clean exit', [exit(0)], []],
    ['an exit dynorun asked for', [exit(null, true, 'SIGTERM')], []],
    [
      'R10 and the kill that follows',
      [boot, exit(null, false, 'SIGKILL')],
      ['boot-timeout web.1 / 0'],
    ],
    [
      'R14, then R15 and its kill',
      [memory('R14'), memory('R15'), exit(null, false, 'SIGKILL')],
      ['memory web.1 / 0', 'memory web.1 / 0'],
    ],
    ['a one-off (dynorun run) that fails, five times', Array(5).fill(oneOffExit), []],
    [
      'a failed release, not its exit',
      [releaseExit, release(false)],
      ['release-failed release 2/ 0'],
    ],
    ['a release that worked', [release(true)], []],
  ])('%s', (_name, events, expected) => {
    expect(alerts(events)).toEqual(expected);
  });

  it('turns a crash loop of 20 restarts into one crash and one restart-loop alert', () => {
    const loop = Array.from({ length: 20 }, (_, i) => [exit(1), restart(i + 1)]).flat();
    expect(alerts(loop)).toEqual(['crash web.1 1/ 0', 'restart-loop web.1 1/ 0']);
  });

  it('always sends the give-up after max restarts, with the count held back', () => {
    const loop = Array.from({ length: 5 }, (_, i) => [exit(1), restart(i + 1)]).flat();
    const giveUp = { kind: 'give-up', ...web, reason: 'max-restarts', restarts: 5 } as const;
    expect(alerts([...loop, exit(1), giveUp])).toEqual([
      'crash web.1 1/ 0',
      'restart-loop web.1 1/ 0',
      'restart-loop web.1 1/ 2',
    ]);
  });

  it('sends one crash alert a minute and reports how many it held back', () => {
    const policy = new AlertPolicy({ intervalMs: 60_000 });
    const at = (seconds: number) => policy.decide(exit(1), seconds * 1000)?.suppressed;
    expect([at(0), at(10), at(20), at(59), at(60), at(70), at(121)]).toEqual([
      0,
      undefined,
      undefined,
      undefined,
      3,
      undefined,
      1,
    ]);
  });

  it('ends a loop once the dyno stays up, so the next crash is told again', () => {
    const loop = Array.from({ length: 4 }, (_, i) => [exit(1), restart(i + 1)]).flat();
    const policy = new AlertPolicy();
    const kinds = loop.map((event, i) => policy.decide(event, i * 1000)?.kind);
    // Then a run of four minutes ends in a crash: the loop is over, the crash is told.
    const spawn = { kind: 'spawn', ...web, pid: 9, command: 'x' } as const;
    policy.decide(spawn, 60_000);
    const later = [exit(1), restart(1)].map((event) => policy.decide(event, 300_000)?.kind);
    expect([...kinds, ...later].filter(Boolean)).toEqual(['crash', 'restart-loop', 'crash']);
  });
});
