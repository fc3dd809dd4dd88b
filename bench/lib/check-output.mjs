// The log producer every tool runs, and the check that accounts for every line it wrote:
// intact, or how it was damaged.
import { readFileSync } from 'node:fs';

export const TYPES = ['a', 'b', 'c', 'd'];
export const LINE_CHARS = 119; // plus '\n': 120 bytes a line

// The producer: one awk per process type, the same program for every tool. Line i of type t
// is `t i ` followed by letters from a rotating alphabet, 119 characters in all, so every
// line differs from its neighbours and any cut, join or swap shows.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FILLER = ALPHABET.repeat(4);
export const PRODUCER_AWK = `BEGIN {
  s = "${ALPHABET}"; s = s s s s
  for (i = 0; i < n; i++) {
    h = t " " i " "; print h substr(s, i % 52 + 1, ${LINE_CHARS} - length(h))
  }
}
`;

function payload(type, seq) {
  const head = `${type} ${seq} `;
  const start = seq % 52;
  return head + FILLER.slice(start, start + LINE_CHARS - head.length);
}

// How each tool marks a line: which process it came from, or that it is the tool's own.
export const PARSERS = {
  plain: (line) => ({ name: undefined, text: line }),
  // `a.1     | text` and `dynorun | text`
  dynorun: (line) => {
    const bar = line.indexOf(' | ');
    if (bar < 0) return { unparsed: true };
    const name = line.slice(0, bar).trim().split(' ').at(-1);
    return { name, text: line.slice(bar + 3), own: name === 'dynorun' };
  },
  // `4:28:36 PM a.1 |  text` (console.log adds a space); its own lines have no bar.
  foreman: (line) => {
    const bar = line.indexOf(' | ');
    if (bar < 0) return { own: true };
    const name = line.slice(0, bar).trim().split(' ').at(-1);
    const text = line.slice(bar + 3);
    return { name, text: text.startsWith(' ') ? text.slice(1) : text };
  },
  // `[a] text`; its own lines are `[a] <command> exited with code N`.
  concurrently: (line) => {
    const match = /^\[([^\]]*)\] (.*)$/s.exec(line);
    if (!match) return { unparsed: true };
    const text = match[2];
    return { name: match[1], text, own: / exited with code \S+$/.test(text) };
  },
};

const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const HEAD = /^([a-z]) (\d+) /;
// A line cut inside its `t i ` head: split, but its number cannot be told.
const CUT_HEAD = /^[a-z]( \d*)?$/;

/** Reads a tool's output and accounts for every expected line and every line seen. */
export function checkOutput(path, parse, linesPerType) {
  const buffer = readFileSync(path);
  const seen = new Map(TYPES.map((type) => [type, new Uint8Array(linesPerType)]));
  // Every line whose start was found, whole or damaged; the rest left no trace at all.
  const traced = new Map(TYPES.map((type) => [type, new Uint8Array(linesPerType)]));
  const lastSeq = new Map(TYPES.map((type) => [type, -1]));
  const counts = {
    intact: 0,
    split: 0,
    merged: 0,
    corrupt: 0,
    misordered: 0,
    duplicated: 0,
    misattributed: 0,
    other: 0,
    own: 0,
    unterminated: 0,
  };
  const samples = [];
  let cutHeads = 0;
  const note = (kind, line) => {
    counts[kind] += 1;
    if (samples.length < 8) samples.push(`${kind}: ${line.slice(0, 140)}`);
  };

  for (let start = 0; start < buffer.length;) {
    let end = buffer.indexOf(10, start);
    if (end < 0) {
      end = buffer.length;
      counts.unterminated += 1;
    }
    let line = buffer.toString('latin1', start, end);
    start = end + 1;
    if (line.includes('\x1b')) line = line.replace(ANSI, '');

    const parsed = parse(line);
    if (parsed.own) {
      counts.own += 1;
      continue;
    }
    const head = parsed.unparsed ? null : HEAD.exec(parsed.text);
    const type = head?.[1];
    const seq = Number(head?.[2]);
    if (!head && !parsed.unparsed && CUT_HEAD.test(parsed.text)) {
      note('split', line);
      cutHeads += 1;
      continue;
    }
    if (!head || !seen.has(type) || seq >= linesPerType) {
      note('other', line);
      continue;
    }
    traced.get(type)[seq] = 1;
    const want = payload(type, seq);
    const text = parsed.text;
    if (text !== want) {
      if (text.length < want.length && want.startsWith(text)) note('split', line);
      else if (text.length > want.length && text.startsWith(want)) note('merged', line);
      else note('corrupt', line);
      continue;
    }
    if (parsed.name !== undefined && parsed.name !== type && parsed.name !== `${type}.1`) {
      note('misattributed', line);
      continue;
    }
    const bits = seen.get(type);
    if (bits[seq]) {
      note('duplicated', line);
      continue;
    }
    bits[seq] = 1;
    counts.intact += 1;
    if (seq <= lastSeq.get(type)) note('misordered', line);
    lastSeq.set(type, seq);
  }

  const expected = linesPerType * TYPES.length;
  let found = 0;
  for (const bits of traced.values()) for (const bit of bits) found += bit;
  return { ...counts, expected, missing: Math.max(0, expected - found - cutHeads), samples };
}

/** The damage counts of a check as one phrase: `0 missing, 3 split; 3 other`. */
export function damage(integrity) {
  const kinds = ['missing', 'split', 'merged', 'corrupt', 'misordered', 'duplicated'];
  const more = ['misattributed', 'unterminated'];
  const parts = [...kinds, ...more]
    .filter((kind) => kind === 'missing' || integrity[kind] > 0)
    .map((kind) => `${integrity[kind]} ${kind}`);
  return `${parts.join(', ')}; ${integrity.other} other`;
}
