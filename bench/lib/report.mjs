// The table of issue 5's targets, and how busy the machine was with other work meanwhile.
import { CLOCK_TICKS } from './proc.mjs';
import { table } from './stats.mjs';

/**
 * One row per target: what was measured, the baseline measured in the same run, their ratio
 * (measured ÷ baseline, except where the target names another), PASS or MISS.
 */
export function targetsTable(rows) {
  const verdict = (pass) => (pass === undefined ? 'ERROR' : pass ? 'PASS' : 'MISS');
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.target}: ${row.note}`);
  return [
    ...table(
      ['target', 'goal', 'measured', 'baseline (same run)', 'ratio', 'result'],
      rows.map((row) => [
        row.target,
        row.goal,
        row.measured,
        row.baseline,
        row.ratio,
        verdict(row.pass),
      ]),
    ),
    '',
    ...notes,
  ];
}

/** A row for a section that could not be measured. */
export function errorRow(section, error) {
  return {
    target: `${section}: not measured`,
    goal: '—',
    measured: '—',
    baseline: '—',
    ratio: '—',
    pass: undefined,
    note: error.message.split('\n')[0],
  };
}

/** How much CPU other work on the machine took during the run, and a warning if it was a lot. */
export function foreignLoadLine(before, after, cores) {
  if (!before || !after) return '';
  const foreign = Math.max(0, after.busy - before.busy - (after.own - before.own));
  const share = foreign / Math.max(1, after.all - before.all);
  const text =
    `Other work on the machine during the run: ${(foreign / CLOCK_TICKS).toFixed(1)} CPU s, ` +
    `${(share * 100).toFixed(0)} % of its ${cores} cores`;
  if (share > 0.15) {
    return (
      `${text}\nWARNING: the machine was busy with other work; wall times and ratios are ` +
      'unreliable (the CPU and RSS columns less so). Run again on an idle machine.'
    );
  }
  if (share > 0.03) return `${text}: wall times may be a few per cent high.`;
  return text;
}
