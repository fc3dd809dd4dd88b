// Bad input never crashes dynorun: every row runs the real CLI against a temp app and
// gets one exact line on stderr naming the file and line (or the flag, port or dyno), a
// non-zero exit, nothing on stdout, no stack trace, and nothing started, release included.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { listenOnLoopback, type Listener } from '../helpers/listener.js';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, runCli } from '../helpers/cli.js';
import { DIRECTORY, fileRows, type FileSpec } from './bad-file-rows.js';
import { flagRows } from './bad-flag-rows.js';

const rows = [...fileRows, ...flagRows];

let busy: Listener;
let busyPort = 0;

beforeAll(async () => {
  // A port from 100 up, so that `-p {busy-100}` is a valid base port too.
  busy = await listenOnLoopback();
  busyPort = busy.port;
});
afterAll(() => busy.close());

function makeFiles(files: Record<string, FileSpec>): string {
  const cwd = makeApp({});
  for (const [name, spec] of Object.entries(files)) {
    const path = join(cwd, name);
    mkdirSync(dirname(path), { recursive: true });
    if (spec === DIRECTORY) mkdirSync(path);
    else if (typeof spec === 'string' || Buffer.isBuffer(spec)) writeFileSync(path, spec);
    else {
      writeFileSync(path, spec.text);
      chmodSync(path, spec.mode);
    }
  }
  return cwd;
}

const withPorts = (text: string) =>
  text.replace('{busy-100}', String(busyPort - 100)).replace('{busy}', String(busyPort));

describe('bad input', () => {
  it('has at least 40 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('refuses %s with one exact line and starts nothing', async (...row) => {
    const [, files, args, exit, message] = row;
    const cwd = makeFiles(files);
    const argv = ['start', ...args.map(withPorts)];
    const { code, stdout, stderr } = await runCli(argv, { cwd });

    const expected = typeof message === 'string' ? withPorts(message) : message(cwd);
    expect(stderr).toBe(`dynorun: ${expected}\n`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(exit);
    expect(stdout).toBe('');
    for (const ran of ['release-ran', 'web-ran', 'worker-ran']) {
      expect(existsSync(join(cwd, ran)), `${ran} exists`).toBe(false);
    }
  });
});
