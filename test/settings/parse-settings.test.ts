import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseProcfile } from '../../src/procfile/parse.js';
import { parseSettings } from '../../src/settings/parse-settings.js';

const TYPES = ['release', 'web', 'worker', 'checksum-worker'];
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const example = here('../../examples/dandi/');
const upstream = here('../../../shared/fixtures/dandi/');
const lines = (...text: string[]) => text.join('\n') + '\n';
const parse = (text: string) => parseSettings(text, 'dynorun.yml', TYPES);

describe('parseSettings', () => {
  it('reads every key with the line it is on', () => {
    const settings = parse(
      lines(
        'defaults:',
        '  grace: 10s',
        'types:',
        '  web:',
        '    readiness: {http: /health}',
        '    boot_timeout: 90',
        '    memory_quota: 512M',
        '  worker:',
        '    restart: on-failure',
        '    max_restarts: unlimited',
        '    stop_signal: quit',
        '    max_instances: 1',
        '    cycle: 24h',
        '    after: web',
        '  release:',
        '    timeout: 30m',
      ),
    );
    expect(settings.defaults).toEqual({ graceMs: { value: 10_000, line: 2 } });
    expect(settings.types.get('web')).toEqual({
      readiness: { value: { kind: 'http', path: '/health' }, line: 5 },
      bootTimeoutMs: { value: 90_000, line: 6 },
      memoryQuotaBytes: { value: 512 * 1024 ** 2, line: 7 },
    });
    expect(settings.types.get('worker')).toEqual({
      restart: { value: 'on-failure', line: 9 },
      maxRestarts: { value: Infinity, line: 10 },
      stopSignal: { value: 'SIGQUIT', line: 11 },
      maxInstances: { value: 1, line: 12 },
      cycleMs: { value: 86_400_000, line: 13 },
      after: { value: ['web'], line: 14 },
    });
    expect(settings.releaseTimeout).toEqual({ value: 1_800_000, line: 16 });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n'],
    ['empty sections', lines('defaults:', 'types:')],
    ['a type without settings', lines('types:', '  web:')],
  ])('accepts %s as no settings', (_title, text) => {
    const settings = parse(text);
    expect(settings.defaults).toEqual({});
    const types = [...settings.types.values()];
    expect(types.every((type) => Object.keys(type).length === 0)).toBe(true);
    expect(settings.releaseTimeout).toBeUndefined();
  });

  it.each([
    ['port', { kind: 'port' }],
    ['started', { kind: 'started' }],
    ["{log: 'celery@\\S+ ready\\.'}", { kind: 'log', pattern: 'celery@\\S+ ready\\.' }],
    ['{command: "pg_isready -q"}', { kind: 'command', command: 'pg_isready -q' }],
  ])('reads readiness %s', (text, readiness) => {
    const settings = parse(lines('types:', '  web:', `    readiness: ${text}`));
    expect(settings.types.get('web')?.readiness?.value).toEqual(readiness);
  });

  it('follows aliases', () => {
    const text = lines(
      'types:',
      "  worker: {readiness: &celery {log: 'ready'}}",
      '  checksum-worker: {readiness: *celery}',
    );
    const readiness = parse(text).types.get('checksum-worker')?.readiness?.value;
    expect(readiness).toEqual({ kind: 'log', pattern: 'ready' });
  });

  it('keeps the comment beside or above a value as its note', () => {
    const text = lines(
      'types:',
      '  worker:',
      '    # runs celery beat',
      '    # (once)',
      '    max_instances: 1',
      '  web:',
      '    grace: 5s',
      '    max_instances: 4 # four cores',
    );
    const settings = parse(text);
    const [worker, web] = [settings.types.get('worker'), settings.types.get('web')];
    expect(worker?.maxInstances?.note).toBe('runs celery beat (once)');
    expect(web?.maxInstances?.note).toBe('four cores');
    expect(web?.graceMs).not.toHaveProperty('note');
  });

  it('reads the DANDI example against its Procfile', () => {
    const read = (name: string) => readFileSync(join(example, name), 'utf8');
    const types = parseProcfile(read('Procfile'), 'Procfile').map((entry) => entry.name);
    const settings = parseSettings(read('dynorun.yml'), 'dynorun.yml', types);

    const celery = { kind: 'log', pattern: 'celery@\\S+ ready\\.' };
    expect(settings.types.get('web')?.readiness?.value).toEqual({ kind: 'port' });
    expect(settings.types.get('worker')).toMatchObject({
      readiness: { value: celery },
      maxInstances: { value: 1, note: expect.stringContaining('celery beat') },
      stopSignal: { value: 'SIGTERM' },
      graceMs: { value: 30_000 },
    });
    expect(settings.types.get('checksum-worker')).toMatchObject({
      readiness: { value: celery },
      stopSignal: { value: 'SIGTERM' },
      graceMs: { value: 30_000 },
    });
  });
});

// The DANDI end-to-end test runs the upstream Procfiles in examples/dandi, where this
// settings file is found by default: it must fit every one of them.
describe.skipIf(!existsSync(upstream))('the DANDI example settings (needs ../shared)', () => {
  const procfiles = ['Procfile', 'Procfile.2023', 'Procfile.2025-with-analytics'];

  it.each(procfiles)('fit the upstream %s', (name) => {
    const procfile = readFileSync(join(upstream, name), 'utf8');
    const types = parseProcfile(procfile, name).map((entry) => entry.name);
    const text = readFileSync(join(example, 'dynorun.yml'), 'utf8');
    expect(parseSettings(text, 'dynorun.yml', types).types.size).toBe(3);
  });
});
