// `dynorun restart`: every named dyno gets a fresh process, one dyno of a type at a time.
// A dyno's replacement must be up (its readiness passed) before the next dyno of its type
// is touched, so a type with several dynos always has some up. Each new process reuses
// its dyno's PORT, so the old one has to stop first: a type with a single dyno is down
// for the moment between them. Types are independent and restart side by side.
//
// A dyno stopped with `dynorun stop`, or given up after its restarts, is started again;
// one waiting out a restart back-off restarts now. Should a replacement crash or be
// stopped before it is up, the restart of its type ends there and the rest of the type
// keeps its old processes.
import { ControlError } from '../errors.js';
import type { Dyno } from './dyno.js';
import { nextUp } from './next-up.js';

export interface RestartHooks {
  /** True for a dyno to start as a fresh Dyno (stopped on request, or given up). */
  needsRevival(dyno: Dyno): boolean;
  /** Puts a fresh, not yet started Dyno in the formation in place of `dyno`. */
  revive(dyno: Dyno): Promise<Dyno>;
  /** Lets a shutdown end a wait; returns the call that forgets it. */
  track(cancel: () => void): () => void;
  stopping(): boolean;
  /** Called as each dyno is up again. */
  progress(result: RestartResult): void;
}

export interface RestartResult {
  dyno: string;
  /** The process that was replaced; null when none ran. */
  oldPid: number | null;
  newPid: number | null;
  /** From the request to this dyno's replacement being up. */
  upAfterMs: number;
}

/** `dynos` in the order to restart them, as selectDynos sorts them. */
export async function rollingRestart(dynos: Dyno[], hooks: RestartHooks): Promise<RestartResult[]> {
  const types = [...new Set(dynos.map((dyno) => dyno.spec.type))];
  const byType = types.map((type) => dynos.filter((dyno) => dyno.spec.type === type));
  const settled = await Promise.allSettled(byType.map((group) => restartType(group, hooks)));

  const failures = settled.filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    const reasons = failures.map((failure) => (failure.reason as Error).message);
    throw new ControlError(reasons.join('; '));
  }
  return settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
}

async function restartType(dynos: Dyno[], hooks: RestartHooks): Promise<RestartResult[]> {
  const results: RestartResult[] = [];
  for (const [i, dyno] of dynos.entries()) {
    const left = dynos.slice(i).map((other) => other.name);
    if (hooks.stopping()) throw shuttingDown(left);

    const result = await restartOne(dyno, hooks);
    // A shutdown stops the dyno being replaced, and no replacement starts.
    if (typeof result === 'string' && hooks.stopping()) throw shuttingDown(left);
    if (typeof result === 'string') throw failed(result, left.slice(1));
    results.push(result);
    hooks.progress(result);
  }
  return results;
}

function shuttingDown(names: string[]): ControlError {
  return new ControlError(`the formation is shutting down; not restarted: ${names.join(', ')}`);
}

function failed(why: string, untouched: string[]): ControlError {
  const left = untouched.length > 0 ? `; ${untouched.join(', ')} not restarted` : '';
  return new ControlError(`${why}${left}`);
}

// The result once the dyno is up again, or why it is not.
async function restartOne(dyno: Dyno, hooks: RestartHooks): Promise<RestartResult | string> {
  const requested = Date.now();
  const running = dyno.state === 'starting' || dyno.state === 'up';
  const oldPid = running ? (dyno.pid ?? null) : null;
  if (!running && dyno.state !== 'crashed' && !hooks.needsRevival(dyno)) {
    return `${dyno.name} has not started yet (it waits for the types it starts after)`;
  }

  const fresh = hooks.needsRevival(dyno) ? await hooks.revive(dyno) : dyno;
  const wait = nextUp(fresh);
  const forget = hooks.track(wait.cancel);
  if (fresh !== dyno) fresh.start();
  else if (running) void dyno.replace();
  else dyno.restartNow();

  const outcome = await wait.outcome;
  forget();
  if (outcome !== 'up') {
    const what = outcome === 'crashed' ? 'crashed' : 'was stopped';
    return `${dyno.name} ${what} before it was up again`;
  }
  const newPid = fresh.pid ?? null;
  return { dyno: dyno.name, oldPid, newPid, upAfterMs: Date.now() - requested };
}
