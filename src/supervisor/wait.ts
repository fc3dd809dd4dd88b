// Timers the supervisor waits on, each cancellable so shutdown never waits for a backoff.

export function sleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
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
