// The processes a killed run left behind: every live process whose DYNORUN_TAG belongs to
// the run (`<runId>.<dyno>`, `<runId>-alert`), and their descendants, each with the dyno
// it came from and its command line, so they can be named before they are stopped.
import { findTree } from './kill-tree.js';
import { processCommandLine, readProcessTable, type ProcessEntry } from './process-table.js';

const MAX_COMMAND_CHARS = 200;

export interface Leftover {
  pid: number;
  /** The dyno (`web.1`), `alert command`, or `unknown` for a descendant without a tag. */
  dyno: string;
  command: string;
}

/** The tag pattern that selects every process of the run `runId` (see kill-tree.ts). */
export function runTagPattern(runId: string): string {
  return `${runId}*`;
}

export function findLeftovers(runId: string, table = readProcessTable()): Leftover[] {
  const members = new Set(findTree({ pgid: undefined, tag: runTagPattern(runId) }, table));
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  return [...members]
    .sort((a, b) => a - b)
    .map((pid) => ({
      pid,
      dyno: dynoOf(byPid.get(pid), runId, byPid),
      command: oneLine(processCommandLine(pid) ?? '(command unknown)'),
    }));
}

// A dyno's shell may hold a whole script (profile sourcing included): one line, cut short.
function oneLine(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > MAX_COMMAND_CHARS ? `${line.slice(0, MAX_COMMAND_CHARS)}…` : line;
}

// A tagless member descends from a tagged one: it is named after its nearest tagged
// ancestor.
function dynoOf(
  entry: ProcessEntry | undefined,
  runId: string,
  byPid: Map<number, ProcessEntry>,
): string {
  for (let hops = 0; entry && hops < 64; hops++) {
    const tag = entry.tag;
    if (tag?.startsWith(`${runId}.`)) return tag.slice(runId.length + 1);
    if (tag?.startsWith(`${runId}-`)) return 'alert command';
    entry = byPid.get(entry.ppid);
  }
  return 'unknown';
}
