// What a process's file descriptors point at, as /proc/<pid>/fd links name it
// (`socket:[123]`, `pipe:[456]`, a path). Linux only.
import { readdirSync, readlinkSync } from 'node:fs';

/** True when one of the process's descriptors links to a name in `wanted`. */
export function holdsAnyFd(pid: number | 'self', wanted: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to read
  }
  return fds.some((fd) => {
    try {
      return wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      return false; // closed while we looked
    }
  });
}
