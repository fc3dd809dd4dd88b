// Which dynos a control request names: one dyno (`web.1`), every dyno of a process type
// (`web`), or every dyno when the target is undefined. A name the formation does not know
// is a usage error (exit 2, as for `logs --dyno` and `scale`) that lists the valid ones.
import { ControlError, UsageError } from '../errors.js';

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
  const dynoNames = sorted.map((dyno) => dyno.name).join(', ') || '(none)';
  const valid = `dynos: ${dynoNames}; types: ${types.join(', ')}`;
  throw new UsageError(`no dyno or process type "${target}"; ${valid}`);
}

// Procfile order of types, then instance number.
function order(dyno: Named, types: string[]): number {
  return types.indexOf(dyno.spec.type) * 1000 + dyno.spec.index;
}
