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

  /** The stop signal to the tree whose group leader is `pid`, then SIGKILL after the grace. */
  async stop(pid: number, exited: Promise<unknown>): Promise<void> {
    signalTree(this.selector(pid), this.options.settings.stopSignal);
    await this.killAfterGrace(pid, exited);
  }

  /** After the shell exited on its own: whatever it left running in the dyno goes too. */
  async reapLeftovers(pid: number): Promise<void> {
    if (findTree(this.selector(pid)).length === 0) return;
    await this.stop(pid, Promise.resolve());
  }

  /** SIGKILL to the tree and to the output's holders now (a second Ctrl-C). */
  killNow(run: TreeRun): void {
    if (!run.pid) return;
    const pids = findTree(this.selector(run.pid));
    if (pids.length === 0) return;
    this.emitKill('interrupted-again', pids);
    signalTree(this.selector(run.pid), 'SIGKILL');
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
    const members = new Set(run.pid === undefined ? [] : findTree(this.selector(run.pid)));
    const outsiders = pipeHolders(pipes).filter((holder) => !members.has(holder));
    signalPids(outsiders, stopSignal);
    if (await settlesWithin(run.closed, graceMs + 1_000)) return;

    signalPids(pipeHolders(pipes), 'SIGKILL');
    if (await settlesWithin(run.closed, 1_000)) return;
    run.abandonOutput();
  }

  // Waits for the shell's exit event first: most trees end with it, and no scan is needed.
  private async killAfterGrace(pid: number, exited: Promise<unknown>): Promise<void> {
    const selector = this.selector(pid);
    const { graceMs } = this.options.settings;
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

  private selector(pid: number): TreeSelector {
    return { pgid: pid, tag: this.options.tag, since: ownStartTicks() };
  }
}
