// Starts one command the way a dyno does: through `/bin/sh -c` (so `$PORT` and inline
// `VAR=value cmd` work), in the app directory, stdin from /dev/null, as the leader of a
// new process group so the whole tree can be signalled at once. Like Heroku, it first
// sources `.profile.d/*.sh` and `.profile` when the app has them.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ProcessSpec } from '../types.js';
import { TAG_VARIABLE } from './process-table.js';

export type DynoChild = ChildProcessByStdio<null, Readable, Readable>;

export function spawnProcess(spec: ProcessSpec, tag: string): DynoChild {
  return spawn('/bin/sh', ['-c', shellScript(spec)], {
    cwd: spec.cwd,
    env: { ...spec.env, [TAG_VARIABLE]: tag },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function shellScript(spec: Pick<ProcessSpec, 'command' | 'profileScripts'>): string {
  if (spec.profileScripts.length === 0) return spec.command;
  const sources = spec.profileScripts.map((file) => `. ${shellQuote(file)}`);
  return [...sources, spec.command].join('\n');
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
