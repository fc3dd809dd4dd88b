// How `dynorun run` joins the formation that a `dynorun start` runs for the same app
// directory, so that the one-off gets a `run.N` name of that formation, shows in
// `dynorun ps`, and has its start and exit in the formation's log.
//
// Three short requests on the control socket, each on its own connection: `run-register`
// before the command starts (the answer is its name, needed for DYNO and PS),
// `run-started` with the command's pid, and `run-exited` with its exit status. Nothing
// stays connected while the command runs, which is the robust choice here:
//
// - The one-off never depends on the formation: `dynorun start` may stop, restart or
//   hang while the one-off runs, and the one-off neither notices nor waits.
// - What `ps` shows follows the processes, not a connection. If `dynorun run` is
//   SIGKILLed, its watchdog stops the command a moment later, but until then (or for good,
//   if the watchdog died too) it runs on; a connection closed by the kernel would drop an
//   entry whose command is still running. Instead, the server keeps the entry while the
//   command or a process carrying its tag lives, and drops it once they are gone (see
//   supervisor/one-off-registry.ts).
//
// Quiet throughout: with no formation running, one that does not answer within
// ANSWER_TIMEOUT_MS, or an older dynorun that does not know these requests, the one-off
// runs as it would alone, as `run.1`, and says nothing about it.
import { sendControlRequest } from '../control/control-client.js';
import type { ControlMessage, ControlRequest } from '../control/control-protocol.js';
import type { ExitStatus } from '../supervisor/restart-policy.js';

/** A one-off registered with a running formation. */
export interface OneOffRegistration {
  /** The name the formation gave it: `run.1`, `run.2`, … */
  readonly dyno: string;
  started(pid: number): Promise<void>;
  /** `error`: why the command could not start, when it did not. */
  exited(exit: ExitStatus, error?: string): Promise<void>;
}

const ANSWER_TIMEOUT_MS = 2_000;

/** Registers with the formation running for `appDir`; undefined when there is none. */
export async function registerOneOff(
  appDir: string,
  details: { tag: string; line: string },
): Promise<OneOffRegistration | undefined> {
  const request = { command: 'run-register', pid: process.pid, ...details } as const;
  const answer = await quietRequest(appDir, request);
  if (answer === undefined || !('dyno' in answer)) return undefined;

  const dyno = answer.dyno;
  return {
    dyno,
    started: async (pid) => {
      await quietRequest(appDir, { command: 'run-started', dyno, pid });
    },
    exited: async ({ code, signal }, error) => {
      await quietRequest(appDir, { command: 'run-exited', dyno, code, signal, error });
    },
  };
}

// The request's answer, or undefined for any failure: no formation, a refusal, no answer
// in time. The connection is closed at the deadline, so it never keeps dynorun alive.
async function quietRequest(
  appDir: string,
  request: ControlRequest,
): Promise<ControlMessage | undefined> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => (deadline.abort(), resolve()), ANSWER_TIMEOUT_MS);
  });
  let answer: ControlMessage | undefined;
  const exchange = sendControlRequest(appDir, request, (message) => (answer = message), {
    signal: deadline.signal,
  });
  try {
    await Promise.race([exchange, expired]);
    return deadline.signal.aborted ? undefined : answer;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    exchange.catch(() => undefined);
  }
}
