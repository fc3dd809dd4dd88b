// What the preflight lets through, and what dynorun says when a command fails only once
// it runs: large valid input starts, a profile script may put a program on PATH, and an
// exit 127 or 126 is explained while the other dynos keep running.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, runCli, startCli, type CliRun } from '../helpers/cli.js';

const TYPES = 500;
const many = Array.from({ length: TYPES }, (_, i) => `type-${i + 1}: sleep 0\n`).join('');

const running: CliRun[] = [];
afterEach(() => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
});

describe('valid input that is large or unusual', () => {
  it(`checks a Procfile of ${TYPES} types`, async () => {
    const cwd = makeApp({ Procfile: many });
    const { code, stdout, stderr } = await runCli(['check'], { cwd });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^type-500\.1\s+PORT=54900\s+sleep 0$/m);
  });

  it(`starts ${TYPES} types, each looked up on PATH, and ends cleanly`, async () => {
    const cwd = makeApp({ Procfile: many });
    // --heroku-env: no PORT for these types, so no port on this host can be in the way.
    const args = ['start', '--restart', 'never', '--heroku-env', '--no-timestamp'];
    const { code, stderr, lines } = await runCli(args, { cwd });
    expect(stderr).toBe('');
    expect(lines.filter((line) => / exited with code 0$/.test(line))).toHaveLength(TYPES);
    expect(code).toBe(0);
  }, 60_000);

  it('leaves the PATH lookup to the dyno when a profile may change PATH', async () => {
    const cwd = makeApp({
      Procfile: 'web: hello-from-profile\n',
      '.profile': 'PATH="$PWD/tools:$PATH"\n',
    });
    mkdirSync(join(cwd, 'tools'));
    const tool = join(cwd, 'tools', 'hello-from-profile');
    writeFileSync(tool, '#!/bin/sh\necho hello from the PATH of .profile\n');
    chmodSync(tool, 0o755);

    const args = ['start', '--restart', 'never'];
    const { code, stdout, stderr } = await runCli(args, { cwd });
    expect(stderr).toBe('');
    expect(stdout).toContain('hello from the PATH of .profile');
    expect(code).toBe(0);
  });
});

describe('a command that fails only when it runs', () => {
  // Quoted, the program name is left to the shell, so these reach the dyno.
  it.each([
    ['not found', 'web: "no-such-program-here"\n', 127, 'command not found'],
    ['not executable', 'web: "./web.sh"\n', 126, 'command not executable'],
  ])(
    'explains exit code of a command %s, and the other dynos keep running',
    async (_title, procfile, exit, meaning) => {
      const worker = 'worker: echo worker-up; exec sleep 30\n';
      const cwd = makeApp({ Procfile: `${procfile}${worker}` });
      writeFileSync(join(cwd, 'web.sh'), '#!/bin/sh\n');
      chmodSync(join(cwd, 'web.sh'), 0o644);
      const run = startCli(['start', '--restart', 'never', '--no-timestamp'], { cwd });
      running.push(run);

      const exitLine = `web\\.1 exited with code ${exit} \\(${meaning}\\)\\n`;
      await run.waitFor(new RegExp(exitLine));
      await run.waitFor(/worker\.1 \| worker-up/);
      expect(run.stdout()).not.toMatch(/worker\.1 exited/);
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      expect(run.stdout()).toMatch(/worker\.1 exited on SIGTERM/);
    },
  );

  it('says so when the release command is not found', async () => {
    const cwd = makeApp({ Procfile: 'release: "no-such-migrate"\nweb: sleep 30\n' });
    const { code, stdout } = await runCli(['start', '--no-timestamp'], { cwd });
    const failed =
      'release failed (exited with code 127: command not found); nothing else will start';
    expect(stdout).toContain(`dynorun | ${failed}\n`);
    expect(stdout).not.toContain('web.1');
    expect(code).toBe(127);
  });
});
