// Reads a Procfile, .env or settings file as UTF-8 text and turns the usual failures into
// one short problem for the caller's error class ("no such file", "is a directory").
// Bytes that are not UTF-8 are an error naming the line: decoding them as U+FFFD would
// run a command or set a value other than the one written (a Latin-1 `é`), and a binary
// file would be reported as a line of garbage. Parsers drop a leading BOM themselves.

import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** Makes the caller's error; `line` is 1-based, when the problem is at one line. */
export type Problem = (problem: string, line?: number) => Error;

export async function readInputFile(path: string, fail: Problem): Promise<string>;
export async function readInputFile(
  path: string,
  fail: Problem,
  missingOk: boolean,
): Promise<string | undefined>;

/** With `missingOk`, a file that does not exist gives undefined instead of an error. */
export async function readInputFile(
  path: string,
  fail: Problem,
  missingOk = false,
): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return undefined;
    throw fail(describeReadError(code));
  }
  return decodeUtf8(bytes, fail);
}

function decodeUtf8(bytes: Buffer, fail: Problem): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // A BOM is no column of the text a person sees.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const { line, column, byte } = firstInvalidByte(bom ? bytes.subarray(3) : bytes);
    const hex = byte.toString(16).padStart(2, '0');
    throw fail(`not UTF-8 text: invalid byte 0x${hex} at column ${column}`, line);
  }
}

// Where decoding first fails: the first line that does not decode alone, then byte by
// byte within it. The byte named is the one that starts the broken sequence.
function firstInvalidByte(bytes: Buffer): { line: number; column: number; byte: number } {
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const at = invalidOffset(bytes.subarray(start, end));
    if (at !== undefined) {
      return { line, column: at.column, byte: bytes[start + at.offset] ?? 0 };
    }
    if (newline === -1) return { line, column: 1, byte: bytes[start] ?? 0 };
    start = end + 1;
  }
}

// The offset of the first broken sequence in `bytes` and its 1-based column.
function invalidOffset(bytes: Uint8Array): { offset: number; column: number } | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    // Broken somewhere in this line: find where, byte by byte.
  }
  let sequenceStart = 0;
  let column = 1;
  for (let i = 0; i <= bytes.length; i++) {
    try {
      const text =
        i < bytes.length
          ? decoder.decode(bytes.subarray(i, i + 1), { stream: true })
          : decoder.decode();
      if (text !== '') {
        column += [...text].length;
        sequenceStart = i + 1;
      }
    } catch {
      return { offset: sequenceStart, column };
    }
  }
  return undefined;
}

function describeReadError(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}

// How messages name a file found by default (`.env`, `dynorun.yml` in the app directory):
// relative to the working directory when it lies below it, else absolute.
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
