// Timers the supervisor waits on, each cancellable so shutdown never waits for a backoff.

// setTimeout fires at once for delays past 2^31 − 1 ms (about 24.8 days); clamp instead.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.min(ms, MAX_TIMER_MS));
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, cancel };
}

/**
 * Resolves true once `count()` reaches 0, false if `timeoutMs` passes first. Processes that
 * are not our children send no exit event, so this is the one place that polls: quickly at
 * first, since most trees are gone within milliseconds of the signal, then every 100 ms.
 */
export async function waitUntilGone(count: () => number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let interval = 2;

  while (count() > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(interval, left)).promise;
    interval = Math.min(interval * 2, 100);
  }
  return true;
}

/** True if `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = sleep(ms);
  const settled = await Promise.race([promise.then(() => true), timer.promise.then(() => false)]);
  timer.cancel();
  return settled;
}
