// Ending one run of a dyno's process tree: the stop signal, the grace period, SIGKILL for
// what is left, and the output's last holders. Dyno decides when; this decides how.
import type { KillEvent } from '../logging/supervisor-event.js';
import type { TypeSettings } from '../types.js';
import { findTree, signalPids, signalTree, type TreeSelector } from './kill-tree.js';
import { ownStartTicks } from './process-table.js';
import { pipeHolders } from './pipe-holders.js';
import type { TreeRun } from './tree-run.js';
import { settlesWithin, sleep, waitUntilGone } from './wait.js';

export interface TreeEnderOptions {
  dyno: string;
  tag: string;
  settings: Pick<TypeSettings, 'stopSignal' | 'graceMs'>;
  emitKill: (event: KillEvent) => void;
}

export class TreeEnder {
  constructor(private readonly options: TreeEnderOptions) {}

  /** The stop signal to the run's tree, then SIGKILL after the grace period. */
  async stop(run: TreeRun): Promise<void> {
    const selector = this.selector(run, run.spawnedAt);
    if (selector) await this.end(selector, run.exited);
  }

  /** After the shell exited on its own: whatever it left running in the dyno goes too. */
  async reapLeftovers(run: TreeRun): Promise<void> {
    // Only a scan begun after the exit is sure to show what the shell left running.
    const selector = this.selector(run, run.exitedAt ?? performance.now());
    if (selector && findTree(selector).length > 0) await this.end(selector, run.exited);
  }

  /** Every live process of the run's tree now. */
  members(run: TreeRun): number[] {
    const selector = this.selector(run, run.spawnedAt);
    return selector === undefined ? [] : findTree(selector);
  }

  /** SIGKILL to the run's tree, without a word (a crash: R10, R15). */
  killTree(run: TreeRun): void {
    const selector = this.selector(run, run.spawnedAt);
    if (selector !== undefined) signalTree(selector, 'SIGKILL');
  }

  /** SIGKILL to the tree and to the output's holders now (a second Ctrl-C). */
  killNow(run: TreeRun): void {
    const pids = this.members(run);
    if (pids.length === 0) return;
    this.emitKill('interrupted-again', pids);
    this.killTree(run);
    signalPids(pipeHolders(run.pipeNames()), 'SIGKILL');
  }

  // The output ends when the last holder of the pipes exits. When that takes longer than a
  // moment, a process outside the known tree may hold them: it gets the stop signal, and
  // anything still holding them after the grace period gets SIGKILL. Should the pipes stay
  // open even then, dynorun stops reading them.
  async drainOutput(run: TreeRun): Promise<void> {
    if (await settlesWithin(run.closed, 100)) return;
    const { stopSignal, graceMs } = this.options.settings;
    const pipes = run.pipeNames();
    const selector = this.selector(run, run.exitedAt ?? run.spawnedAt);
    const members = new Set(selector === undefined ? [] : findTree(selector));
    const outsiders = pipeHolders(pipes).filter((holder) => !members.has(holder));
    signalPids(outsiders, stopSignal);
    if (await settlesWithin(run.closed, graceMs + 1_000)) return;

    signalPids(pipeHolders(pipes), 'SIGKILL');
    if (await settlesWithin(run.closed, 1_000)) return;
    run.abandonOutput();
  }

  // The stop signal, then SIGKILL for what is left after the grace period. Waits for the
  // shell's exit event first: most trees end with it, and no scan is needed. Any scan begun
  // after the spawn can tell that the tree is gone: one that shows no shell began after it
  // exited, and so shows whatever it left running.
  private async end(selector: TreeSelector, exited: Promise<unknown>): Promise<void> {
    const { stopSignal, graceMs } = this.options.settings;
    signalTree(selector, stopSignal);
    const deadline = Date.now() + graceMs;
    const grace = sleep(graceMs);
    await Promise.race([exited, grace.promise]);
    grace.cancel();

    const left = Math.max(0, deadline - Date.now());
    if (await waitUntilGone(() => findTree(selector).length, left)) return;

    const pids = findTree(selector);
    if (pids.length === 0) return;
    this.emitKill('grace-expired', pids);
    signalTree(selector, 'SIGKILL');
  }

  private emitKill(reason: KillEvent['reason'], pids: number[]): void {
    const processes = pids.map((pid) => ({ dyno: this.options.dyno, pid }));
    const graceMs = this.options.settings.graceMs;
    this.options.emitKill({ kind: 'kill', reason, graceMs, processes });
  }

  // The run's tree, from tables scanned after the moment `after`; none without a process.
  private selector(run: TreeRun, after: number): TreeSelector | undefined {
    if (run.pid === undefined) return undefined;
    return { pgid: run.pid, tag: this.options.tag, since: ownStartTicks(), after };
  }
}
