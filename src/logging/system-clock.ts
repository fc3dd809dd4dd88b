// The wall clock to the microsecond, for timestamps that Heroku's log format and
// `dynorun logs` print with six decimals.
/**
 * A clock that reads microseconds since the epoch. `performance.now()` gives the part
 * below the millisecond but does not follow changes to the wall clock (NTP steps,
 * suspend): when the two disagree by more than a millisecond, the clock re-anchors on
 * `Date.now()`.
 */
export function systemClock(): () => number {
  let originMs = performance.timeOrigin;

  return () => {
    const elapsed = performance.now();
    const wall = Date.now();
    if (Math.abs(originMs + elapsed - wall) > 1) originMs = wall - elapsed;
    return Math.floor((originMs + elapsed) * 1000);
  };
}
