// `--on-event COMMAND`: runs the operator's command when alert-policy.ts raises an
// alert.
//
// The command runs through `/bin/sh -c` in the app directory, with the app's
// environment plus the DYNORUN_* variables below, and the dyno's last lines (up to 50)
// on stdin. Its stdout and stderr go to dynorun's stderr, so a broken alert command is
// seen, never mixed into the log stream on stdout. It leads a process group of its own,
// outside every dyno's tree, and never holds up supervision: `write` only starts it.
//
// It is killed (its whole group) after `timeoutMs`. When it exits, whatever it left
// running in its group is killed too; at the end of the run, `close` waits up to
// `closeGraceMs` for running alerts (a crash just before shutdown still gets reported)
// and then kills their groups, so no alert process outlives dynorun.
import { spawn, type ChildProcess } from 'node:child_process';
import { AlertPolicy, type Alert, type AlertPolicyOptions } from './alert-policy.js';
import type { OutputEvent, Sink, SupervisorEvent } from './supervisor-event.js';

export interface AlertRunnerOptions extends AlertPolicyOptions {
  /** Shell command to run for each alert. */
  command: string;
  /** The app directory: the command's working directory and `DYNORUN_APP`. */
  appDir: string;
  /** The environment the command starts from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Kill a command still running after this long. @default 30_000 */
  timeoutMs?: number;
  /** How long `close` waits for running commands before killing them. @default 5_000 */
  closeGraceMs?: number;
  /** Where the command's stdout and stderr go: a file descriptor. @default 2 */
  output?: number | 'ignore';
  /** Called when the shell cannot be started at all. */
  onError?: (error: Error) => void;
  /** @default Date.now */
  now?: () => number;
}

/** Lines of a dyno's output kept for an alert's stdin. */
export const ALERT_LINES = 50;
/** Each kept line is cut to this many bytes. */
const ALERT_LINE_BYTES = 8 * 1024;

export class AlertRunner implements Sink {
  private readonly options: AlertRunnerOptions;
  private readonly policy: AlertPolicy;
  private readonly now: () => number;
  private readonly recent = new Map<string, Buffer[]>();
  private readonly running = new Map<ChildProcess, Promise<void>>();

  constructor(options: AlertRunnerOptions) {
    this.options = options;
    this.policy = new AlertPolicy(options);
    this.now = options.now ?? Date.now;
  }

  /** Never pushes back: an alert is started and left to run. */
  write(event: SupervisorEvent): boolean {
    if (event.kind === 'output') this.remember(event);
    const alert = this.policy.decide(event, this.now());
    if (alert) this.run(alert);
    return true;
  }

  /** Waits for running alert commands, up to the grace period, then kills their groups. */
  async close(): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.closeGraceMs ?? 5_000);
    });
    await Promise.race([Promise.all(this.running.values()), grace]);
    clearTimeout(timer);
    for (const child of this.running.keys()) killGroup(child);
    await Promise.all(this.running.values());
  }

  private remember(event: OutputEvent): void {
    let lines = this.recent.get(event.dyno);
    if (!lines) this.recent.set(event.dyno, (lines = []));
    const fresh = event.batch.lines().slice(-ALERT_LINES);
    for (const line of fresh) lines.push(Buffer.from(line.subarray(0, ALERT_LINE_BYTES)));
    if (lines.length > ALERT_LINES) lines.splice(0, lines.length - ALERT_LINES);
  }

  private run(alert: Alert): void {
    const { command, appDir, output = 2 } = this.options;
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: appDir,
      env: { ...(this.options.env ?? process.env), ...alertEnv(alert, appDir, this.now()) },
      detached: true,
      stdio: ['pipe', output, output],
    });
    const timer = setTimeout(() => killGroup(child), this.options.timeoutMs ?? 30_000);
    const done = new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        killGroup(child);
        this.running.delete(child);
        resolve();
      };
      child.once('exit', finish);
      child.once('error', (error) => {
        this.options.onError?.(error);
        finish();
      });
    });
    this.running.set(child, done);

    const lines = this.recent.get(alert.dyno) ?? [];
    child.stdin?.on('error', () => {
      // The command did not read its stdin: that is its choice.
    });
    child.stdin?.end(Buffer.concat(lines.flatMap((line) => [line, NEWLINE])));
  }
}

const NEWLINE = Buffer.from('\n');

/** The variables an alert command gets; empty strings for what the alert does not know. */
export function alertEnv(alert: Alert, appDir: string, now: number): Record<string, string> {
  return {
    DYNORUN_EVENT: alert.kind,
    DYNORUN_DYNO: alert.dyno,
    DYNORUN_TYPE: alert.type,
    DYNORUN_EXIT_CODE: alert.exit?.code === null ? '' : String(alert.exit?.code ?? ''),
    DYNORUN_SIGNAL: alert.exit?.signal ?? '',
    DYNORUN_MESSAGE: alert.message,
    DYNORUN_APP: appDir,
    DYNORUN_TIME: new Date(now).toISOString(),
    DYNORUN_SUPPRESSED: String(alert.suppressed),
  };
}

// SIGKILL to the command's process group: the command and anything it started. After
// the leader has exited, the group lives on only while a member does, so its id is
// still ours.
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
}
