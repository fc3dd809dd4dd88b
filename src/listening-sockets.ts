// The TCP sockets of this machine (its network namespace) that listen, read from
// /proc/net/tcp and /proc/net/tcp6: Linux only. Used before start (is a dyno's PORT free?)
// and while a dyno starts (does its tree listen on PORT?).
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/** Every TCP socket in state LISTEN, IPv4 and IPv6; undefined where /proc cannot tell. */
export function listeningSockets(): { port: number; inode: string }[] | undefined {
  if (process.platform !== 'linux') return undefined;
  const sockets: { port: number; inode: string }[] = [];
  let tables = 0;

  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
      tables += 1;
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1] ?? '';
      if (fields[3] !== LISTEN) continue;
      const port = parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      sockets.push({ port, inode: fields[9] ?? '' });
    }
  }
  return tables > 0 ? sockets : undefined;
}
