// Which dynos a control request names: one dyno (`web.1`), every dyno of a process type
// (`web`), or every dyno when the target is undefined.
import { ControlError } from '../errors.js';

interface Named {
  name: string;
  spec: { type: string; index: number };
}

/** `types`: the Procfile's process types, to tell "none running" from "no such type". */
export function selectDynos<T extends Named>(
  dynos: T[],
  target: string | undefined,
  types: string[],
): T[] {
  const sorted = [...dynos].sort((a, b) => order(a, types) - order(b, types));
  if (target === undefined) return sorted;

  const selected = sorted.filter((dyno) => dyno.name === target || dyno.spec.type === target);
  if (selected.length > 0) return selected;
  if (types.includes(target)) {
    throw new ControlError(`no "${target}" dyno is running; 'dynorun scale ${target}=1' adds one`);
  }
  const running = sorted.map((dyno) => dyno.name).join(', ') || '(none)';
  throw new ControlError(`no dyno or process type "${target}"; dynos: ${running}`);
}

// Procfile order of types, then instance number.
function order(dyno: Named, types: string[]): number {
  return types.indexOf(dyno.spec.type) * 1000 + dyno.spec.index;
}
