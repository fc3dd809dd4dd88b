// Memory sizes as the settings file and `--memory-quota` write them: `512M`, `512MB`,
// `512MiB`, `1G`, `1.5G`, `256K`, or a bare number of bytes. Units are binary whatever
// the spelling: 1K = 1024 bytes, 1M = 1024² bytes, as in Heroku's dyno sizes (512 MB is
// 536,870,912 bytes) and in the `free` and `ps` output people compare them with.
// The unit letter may be lower case.

/** The phrase error messages use for what a size looks like. */
export const SIZE_EXAMPLE = 'a size like 512M or 1.5G';

const UNIT_BYTES = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;
type Unit = keyof typeof UNIT_BYTES;

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)([KMGT]?)(B|iB)?$/i;

/** Bytes (rounded to a whole number), or undefined when `text` is not a size. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;

  const unit = (match[2] ?? '').toUpperCase() as Unit;
  if (unit === '' && match[3]?.toLowerCase() === 'ib') return undefined;
  const bytes = Math.round(Number(match[1]) * UNIT_BYTES[unit]);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

// The shortest exact form in the same syntax: 536870912 → `512M`, 1.5G → `1536M`.
export function formatSize(bytes: number): string {
  for (const unit of ['T', 'G', 'M', 'K'] as const) {
    const size = UNIT_BYTES[unit];
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}
