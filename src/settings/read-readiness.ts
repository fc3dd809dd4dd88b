// `readiness:` in the settings file: `port`, `started`, or a mapping of one kind to its
// argument: `{log: PATTERN}`, `{http: /PATH}`, `{command: SHELL COMMAND}`.

import { isMap, isScalar, type Pair } from 'yaml';

import { quoteText } from '../quote-text.js';
import type { Readiness } from '../types.js';
import type { SettingPlace } from './read-setting.js';
import { describeYamlValue } from './settings-context.js';

const KINDS = ['port', 'started', 'log', 'http', 'command'] as const;
type Kind = (typeof KINDS)[number];

const ARGUMENT = { log: 'PATTERN', http: 'PATH', command: 'COMMAND' } as const;
type ArgumentKind = keyof typeof ARGUMENT;

const SHAPES = 'port, started, {log: PATTERN}, {http: PATH} or {command: COMMAND}';

export function readReadiness(node: unknown, place: SettingPlace): Readiness {
  const { context } = place;
  const line = context.lineOf(node, place.line);
  if (isScalar(node) && typeof node.value === 'string' && isKind(node.value)) {
    return bareKind(node.value, place, line);
  }
  if (!isMap(node)) {
    const problem = `"readiness" must be ${SHAPES}, got ${describeYamlValue(node)}`;
    throw context.error(line, problem);
  }
  if (node.items.length !== 1) {
    const kinds = node.items.map((pair) => context.entry(pair, line).key);
    const got = kinds.length === 0 ? 'none' : kinds.join(' and ');
    throw context.error(line, `"readiness" takes one kind, got ${got}`);
  }

  const [pair] = node.items as [Pair];
  const { key, value, line: keyLine } = context.entry(pair, line);
  if (!isKind(key)) {
    const problem = `unknown readiness kind "${key}"; valid kinds: ${KINDS.join(', ')}`;
    throw context.error(keyLine, problem);
  }
  if (key === 'port' || key === 'started') {
    const problem = `readiness "${key}" takes no argument: write "readiness: ${key}"`;
    throw context.error(keyLine, problem);
  }
  return withArgument(key, value, { ...place, line: keyLine });
}

function isKind(text: string): text is Kind {
  return (KINDS as readonly string[]).includes(text);
}

// `readiness: port`, or `readiness: log` without the pattern the kind needs.
function bareKind(kind: Kind, place: SettingPlace, line: number): Readiness {
  if (kind === 'port' || kind === 'started') return { kind };

  const argument = ARGUMENT[kind];
  const problem = `readiness "${kind}" needs its ${argument}`;
  throw place.context.error(line, `${problem}: write readiness: {${kind}: ${argument}}`);
}

function withArgument(kind: ArgumentKind, node: unknown, place: SettingPlace): Readiness {
  const { context } = place;
  const line = context.lineOf(node, place.line);
  const fail = (rule: string) => context.error(line, `readiness "${kind}" ${rule}`);
  const text = isScalar(node) && typeof node.value === 'string' ? node.value : '';
  if (text.trim() === '') {
    throw fail(`must be a non-empty string, got ${describeYamlValue(node)}`);
  }

  switch (kind) {
    case 'http':
      if (text.startsWith('/')) return { kind, path: text };
      throw fail(`must be a path starting with "/", got ${quoteText(text)}`);
    case 'command':
      return { kind, command: text };
    case 'log': {
      const problem = regexProblem(text);
      if (problem === undefined) return { kind, pattern: text };
      throw fail(`is not a valid regular expression: ${problem}`);
    }
  }
}

// Why a pattern does not compile as a JavaScript RegExp (no flags); undefined if it does.
function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    return message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
  }
}
