// dynorun's exit code, decided in one place:
// - the release failed: the release's code;
// - dynorun was told to stop by a signal: 128 + that signal's number (130 for Ctrl-C);
// - --exit-on-crash and a dyno exited: that dyno's code;
// - every dyno ended and none will restart: 0 if all exited 0, else the first failing code;
// - its reader went away (EPIPE): 141, as SIGPIPE; any other error writing the log to
//   stdout (a full disk, an I/O error): OUTPUT_FAILED_EXIT_CODE.
// A process killed by a signal counts as 128 + the signal's number, as in a shell.
import { constants } from 'node:os';
import type { ExitStatus } from './restart-policy.js';

/** The run stopped because its log could not be written to stdout (not a gone reader). */
export const OUTPUT_FAILED_EXIT_CODE = 1;

export function exitCode(exit: ExitStatus): number {
  if (exit.signal) return signalExitCode(exit.signal);
  return exit.code ?? 0;
}

export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
