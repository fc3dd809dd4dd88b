// The foreman-style column in front of every line: `HH:MM:SS web.1   | `.

const COLORS = [36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91];
const SYSTEM_COLOR = '1';
export const RESET = '\x1b[0m';

export interface PrefixStyle {
  width: number;
  timestamp: boolean;
  color: boolean;
}

export function formatPrefix(name: string, colorCode: string, time: Date, style: PrefixStyle) {
  const stamp = style.timestamp ? `${clock(time)} ` : '';
  const column = `${stamp}${name.padEnd(style.width)} |`;
  return style.color ? `\x1b[${colorCode}m${column}${RESET} ` : `${column} `;
}

/** A stable colour per process type, in order of first appearance; dynorun itself is bold. */
export function colorFor(type: string, types: readonly string[]): string {
  if (type === 'dynorun') return SYSTEM_COLOR;
  const index = types.indexOf(type);
  return String(COLORS[(index < 0 ? 0 : index) % COLORS.length]);
}

function clock(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

/** NO_COLOR wins, then FORCE_COLOR, then whether the output is a terminal. */
export function shouldColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}
