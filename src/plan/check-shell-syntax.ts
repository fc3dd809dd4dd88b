// Every command runs through /bin/sh -c, so a shell syntax error (an unterminated quote, a
// stray `fi`) would only show when the dyno starts, and then again at every restart. `sh -n`
// parses without running anything: once for all commands together, and only when that
// fails, once per command, to name the line.
import { spawn } from 'node:child_process';
import { ProcfileError } from '../errors.js';
import type { ProcfileEntry } from '../types.js';

export async function checkShellSyntax(entries: ProcfileEntry[], fileName: string) {
  const all = entries.map((entry) => `(\n${entry.command}\n)`).join('\n');
  if ((await parseShell(all)) === undefined) return;

  for (const entry of entries) {
    const problem = await parseShell(entry.command);
    if (problem === undefined) continue;
    const detail = problem.replace(/^\/bin\/sh: (\d+: )?/, '');
    throw new ProcfileError(fileName, entry.line, `process "${entry.name}": ${detail}`);
  }
}

// The shell's complaint, or undefined when the text parses.
function parseShell(script: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const shell = spawn('/bin/sh', ['-n', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    shell.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    shell.on('error', () => resolve(undefined)); // no shell to ask: the dyno will say it
    shell.on('close', (code) => resolve(code === 0 ? undefined : errors.trim().split('\n')[0]));
  });
}
