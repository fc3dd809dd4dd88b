// Finds processes that hold the other end of a dyno's output channels. A descendant that
// left the process group and cleared its environment (so neither the group nor DYNORUN_TAG
// finds it) may still write to the dyno's stdout, and while it holds it the dyno's output
// never ends. Node connects a child's stdout with a socket pair, whose two ends have
// different inodes: the peer's inode comes from `ss -x` (iproute2), then the holders from
// /proc/<pid>/fd. Costly, so it runs only when a dyno's shell has exited and its output has
// not closed. Linux only; elsewhere, or without `ss`, it finds nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { holdsAnyFd } from './fd-links.js';

/** The /proc names (`socket:[123]`) of the far ends of these file descriptors of ours. */
export function peerNames(fds: number[]): string[] {
  if (process.platform !== 'linux') return [];
  const names: string[] = [];
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // already closed
    }
    if (target.startsWith('pipe:')) names.push(target);
    const peer = target.startsWith('socket:[') ? socketPeer(target.slice(8, -1)) : undefined;
    if (peer !== undefined) names.push(`socket:[${peer}]`);
  }
  return names;
}

function socketPeer(inode: string): string | undefined {
  let table: string;
  try {
    table = execFileSync('ss', ['-xn'], { encoding: 'utf8', timeout: 2_000 });
  } catch {
    return undefined;
  }
  for (const line of table.split('\n')) {
    // u_str ESTAB 0 0 * 300311 * 300312
    const fields = line.trim().split(/\s+/);
    if (fields[5] === inode) return fields[7];
  }
  return undefined;
}

export function pipeHolders(names: string[]): number[] {
  if (names.length === 0 || process.platform !== 'linux') return [];
  const wanted = new Set(names);
  const holders: number[] = [];

  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (holdsAnyFd(pid, wanted)) holders.push(pid);
  }
  return holders;
}
