import { describe, expect, it } from 'vitest';

import { DEFAULT_SETTINGS } from '../../src/settings/default-settings.js';
import { describeSettings, formatSetting } from '../../src/settings/describe-settings.js';
import { parseSettings } from '../../src/settings/parse-settings.js';
import { resolveSettings } from '../../src/settings/resolve-settings.js';
import type { TypeSettings } from '../../src/types.js';

const TYPES = ['release', 'web', 'worker', 'checksum-worker'];

describe('describeSettings', () => {
  it('shows what the file and the flags set, then the defaults, for every type', () => {
    const text = [
      'types:',
      '  web:',
      '    readiness: port',
      '    memory_quota: 512M',
      '  worker:',
      "    readiness: {log: 'celery@\\S+ ready\\.'}",
      '    max_instances: 1',
      '    after: [web]',
      '  release: {timeout: 20m}',
    ].join('\n');
    const file = parseSettings(text, 'dynorun.yml', TYPES);
    const flags = { graceMs: 10_000 };
    const resolved = resolveSettings({ file, types: TYPES.slice(1), flags });

    const indent = ' '.repeat(17);
    expect(describeSettings(resolved, '/srv/app/dynorun.yml')).toEqual([
      'Settings:  /srv/app/dynorun.yml',
      'release          timeout=20m (line 9)',
      'web              readiness=port (line 3)  grace=10s (flag)  memory_quota=512M (line 4)',
      `${indent}default: boot_timeout=1m restart=always max_restarts=unlimited stop_signal=SIGTERM`,
      `${indent}  max_instances=none after=[] cycle=none`,
      "worker           readiness={log: 'celery@\\S+ ready\\.'} (line 6)  grace=10s (flag)",
      `${indent}max_instances=1 (line 7)  after=[web] (line 8)`,
      `${indent}default: boot_timeout=1m restart=always max_restarts=unlimited stop_signal=SIGTERM`,
      `${indent}  memory_quota=none cycle=none`,
      'checksum-worker  grace=10s (flag)',
      `${indent}default: readiness=started boot_timeout=1m restart=always max_restarts=unlimited`,
      `${indent}  stop_signal=SIGTERM memory_quota=none max_instances=none after=[] cycle=none`,
    ]);
  });

  it('says when there is no settings file and keeps lines within 100 columns', () => {
    const resolved = resolveSettings({ file: undefined, types: ['web'] });
    const described = describeSettings(resolved, undefined);
    expect(described.slice(0, 3)).toEqual([
      'Settings:  (no settings file: defaults and flags only)',
      'release  timeout=1h (default)',
      'web      default: readiness=port boot_timeout=1m restart=always max_restarts=unlimited',
    ]);
    expect(described.every((line) => line.length <= 100)).toBe(true);
  });
});

describe('formatSetting', () => {
  it.each<[Partial<TypeSettings>, keyof TypeSettings, string]>([
    [{ readiness: { kind: 'http', path: '/up' } }, 'readiness', "{http: '/up'}"],
    [
      { readiness: { kind: 'command', command: "test -e 'x'" } },
      'readiness',
      "{command: 'test -e ''x'''}",
    ],
    [{ maxRestarts: 5 }, 'maxRestarts', '5'],
    [{ cycleMs: 86_400_000 }, 'cycleMs', '24h'],
    [{ memoryQuotaBytes: 1536 * 1024 ** 2 }, 'memoryQuotaBytes', '1536M'],
    [{ after: ['web', 'worker'] }, 'after', '[web, worker]'],
    [{ stopSignal: 'SIGQUIT' }, 'stopSignal', 'SIGQUIT'],
  ])('writes %j as %s=%s', (settings, field, text) => {
    expect(formatSetting(field, { ...DEFAULT_SETTINGS, ...settings })).toBe(text);
  });
});
