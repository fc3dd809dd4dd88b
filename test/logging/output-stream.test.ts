// No line is ever lost, split, merged or held back, whatever the processes write.
import { describe, expect, it } from 'vitest';
import { linesOf, makeApp, PROCESSES, runCli, startCli } from '../helpers/cli.js';

const once = ['start', '--no-timestamp', '--restart', 'never'];

describe('the log stream', () => {
  it('keeps every line of four processes printing 100k lines each, whole and in order', async () => {
    const count = 100_000;
    const procfile = ['a', 'b', 'c', 'd']
      .map((tag) => `${tag}: node ${PROCESSES}/flood.mjs ${tag} ${count}`)
      .join('\n');
    const { code, lines } = await runCli(once, { cwd: makeApp({ Procfile: procfile }) });

    expect(code).toBe(0);
    const padding = 'p'.repeat(80);
    for (const tag of ['a', 'b', 'c', 'd']) {
      const got = linesOf(lines, `${tag}.1`);
      expect(got.length).toBe(count);
      const bad = got.findIndex((line, n) => line !== `${tag} ${n} ${padding}`);
      expect(bad, `first bad line of ${tag}: ${got[bad]}`).toBe(-1);
    }
    const other = lines.filter((line) => !/^(a|b|c|d)\.1 +\| |^dynorun +\| /.test(line));
    expect(other).toEqual([]);
  }, 60_000);

  it('prints a last line that has no newline when the process ends', async () => {
    const { lines } = await runCli(once, {
      cwd: makeApp({ Procfile: `a: printf 'one\\ntwo without newline'\n` }),
    });
    expect(linesOf(lines, 'a.1')).toEqual(['one', 'two without newline']);
  });

  it('shows stdout and stderr of a process', async () => {
    const { lines } = await runCli(once, {
      cwd: makeApp({ Procfile: `a: echo to-stdout; echo to-stderr >&2\n` }),
    });
    expect(linesOf(lines, 'a.1').sort()).toEqual(['to-stderr', 'to-stdout']);
  });

  it('passes a 1 MiB line through whole', async () => {
    const size = 1024 * 1024;
    const { lines } = await runCli(once, {
      cwd: makeApp({ Procfile: `big: node ${PROCESSES}/long-line.mjs ${size}\n` }),
    });
    expect(linesOf(lines, 'big.1')).toEqual(['L'.repeat(size), 'after']);
  });

  it('never holds one process back behind another one’s half-written line', async () => {
    const procfile = [
      `half: node ${PROCESSES}/half-line.mjs 3000`,
      `ticker: for i in 1 2 3; do echo tick $i; sleep 0.2; done`,
    ].join('\n');
    const run = startCli(['start', '--no-timestamp', '--restart', 'never'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    await run.waitFor(/ticker\.1 +\| tick 3/, 2_500);
    expect(run.stdout()).not.toContain('first half');

    await run.exited;
    expect(linesOf(run.lines(), 'half.1')).toEqual(['first half second half']);
  });

  it('pads every name to the widest and puts a time in front by default', async () => {
    const { lines } = await runCli(['start', '--restart', 'never'], {
      cwd: makeApp({ Procfile: `a: echo hi\nlong-name: true\n` }),
    });
    expect(lines).toContainEqual(expect.stringMatching(/^\d\d:\d\d:\d\d a\.1 {9}\| hi$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d\d:\d\d:\d\d dynorun {5}\| long-name\.1 started/),
    );
  });

  it('colours the prefix only when asked, and resets the colour after every line', async () => {
    const cwd = makeApp({ Procfile: `a: printf '\\033[31mred'\n` });
    const plain = await runCli(once, { cwd });
    const coloured = await runCli(once, { cwd, env: { NO_COLOR: '', FORCE_COLOR: '1' } });

    expect(plain.stdout).not.toContain('\x1b[36m');
    expect(coloured.stdout).toContain('\x1b[36ma.1     |\x1b[0m \x1b[31mred\x1b[0m\n');
  });
});
