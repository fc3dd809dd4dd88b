// Rotation by size keeps at most the configured number of files, cuts only between
// lines and loses no line of those it keeps.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../src/logging/rotating-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynorun-rotate-'));
  dirs.push(dir);
  return dir;
}

// Line i has a length that varies from 1 to 200 bytes, so cuts land everywhere.
const line = (i: number) => `${i} ${'x'.repeat((i * 37) % 197)}\n`;

// Writes `count` lines in events of 1 to 9 lines each, as the supervisor hands them
// over.
async function writeLines(file: RotatingFile, count: number): Promise<void> {
  let i = 0;
  while (i < count) {
    const size = Math.min(count - i, 1 + (i % 9));
    const chunk = Array.from({ length: size }, (_, k) => line(i + k)).join('');
    if (!file.write(Buffer.from(chunk))) await new Promise<void>((r) => file.onDrain(r));
    i += size;
  }
  await file.close();
}

// Every file of the log, oldest first, and the whole log read back in order.
function readLog(dir: string, name: string) {
  const names = readdirSync(dir).filter((file) => file.startsWith(name));
  const ordered = names.sort((a, b) => suffix(b) - suffix(a));
  const text = ordered.map((file) => readFileSync(join(dir, file), 'utf8')).join('');
  const sizes = ordered.map((file) => statSync(join(dir, file)).size);
  return { names: ordered, sizes, lines: text.split('\n').slice(0, -1) };
}

const suffix = (file: string) => Number(/\.log\.(\d+)$/.exec(file)?.[1] ?? 0);
const expected = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => line(from + k).slice(0, -1));

describe('RotatingFile', () => {
  it('loses no line and splits none when every rotated file is kept', async () => {
    const dir = tempDir();
    const file = new RotatingFile({ path: join(dir, 'web.1.log'), maxBytes: 4096, files: 100 });
    await writeLines(file, 3000);

    const log = readLog(dir, 'web.1.log');
    expect(log.lines).toEqual(expected(0, 3000));
    expect(log.names.length).toBeGreaterThan(50);
    expect(Math.max(...log.sizes)).toBeLessThanOrEqual(4096);
    // Each file was filled as far as whole lines allow: the next line would not have
    // fit.
    expect(Math.min(...log.sizes.slice(0, -1))).toBeGreaterThan(4096 - 200);
  });

  it('keeps at most `files` files: the newest lines, whole and in order', async () => {
    const dir = tempDir();
    const file = new RotatingFile({ path: join(dir, 'web.1.log'), maxBytes: 4096, files: 3 });
    await writeLines(file, 5000);

    const log = readLog(dir, 'web.1.log');
    expect(log.names).toEqual(['web.1.log.2', 'web.1.log.1', 'web.1.log']);
    const first = Number(log.lines[0]?.split(' ')[0]);
    expect(log.lines).toEqual(expected(first, 5000));
  });

  it('starts the live file over when only one file is kept', async () => {
    const dir = tempDir();
    const file = new RotatingFile({ path: join(dir, 'a.log'), maxBytes: 1000, files: 1 });
    await writeLines(file, 300);

    const log = readLog(dir, 'a.log');
    expect(log.names).toEqual(['a.log']);
    expect(log.lines.at(-1)).toBe(line(299).slice(0, -1));
    expect(log.sizes[0]).toBeLessThanOrEqual(1000);
  });

  it('gives a line longer than the limit a file of its own, uncut', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.log');
    const file = new RotatingFile({ path, maxBytes: 100, files: 5 });
    file.write(Buffer.from('short\n'));
    file.write(Buffer.from(`${'y'.repeat(250)}\nnext\n`));
    await file.close();

    expect(readLog(dir, 'a.log').names).toEqual(['a.log.2', 'a.log.1', 'a.log']);
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('short\n');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'y'.repeat(250)}\n`);
    expect(readFileSync(path, 'utf8')).toBe('next\n');
  });

  it('appends to an existing file and counts its size', async () => {
    const dir = tempDir();
    const path = join(dir, 'a.log');
    const first = new RotatingFile({ path, maxBytes: 10, files: 2 });
    first.write(Buffer.from('12345678\n'));
    await first.close();
    const second = new RotatingFile({ path, maxBytes: 10, files: 2 });
    second.write(Buffer.from('abc\n'));
    await second.close();

    expect(readFileSync(`${path}.1`, 'utf8')).toBe('12345678\n');
    expect(readFileSync(path, 'utf8')).toBe('abc\n');
  });

  // It used to throw from its constructor, which took the whole --log-dir sink down.
  it('reports a path it cannot open once and drops the writes, without throwing', async () => {
    const path = join(tempDir(), 'web.1.log');
    mkdirSync(path);
    const errors: string[] = [];
    const file = new RotatingFile({
      path,
      maxBytes: 10,
      files: 2,
      onError: (error) => errors.push((error as NodeJS.ErrnoException).code ?? '?'),
    });
    expect(file.write(Buffer.from('a line longer than ten bytes\n'))).toBe(true);
    expect(file.write(Buffer.from('b\n'))).toBe(true);
    await file.close();

    expect(errors).toEqual(['EISDIR']);
  });

  // A directory at `web.1.log.1` was renamed to `.2`, `.3`, … one rotation after another.
  it.each([
    ['a directory', 'web.1.log.1', (path: string) => mkdirSync(path)],
    ['a directory', 'web.1.log.2', (path: string) => mkdirSync(path)],
    ['a symlink', 'web.1.log', (path: string) => symlinkSync(join(dirname(path), 'x'), path)],
  ])(
    'renames nothing when %s is at %s: says so once and keeps one file',
    async (kind, name, make) => {
      const dir = tempDir();
      make(join(dir, name));
      const stops: string[] = [];
      const file = new RotatingFile({
        path: join(dir, 'web.1.log'),
        maxBytes: 4096,
        files: 4,
        onRotationStop: (path, what) => stops.push(`${path}: ${what}`),
      });
      await writeLines(file, 500);

      expect(stops).toEqual([`${join(dir, name)}: ${kind}`]);
      expect(readdirSync(dir).sort()).toEqual(
        name === 'web.1.log' ? ['web.1.log', 'x'] : ['web.1.log', name],
      );
      expect(lstatSync(join(dir, name)).isFile()).toBe(false);
      expect(readFileSync(join(dir, 'web.1.log'), 'utf8').split('\n').slice(0, -1)).toEqual(
        expected(0, 500),
      );
    },
  );
});
