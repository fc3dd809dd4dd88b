// Small statistics and the Markdown tables every section prints.

function sorted(values) {
  return values.filter((v) => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
}

export function median(values) {
  const s = sorted(values);
  if (s.length === 0) return undefined;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The value below which `share` (0–1) of the values lie (nearest rank). */
export function percentile(values, share) {
  const s = sorted(values);
  if (s.length === 0) return undefined;
  return s[Math.min(s.length - 1, Math.ceil(share * s.length) - 1)];
}

export function max(values) {
  const s = sorted(values);
  return s.at(-1);
}

export const fixed = (value, digits) =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

/** `min–max` of the values with `digits` decimals. */
export function spread(values, digits) {
  const s = sorted(values);
  return s.length ? `${fixed(s[0], digits)}–${fixed(s.at(-1), digits)}` : '—';
}

/** A Markdown table, columns padded so it reads in a terminal and pastes into a README. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
}
