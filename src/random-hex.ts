// Names that only need to differ between runs on one machine (run ids, tags): Math.random
// is enough, and loading node:crypto for them would cost every start a few milliseconds.

/** `digits` random hexadecimal digits (at most 13). */
export function randomHex(digits: number): string {
  return Math.floor(Math.random() * 16 ** digits)
    .toString(16)
    .padStart(digits, '0');
}
