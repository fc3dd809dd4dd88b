// A settings file parsed as YAML, with what every step of reading it needs: the file's
// name for messages, the line of any node, and aliases followed (`*celery` to `&celery`).

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
} from 'yaml';

import { SettingsError } from '../errors.js';
import { quoteText } from '../quote-text.js';

export class SettingsContext {
  /** The top-level value, aliases followed; undefined for an empty file. */
  readonly root: unknown;
  private readonly document: Document;
  private readonly lineCounter = new LineCounter();

  // Throws on the first YAML syntax error, at its line.
  constructor(
    readonly fileName: string,
    text: string,
  ) {
    const { lineCounter } = this;
    const options = { lineCounter, prettyErrors: false, uniqueKeys: true };
    this.document = parseDocument(text, options);
    const [syntax] = this.document.errors;
    if (syntax !== undefined) {
      const { line } = lineCounter.linePos(syntax.pos[0]);
      const problem =
        syntax.code === 'MULTIPLE_DOCS'
          ? 'holds more than one YAML document (a "---" line starts another)'
          : `invalid YAML: ${syntax.message}`;
      throw this.error(line, problem);
    }
    this.root = this.resolve(this.document.contents);
  }

  /** 1-based line where a node starts; `fallback` for a node with no place (empty). */
  lineOf(node: unknown, fallback = 1): number {
    const range = (node as Node | null)?.range;
    if (range === undefined || range === null) return fallback;
    if (isScalar(node) && node.source === '') return fallback;
    return this.lineCounter.linePos(range[0]).line;
  }

  error(line: number, problem: string): SettingsError {
    return new SettingsError(this.fileName, line, problem);
  }

  /** The node an alias points at; any other value as it is. */
  resolve(node: unknown): unknown {
    if (!isAlias(node)) return node;

    const target = node.resolve(this.document);
    if (target === undefined) {
      throw this.error(this.lineOf(node), `alias "*${node.source}" refers to no anchor`);
    }
    return target;
  }

  /** The key and value of a mapping item, aliases followed, and the key's line. */
  entry(pair: Pair, mapLine: number): { key: string; value: unknown; line: number } {
    const keyNode = this.resolve(pair.key);
    const key = isScalar(keyNode) ? String(keyNode.value) : describeYamlValue(keyNode);
    return { key, value: this.resolve(pair.value), line: this.lineOf(keyNode, mapLine) };
  }
}

// A YAML value as a message shows it after "got": `true`, `30`, `"30 s"`, `a list`.
export function describeYamlValue(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';

  const value = isScalar(node) ? node.value : undefined;
  if (value === null || value === undefined) return 'nothing';
  return typeof value === 'string' ? quoteText(value) : String(value);
}

// True for a missing or empty value: `web:` with nothing after it.
export function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}
