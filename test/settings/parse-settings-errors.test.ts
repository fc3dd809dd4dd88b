// Every problem in a settings file is an error naming the file and the line of the
// offending key or value, with the exact wording checked here.
import { describe, expect, it } from 'vitest';

import { parseSettings } from '../../src/settings/parse-settings.js';

const TYPES = ['release', 'web', 'worker', 'checksum-worker'];
const KEYS =
  'after, boot_timeout, cycle, grace, max_instances, max_restarts, memory_quota, ' +
  'readiness, restart, stop_signal';
const RELEASE_ONLY = 'its only setting is "timeout"';
const READINESS = 'port, started, {log: PATTERN}, {http: PATH} or {command: COMMAND}';

const lines = (...text: string[]) => text.join('\n') + '\n';
const web = (...settings: string[]) =>
  lines('types:', '  web:', ...settings.map((s) => `    ${s}`));

describe('parseSettings errors', () => {
  it.each<[string, string, number, string]>([
    // YAML itself
    [
      'bad indentation',
      lines('types:', '  web:', '    grace: 1s', '   restart: never'),
      4,
      'invalid YAML: All mapping items must start at the same column',
    ],
    ['a key twice', lines('a: 1', 'a: 2'), 2, 'invalid YAML: Map keys must be unique'],
    [
      'an unclosed flow list',
      lines('types:', '  web: {after: [worker}'),
      2,
      'invalid YAML: Flow sequence in block collection must be sufficiently indented ' +
        'and end with a ]',
    ],
    [
      'two documents',
      lines('types: {}', '---', 'types: {}'),
      2,
      'holds more than one YAML document (a "---" line starts another)',
    ],
    ['an alias without anchor', web('grace: *x'), 3, 'alias "*x" refers to no anchor'],
    // shape
    [
      'a list at the top',
      lines('- web'),
      1,
      'expected a mapping with "defaults" and "types", got a list',
    ],
    [
      'an unknown top-level key',
      lines('type:', '  web: {}'),
      1,
      'unknown top-level key "type"; valid keys: defaults, types',
    ],
    [
      'types as a list',
      lines('types:', '  - web'),
      2,
      '"types" must be a mapping of process types to their settings, got a list',
    ],
    [
      'defaults as a string',
      lines('defaults: fast'),
      1,
      '"defaults" must be a mapping, got "fast"',
    ],
    [
      'a type as a string',
      lines('types:', '  web: port'),
      2,
      'settings of "web" must be a mapping, got "port"',
    ],
    // names
    [
      'an unknown type',
      lines('types:', '  web: {}', '  wrker:', '    grace: 1s'),
      3,
      'unknown process type "wrker"; ' +
        'the Procfile defines: release, web, worker, checksum-worker',
    ],
    [
      'an unknown key',
      web('grace: 1s', 'gracee: 2s'),
      4,
      `unknown key "gracee" for "web"; valid keys: ${KEYS}`,
    ],
    [
      'an unknown key in defaults',
      lines('defaults:', '  timeout: 1h'),
      2,
      `unknown key "timeout" in "defaults"; valid keys: ${KEYS.replace('after, ', '')}`,
    ],
    [
      'after in defaults',
      lines('defaults:', '  after: [web]'),
      2,
      '"after" cannot be set in "defaults": ' +
        'a type cannot start after itself, so set it per type',
    ],
    [
      'a release setting other than timeout',
      lines('types:', '  release:', '    grace: 1s'),
      3,
      `"release" runs once before the formation; ${RELEASE_ONLY}, not "grace"`,
    ],
    [
      'release settings as a string',
      lines('types:', '  release: 1h'),
      2,
      'settings of "release" must be a mapping, got "1h"',
    ],
    [
      'a release timeout of zero',
      lines('types:', '  release:', '    timeout: 0s'),
      3,
      '"timeout" must be a duration above zero, got "0s"',
    ],
    // values
    [
      'grace: true',
      web('grace: true'),
      3,
      '"grace" must be a duration like 30s or 500ms, got true',
    ],
    [
      'a negative grace',
      web('grace: -5'),
      3,
      '"grace" must be a duration like 30s or 500ms, got -5',
    ],
    [
      'a duration with a space',
      web('boot_timeout: 30 s'),
      3,
      '"boot_timeout" must be a duration like 30s or 500ms, got "30 s"',
    ],
    [
      'an empty duration',
      web('cycle:'),
      3,
      '"cycle" must be a duration like 30s or 500ms, got nothing',
    ],
    [
      'a boot timeout of zero',
      web('boot_timeout: 0'),
      3,
      '"boot_timeout" must be a duration above zero, got 0',
    ],
    [
      'a bad size',
      web('memory_quota: lots'),
      3,
      '"memory_quota" must be a size like 512M or 1.5G, got "lots"',
    ],
    [
      'a negative size',
      web('memory_quota: -512M'),
      3,
      '"memory_quota" must be a size like 512M or 1.5G, got "-512M"',
    ],
    [
      'a size of zero',
      web('memory_quota: 0M'),
      3,
      '"memory_quota" must be a size above zero, got "0M"',
    ],
    [
      'an unknown restart policy',
      web('restart: sometimes'),
      3,
      '"restart" must be always, on-failure or never, got "sometimes"',
    ],
    [
      'negative max_restarts',
      web('max_restarts: -1'),
      3,
      '"max_restarts" must be a whole number of 0 or more, or unlimited, got -1',
    ],
    [
      'fractional max_restarts',
      web('max_restarts: 2.5'),
      3,
      '"max_restarts" must be a whole number of 0 or more, or unlimited, got 2.5',
    ],
    [
      'max_instances: 0',
      web('max_instances: 0'),
      3,
      '"max_instances" must be a whole number of 1 or more, got 0',
    ],
    [
      'max_instances as a string',
      web('max_instances: "1"'),
      3,
      '"max_instances" must be a whole number of 1 or more, got "1"',
    ],
    [
      'an unknown signal',
      web('stop_signal: SIGFOO'),
      3,
      '"stop_signal" must be a signal name like SIGTERM or QUIT, got "SIGFOO"',
    ],
    [
      'a signal number',
      web('stop_signal: 15'),
      3,
      '"stop_signal" must be a signal name like SIGTERM or QUIT, got 15',
    ],
    // readiness
    [
      'an unknown readiness word',
      web('readiness: listening'),
      3,
      `"readiness" must be ${READINESS}, got "listening"`,
    ],
    [
      'an unknown readiness kind',
      web('readiness:', '  tcp: 5000'),
      4,
      'unknown readiness kind "tcp"; valid kinds: port, started, log, http, command',
    ],
    [
      'two readiness kinds',
      web('readiness: {log: up, http: /}'),
      3,
      '"readiness" takes one kind, got log and http',
    ],
    [
      'readiness log without pattern',
      web('readiness: log'),
      3,
      'readiness "log" needs its PATTERN: write readiness: {log: PATTERN}',
    ],
    [
      'readiness port with an argument',
      web('readiness: {port: 5000}'),
      3,
      'readiness "port" takes no argument: write "readiness: port"',
    ],
    [
      'an empty log pattern',
      web('readiness:', '  log: ""'),
      4,
      'readiness "log" must be a non-empty string, got ""',
    ],
    [
      'a broken log pattern',
      web("readiness: {log: 'ready ('}"),
      3,
      'readiness "log" is not a valid regular expression: Unterminated group',
    ],
    [
      'an http path without slash',
      web('readiness: {http: health}'),
      3,
      'readiness "http" must be a path starting with "/", got "health"',
    ],
    [
      'a readiness command as a list',
      web('readiness:', '  command: [true]'),
      4,
      'readiness "command" must be a non-empty string, got a list',
    ],
    // after
    [
      'after naming an unknown type',
      web('after: [worker, wrker]'),
      3,
      '"after" names unknown process type "wrker"; ' +
        'the Procfile defines: web, worker, checksum-worker',
    ],
    ['after naming itself', web('after: web'), 3, '"web" cannot start after itself'],
    [
      'after naming release',
      web('after:', '  - release'),
      4,
      '"after" cannot name "release": it runs before every process type',
    ],
    [
      'after naming a type twice',
      web('after: [worker, worker]'),
      3,
      '"after" names "worker" twice',
    ],
    [
      'after holding a number',
      web('after: [worker, 5]'),
      3,
      '"after" must be a process type or a list of them, got 5',
    ],
    [
      'after forming a cycle',
      lines(
        'types:',
        '  web:',
        '    after: checksum-worker',
        '  worker:',
        '    after: web',
        '  checksum-worker:',
        '    after: [worker]',
      ),
      3,
      '"after" forms a cycle: web → checksum-worker → worker → web',
    ],
  ])('rejects %s', (_title, text, line, problem) => {
    const message = `dynorun.yml:${line}: ${problem}`;
    const code = 'DYNORUN_SETTINGS';
    expect(() => parseSettings(text, 'dynorun.yml', TYPES)).toThrow(
      expect.objectContaining({ name: 'SettingsError', code, message }),
    );
  });

  it('lists the Procfile types without release when the Procfile has none', () => {
    const text = lines('types:', '  release: {}');
    const problem = 'unknown process type "release"; the Procfile defines: web, worker';
    const parse = () => parseSettings(text, 'app/dynorun.yml', ['web', 'worker']);
    expect(parse).toThrow(`app/dynorun.yml:2: ${problem}`);
  });
});
