// Which processes listen on a TCP port, read from /proc: /proc/net/tcp{,6} give the socket
// inodes in state LISTEN for the port, and /proc/<pid>/fd links name the sockets a process
// holds. Linux only; elsewhere every check answers "unknown" (undefined).
import { listeningSockets } from '../listening-sockets.js';
import { holdsAnyFd } from './fd-links.js';

export function listeningInodes(port: number): Set<string> | undefined {
  const listeners = listeningSockets();
  if (listeners === undefined) return undefined;
  const inodes = listeners.filter((socket) => socket.port === port).map(({ inode }) => inode);
  return new Set(inodes);
}

/** True when one of `pids` holds a socket listening on `port`. */
export function treeListensOn(port: number, pids: number[]): boolean {
  const inodes = listeningInodes(port);
  if (inodes === undefined || inodes.size === 0) return false;
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  return pids.some((pid) => holdsAnyFd(pid, sockets));
}
