// What a process writes inside a line reaches the stream byte for byte, under one prefix:
// invalid UTF-8, carriage returns of progress bars, colours; and both of its streams whole.
import { describe, expect, it } from 'vitest';
import { linesOf, makeApp, PROCESSES, runCli, runCliBytes } from '../helpers/cli.js';

const once = ['start', '--no-timestamp', '--restart', 'never'];
const coloured = { NO_COLOR: '', FORCE_COLOR: '1' };
const RESET = '\x1b[0m';
// A line opens with its prefix's colour, resets after the prefix, and resets at its end.
// eslint-disable-next-line no-control-regex
const COLOURED_LINE = /^\x1b\[[0-9;]+m[a-z.0-9]+ +\|\x1b\[0m .*\x1b\[0m$/s;

describe('a line’s content', () => {
  it('passes bytes that are not UTF-8 through unchanged, even split across writes', async () => {
    const script = [
      `printf 'bad \\377\\376 end\\n'`,
      `printf 'split \\303'`, // é cut in two: its second byte comes in another write
      'sleep 0.1',
      `printf '\\251 joined\\nlone \\200\\n'`,
    ];
    const cwd = makeApp({ Procfile: `a: ${script.join('; ')}\n` });
    const { code, stdout } = await runCliBytes(once, { cwd });

    expect(code).toBe(0);
    const want = ['bad \xff\xfe end', 'split \xc3\xa9 joined', 'lone \x80'].map((text) =>
      Buffer.from(`a.1     | ${text}\n`, 'latin1'),
    );
    for (const line of want) expect(stdout.includes(line), line.toString('latin1')).toBe(true);
  });

  it('keeps a progress bar’s carriage returns inside its line, on either stream', async () => {
    const bar = `for p in 10 50 100; do printf 'up %s%%\\r' $p; sleep 0.05; done`;
    const cwd = makeApp({
      Procfile: [
        `a: ${bar}; printf '\\r\\ndone\\r\\n'`,
        `b: printf 'dl 1/3\\rdl 2/3\\r' >&2; sleep 0.05; printf 'dl 3/3\\n' >&2`,
      ].join('\n'),
    });
    const { code, stdout } = await runCliBytes(once, { cwd });

    expect(code).toBe(0);
    const text = stdout.toString('latin1');
    expect(text).toContain('a.1     | up 10%\rup 50%\rup 100%\r\r\na.1     | done\r\n');
    expect(text).toContain('b.1     | dl 1/3\rdl 2/3\rdl 3/3\n');
  });

  it('resets colour after every prefix and every line, so a colour never leaks on', async () => {
    const cwd = makeApp({
      Procfile: [
        `a: printf '\\033[31mred, never reset\\n'; sleep 0.1; printf 'plain\\n'`,
        `b: sleep 0.05; printf '\\033[1;4mbold underline, never reset\\n'`,
      ].join('\n'),
    });
    const { code, stdout } = await runCliBytes(once, { cwd, env: coloured });

    expect(code).toBe(0);
    const lines = stdout.toString('latin1').split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).toMatch(COLOURED_LINE);
    expect(lines).toContain(`\x1b[36ma.1     |${RESET} \x1b[31mred, never reset${RESET}`);
    expect(lines).toContain(`\x1b[36ma.1     |${RESET} plain${RESET}`);
    expect(lines).toContain(
      `\x1b[33mb.1     |${RESET} \x1b[1;4mbold underline, never reset${RESET}`,
    );
  });

  it('adds no escape codes when colour is off', async () => {
    const cwd = makeApp({ Procfile: `a: printf '\\033[31mred\\n'\n` });
    const { stdout } = await runCliBytes(once, { cwd });

    expect(stdout.toString('latin1')).toContain('a.1     | \x1b[31mred\n');
    expect(stdout.toString('latin1').split('\x1b').length).toBe(2);
  });

  it('shows interleaved stdout and stderr of one process whole and each in order', async () => {
    const count = 2_000;
    const cwd = makeApp({ Procfile: `a: node ${PROCESSES}/interleave.mjs ${count}\n` });
    const { code, lines } = await runCli(once, { cwd });

    expect(code).toBe(0);
    const got = linesOf(lines, 'a.1');
    const expected = (stream: string) =>
      Array.from({ length: count }, (_, i) => `${stream} ${i} first half, second half`);
    expect(got.filter((line) => line.startsWith('out '))).toEqual(expected('out'));
    expect(got.filter((line) => line.startsWith('err '))).toEqual(expected('err'));
    expect(got).toHaveLength(2 * count);
  });
});
