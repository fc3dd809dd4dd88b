// Procfile syntax as Heroku and foreman read it: one `<name>: <command>` per line.
//
// - Names are `[A-Za-z0-9_-]+` (Dokku's rule; Heroku says "alphanumeric").
// - Whitespace after the colon is optional: `web:cmd` and `web: cmd` are the same
//   entry, as in foreman's pattern. honcho demands none, overmind at least one;
//   accepting both rejects no Procfile that either of them runs.
// - The command is everything after the first colon, trimmed, so that
//   `--bind 0.0.0.0:$PORT` keeps its colons. A trailing `# note` is left to the shell.
// - A line whose first non-blank character is `#` is a comment, even when it holds
//   a colon (DANDI's `# celery-beat: ...`). Blank lines, CRLF and a BOM are fine.
// - Anything else is an error naming file and line: a Procfile with one broken line
//   is rejected as a whole (as Dokku does), never skipped (as honcho and overmind do).

import { ProcfileError } from '../errors.js';
import { quoteText } from '../quote-text.js';
import type { ProcfileEntry } from '../types.js';

const ENTRY = /^([A-Za-z0-9_-]+):([\s\S]*)$/;

// A command is passed to /bin/sh as one argument: the kernel refuses a NUL byte in it and
// one longer than MAX_ARG_STRLEN (128 KiB on Linux), and a stray CR or other control
// character is almost always a damaged file. Tabs are fine.
export const MAX_COMMAND_BYTES = 128 * 1024 - 1;

// Text before the first colon that was probably meant as a name: it starts like one
// and has at most two words (`web.1`, `my web`). Other text gets the generic message.
const NAME_ATTEMPT = /^[A-Za-z0-9_][^\s:]{0,62}(?:[ \t]+[^\s:]+)?$/;

export function parseProcfile(text: string, fileName: string): ProcfileEntry[] {
  const entries: ProcfileEntry[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    const entry = parseLine(raw.trim(), fileName, line);
    if (entry === undefined) return;

    const first = seen.get(entry.name);
    if (first !== undefined) {
      const problem = `process "${entry.name}" is already defined on line ${first}`;
      throw new ProcfileError(fileName, line, problem);
    }
    seen.set(entry.name, line);
    entries.push(entry);
  });

  if (entries.length === 0) {
    throw new ProcfileError(fileName, undefined, 'defines no processes');
  }
  return entries;
}

// One trimmed line: an entry, or undefined for a blank line or a comment.
function parseLine(text: string, file: string, line: number): ProcfileEntry | undefined {
  if (text === '' || text.startsWith('#')) return undefined;

  const match = ENTRY.exec(text);
  if (match === null) throw new ProcfileError(file, line, describeBadLine(text));

  const name = match[1] ?? '';
  const command = (match[2] ?? '').trim();
  if (command === '') {
    throw new ProcfileError(file, line, `process "${name}" has no command`);
  }
  const control = findControl(command);
  if (control !== undefined) {
    const shown = quoteText(control).slice(1, -1);
    throw new ProcfileError(
      file,
      line,
      `process "${name}" has a control character (${shown}) in its command`,
    );
  }
  if (Buffer.byteLength(command) > MAX_COMMAND_BYTES) {
    throw new ProcfileError(file, line, `process "${name}" has a command longer than 128 KiB`);
  }
  return { name, command, line };
}

function describeBadLine(text: string): string {
  const colon = text.indexOf(':');
  const head = colon > 0 ? text.slice(0, colon) : '';
  const name = head.trimEnd();

  if (name !== head && ENTRY.test(`${name}:`)) {
    return `process name "${name}" must be followed directly by ":", without a space`;
  }
  if (NAME_ATTEMPT.test(name)) {
    const rule = 'may only contain letters, digits, "_" and "-"';
    return `process name ${quoteText(name)} ${rule}`;
  }
  return `expected "<name>: <command>", got ${quoteText(text)}`;
}

function findControl(command: string): string | undefined {
  for (const char of command) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\t') || code === 0x7f) return char;
  }
  return undefined;
}
