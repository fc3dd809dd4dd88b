// Waits for a dyno's next process to be up: after a replacement (`dynorun restart`), or
// for a dyno started again. Subscribe before starting or replacing it, so no state is
// missed.
//
// The old process's `stopping → down` comes first and is part of the replacement; once
// the new process is `starting`, `up` is success and `crashed` or `down` is failure (it
// exited, or it was stopped before it was up).
import type { DynoState } from '../logging/supervisor-event.js';
import type { Dyno } from './dyno.js';

export type UpOutcome = 'up' | 'crashed' | 'down';

export function nextUp(dyno: Dyno): { outcome: Promise<UpOutcome>; cancel: () => void } {
  let started = false;
  let unsubscribe = () => {};
  let settle: (outcome: UpOutcome) => void = () => {};
  const outcome = new Promise<UpOutcome>((resolve) => {
    settle = (value) => {
      unsubscribe();
      resolve(value);
    };
  });

  unsubscribe = dyno.watchState((to: DynoState) => {
    if (to === 'starting') started = true;
    else if (to === 'up' && started) settle('up');
    else if ((to === 'crashed' || to === 'down') && started) settle(to);
  });
  return { outcome, cancel: () => settle('down') };
}
