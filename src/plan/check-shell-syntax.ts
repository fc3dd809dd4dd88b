// Every command runs through /bin/sh -c, so a shell syntax error (an unterminated quote,
// a stray `fi`) would only show when the dyno starts, and again at every restart.
// `sh -n` parses without running anything.
//
// One `sh -n` for many commands costs much less than one each, but only for commands
// that cannot reach into the next: a quote, a backslash, a parenthesis or brace, a
// here-document or a `case` can open what a later command closes (`web: echo "` and
// `worker: echo "` parse as one string together). Those commands are checked alone; the
// others together, and one by one only when that fails, to name the line.
import { spawn } from 'node:child_process';
import { ProcfileError } from '../errors.js';
import type { ProcfileEntry } from '../types.js';

const MAY_SPAN = /['"`\\(){}]|<<|\bcase\b/;
const BATCH = 16;

export async function checkShellSyntax(entries: ProcfileEntry[], fileName: string) {
  const plain = entries.filter((entry) => !MAY_SPAN.test(entry.command));
  const together = plain.map((entry) => `(\n${entry.command}\n)`).join('\n');
  const plainOk = plain.length === 0 || (await parseShell(together)) === undefined;
  const alone = entries.filter((entry) => !plainOk || MAY_SPAN.test(entry.command));
  const problems: (string | undefined)[] = [];
  // A few shells at a time: 500 commands at once could run out of file descriptors.
  for (let start = 0; start < alone.length; start += BATCH) {
    const batch = alone.slice(start, start + BATCH);
    const parsed = batch.map((entry) => parseShell(entry.command));
    problems.push(...(await Promise.all(parsed)));
  }

  const index = problems.findIndex((problem) => problem !== undefined);
  const entry = alone[index];
  if (entry === undefined) return;
  const detail = (problems[index] as string).replace(/^\/bin\/sh: (\d+: )?/, '');
  throw new ProcfileError(fileName, entry.line, `process "${entry.name}": ${detail}`);
}

// The shell's complaint, or undefined when the text parses.
function parseShell(script: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stdio = ['ignore', 'ignore', 'pipe'] as const;
    const shell = spawn('/bin/sh', ['-n', '-c', script], { stdio: [...stdio] });
    let errors = '';
    shell.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    shell.on('error', () => resolve(undefined)); // no shell to ask: the dyno will say it
    const firstLine = () => errors.trim().split('\n')[0];
    shell.on('close', (code) => resolve(code === 0 ? undefined : firstLine()));
  });
}
