// The .env dialect dynorun reads: the common ground of docker compose, python-dotenv
// and Ruby's dotenv. Every line is either understood or reported, never skipped.
//
//   # comment            blank lines and lines starting with `#` are skipped
//   export KEY=value     optional `export ` prefix; spaces around `=` are fine
//   KEY=value # note     unquoted: trimmed, no escapes; `#` starts a comment only
//                        after whitespace, so `URL=http://host/#frag` keeps `#frag`
//   KEY='$literal'       single quotes: as written, no escapes, no expansion
//   KEY="a\nb $HOME"     double quotes: \n \t \r \" \\ \$ escapes, and expansion
//   KEY="line one        both quotes may span lines; after the closing quote only
//   line two"            whitespace and a `# comment` may follow
//   KEY=                 an empty value is kept as ""
//
// Keys are `[A-Za-z_][A-Za-z0-9_]*`, the names a shell can reference as `$KEY`.
// Unquoted and double-quoted values expand `$VAR`, `${VAR}`, `${VAR:-default}`
// (unset or empty) and `${VAR-default}` (unset). A name resolves to a key defined
// earlier in the same file, then to `outer`; an unset name expands to "". Defaults
// do not nest (`${A:-${B}}` is an error). A key given twice keeps its last value.

import { EnvFileError } from '../errors.js';
import { quoteText } from '../quote-text.js';
import type { Env } from '../types.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPORT = /^export[ \t]+(?=[^=\s])/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s;
const AFTER_QUOTE = /^\s*(?:#.*)?$/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
  $: '$',
};

const MAX_VARIABLE_BYTES = 128 * 1024 - 1;

export function parseEnv(text: string, fileName: string, outer: Env = {}): Env {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return new EnvParser(lines, fileName, outer).parse();
}

interface Assignment {
  key: string;
  /** Where the assignment starts; a quoted value may end on a later line. */
  line: number;
}

class EnvParser {
  private readonly values = new Map<string, string>();
  private index = 0;

  constructor(
    private readonly lines: string[],
    private readonly fileName: string,
    private readonly outer: Env,
  ) {}

  parse(): Env {
    for (; this.index < this.lines.length; this.index++) {
      const text = (this.lines[this.index] ?? '').trim();
      if (text === '' || text.startsWith('#')) continue;
      this.parseAssignment(text);
    }
    return Object.fromEntries(this.values);
  }

  private parseAssignment(text: string): void {
    const line = this.index + 1;
    const body = text.replace(EXPORT, '');
    const equals = body.indexOf('=');
    const key = equals === -1 ? '' : body.slice(0, equals).trim();
    if (key === '') this.fail(line, `expected KEY=value, got ${quoteText(text)}`);
    if (!KEY.test(key)) {
      const rule = 'use letters, digits and "_", not starting with a digit';
      this.fail(line, `invalid variable name ${quoteText(key)}: ${rule}`);
    }

    const at = { key, line };
    const raw = body.slice(equals + 1);
    const quote = raw.trimStart()[0];
    const value =
      quote === "'" || quote === '"'
        ? this.readQuoted(quote, raw.trimStart().slice(1), at)
        : stripComment(raw).trim();
    this.values.set(
      key,
      this.checked(quote === "'" ? value : this.expand(value, quote === '"', at), at),
    );
  }

  // The kernel refuses a NUL byte in the environment, and one variable longer than
  // MAX_ARG_STRLEN (128 KiB on Linux): say so here rather than fail at spawn.
  private checked(value: string, at: Assignment): string {
    if (value.includes('\0')) this.fail(at.line, `value of "${at.key}" contains a NUL byte`);
    if (Buffer.byteLength(value) + at.key.length + 1 > MAX_VARIABLE_BYTES) {
      this.fail(at.line, `value of "${at.key}" is longer than 128 KiB`);
    }
    return value;
  }

  // The text between an opening quote and its closing quote, reading on as needed.
  private readQuoted(quote: string, start: string, at: Assignment): string {
    const kind = quote === '"' ? 'double' : 'single';
    let buffer = start;
    let close = findClosingQuote(buffer, quote, 0);
    while (close === -1) {
      if (this.index + 1 >= this.lines.length) {
        const problem = `unterminated ${kind} quote in value of "${at.key}"`;
        this.fail(at.line, `${problem}: no closing ${quote} before the end of the file`);
      }
      const scanned = buffer.length;
      this.index++;
      buffer += `\n${this.lines[this.index] ?? ''}`;
      close = findClosingQuote(buffer, quote, scanned);
    }

    const rest = buffer.slice(close + 1);
    if (!AFTER_QUOTE.test(rest)) {
      const where = `after the closing ${kind} quote of "${at.key}"`;
      this.fail(this.index + 1, `unexpected ${quoteText(rest.trim())} ${where}`);
    }
    return buffer.slice(0, close);
  }

  // Expands `$VAR`, `${VAR}` and defaults; with `escapes`, also \n, \t, \r, \", \\, \$.
  private expand(raw: string, escapes: boolean, at: Assignment): string {
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const char = raw[i] ?? '';
      const next = raw[i + 1] ?? '';
      const name = char === '$' ? matchName(raw, i + 1) : undefined;
      if (escapes && char === '\\' && next in ESCAPES) {
        out += ESCAPES[next];
        i += 2;
      } else if (char === '$' && next === '{') {
        const close = raw.indexOf('}', i + 2);
        if (close === -1) this.fail(at.line, `unterminated "\${" in value of "${at.key}"`);
        out += this.resolveBraced(raw.slice(i + 2, close), escapes, at);
        i = close + 1;
      } else if (name !== undefined) {
        out += this.lookup(name) ?? '';
        i += 1 + name.length;
      } else {
        out += char;
        i += 1;
      }
    }
    return out;
  }

  private resolveBraced(inner: string, escapes: boolean, at: Assignment): string {
    const match = REFERENCE.exec(inner);
    if (match === null) {
      const reference = quoteText(`\${${inner}}`);
      this.fail(at.line, `invalid reference ${reference} in value of "${at.key}"`);
    }
    const [, name = '', operator, fallback = ''] = match;
    const value = this.lookup(name);
    const unset = value === undefined;
    const useDefault = operator === ':-' ? unset || value === '' : operator === '-' && unset;
    return useDefault ? this.expand(fallback, escapes, at) : (value ?? '');
  }

  // A key defined earlier in this file, else the outer environment.
  private lookup(name: string): string | undefined {
    if (this.values.has(name)) return this.values.get(name);
    return Object.hasOwn(this.outer, name) ? this.outer[name] : undefined;
  }

  private fail(line: number, problem: string): never {
    throw new EnvFileError(this.fileName, line, problem);
  }
}

// Index of the closing quote from `from`; inside double quotes `\` escapes a character.
function findClosingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

// An unquoted value ends at the first `#` that follows whitespace.
function stripComment(raw: string): string {
  const comment = /\s#/.exec(raw);
  return comment === null ? raw : raw.slice(0, comment.index);
}

function matchName(text: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0];
}
