import { describe, expect, it } from 'vitest';

import { DEFAULT_SETTINGS } from '../../src/settings/default-settings.js';
import { parseSettings } from '../../src/settings/parse-settings.js';
import { releaseSettings, resolveSettings } from '../../src/settings/resolve-settings.js';
import type { SettingSource, SettingsFlags } from '../../src/types.js';

const lines = (...text: string[]) => text.join('\n') + '\n';
const file = (...text: string[]) =>
  parseSettings(lines(...text), 'dynorun.yml', ['release', 'web', 'worker']);

describe('resolveSettings', () => {
  it("gives Heroku's defaults, with port readiness for web only", () => {
    const resolved = resolveSettings({ file: undefined, types: ['web', 'worker'] });
    const { types, release } = resolved;
    expect(types.map((entry) => entry.type)).toEqual(['web', 'worker']);
    const [web, worker] = types.map((entry) => entry.settings);
    expect(web).toEqual({ ...DEFAULT_SETTINGS, readiness: { kind: 'port' } });
    expect(worker).toEqual({ ...DEFAULT_SETTINGS, readiness: { kind: 'started' } });
    expect(Object.values(types[0]?.sources ?? {})).toEqual(Array(10).fill('default'));
    expect(types[1]?.lines).toEqual({});
    expect(release).toEqual({ timeoutMs: 3_600_000, source: 'default', line: undefined });
  });

  type Row = [string, string[], SettingsFlags, number, SettingSource, number?];
  it.each<Row>([
    ['the default', [], {}, 30_000, 'default'],
    ['file defaults over the default', ['defaults: {grace: 10s}'], {}, 10_000, 'file', 1],
    [
      'the type over file defaults',
      ['defaults: {grace: 10s}', 'types:', '  web: {grace: 20s}'],
      {},
      20_000,
      'file',
      3,
    ],
    [
      'a flag over the type',
      ['defaults: {grace: 10s}', 'types:', '  web: {grace: 20s}'],
      { graceMs: 5_000 },
      5_000,
      'flag',
    ],
    [
      'the file over a flag left undefined',
      ['defaults: {grace: 10s}'],
      { graceMs: undefined },
      10_000,
      'file',
      1,
    ],
  ])('takes grace from %s', (_title, text, flags, graceMs, source, line) => {
    const [web] = resolveSettings({ file: file(...text), types: ['web'], flags }).types;
    expect(web?.settings.graceMs).toBe(graceMs);
    expect(web?.sources.graceMs).toBe(source);
    expect(web?.lines.graceMs).toBe(line);
  });

  it('applies file defaults to every type and a type section to its type only', () => {
    const settings = file(
      'defaults:',
      '  readiness: started',
      'types:',
      '  worker:',
      '    after: web',
    );
    const resolved = resolveSettings({ file: settings, types: ['web', 'worker'] });
    const [web, worker] = resolved.types;
    expect(web?.settings.readiness).toEqual({ kind: 'started' });
    expect(web?.sources.readiness).toBe('file');
    expect(web?.settings.after).toEqual([]);
    expect(worker?.settings.after).toEqual(['web']);
    expect(worker?.lines).toEqual({ readiness: 2, after: 5 });
  });

  it('keeps the reason given for max_instances unless a flag overrides it', () => {
    const settings = file('types:', '  worker:', '    max_instances: 1 # runs beat');
    const resolve = (flags: SettingsFlags) =>
      resolveSettings({ file: settings, types: ['worker'], flags }).types[0];
    expect(resolve({})?.maxInstancesReason).toBe('runs beat');
    expect(resolve({ maxInstances: 3 })).not.toHaveProperty('maxInstancesReason');
  });

  it.each<[string, string[], number | undefined, SettingSource, number, number?]>([
    ['the default', [], undefined, 'default', 3_600_000],
    ['the file', ['types:', '  release: {timeout: 5m}'], undefined, 'file', 300_000, 2],
    ['the flag', ['types:', '  release: {timeout: 5m}'], 1_000, 'flag', 1_000],
  ])('takes the release timeout from %s', (_, text, flag, source, timeoutMs, line) => {
    const input = { file: file(...text), types: [], releaseTimeoutMs: flag };
    expect(resolveSettings(input).release).toEqual({ timeoutMs, source, line });
  });
});

describe('releaseSettings', () => {
  it('never restarts the release and takes only the stop flags', () => {
    const flags: SettingsFlags = { graceMs: 1_000, restart: 'always', bootTimeoutMs: 5 };
    const { settings, sources } = releaseSettings(flags);
    expect(settings).toMatchObject({ restart: 'never', maxRestarts: 0, graceMs: 1_000 });
    expect(settings.bootTimeoutMs).toBe(60_000);
    expect(sources).toMatchObject({ graceMs: 'flag', restart: 'default' });
  });
});
