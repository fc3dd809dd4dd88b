// A formation survives being written and read back: parseFormation(formatFormation(m))
// is m for every complete formation, and formatFormation(parseFormation(spec)) is a
// canonical spec that reads back as the same formation however the spec was written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormationError } from '../../src/errors.js';
import { formatFormation, MAX_DYNOS_PER_TYPE, parseFormation } from '../../src/plan/formation.js';

// Procfile type names (never `release`, which buildPlan keeps out of the types).
const typeName = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/).filter((name) => name !== 'release');
const types = fc.uniqueArray(typeName, { minLength: 1, maxLength: 8 });
const count = fc.nat(MAX_DYNOS_PER_TYPE);
const formation = types.chain((names) =>
  fc.array(count, { minLength: names.length, maxLength: names.length }).map((counts) => {
    const byName = new Map(names.map((name, i) => [name, counts[i] ?? 0]));
    return { names, counts: byName };
  }),
);

// A valid spec for `names`: some of them, maybe `all=N`, in any order, with spaces.
const spec = types.chain((names) =>
  fc
    .tuple(
      fc.subarray([...names.filter((name) => name !== 'all'), 'all']),
      fc.array(count, { minLength: names.length + 1, maxLength: names.length + 1 }),
      fc.array(fc.constantFrom('', ' ', '\t'), { minLength: 3, maxLength: 3 }),
    )
    .chain(([named, counts, [a = '', b = '', c = '']]) =>
      fc.shuffledSubarray(named, { minLength: named.length }).map((order) => ({
        names,
        text: order.map((name, i) => `${a}${name}${b}=${c}${counts[i] ?? 0}`).join(','),
      })),
    ),
);

// Arbitrary text, and text made of the characters a spec is made of.
const specLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'web=all,0129 -_\t'), maxLength: 40 }),
);

describe('formation round trips', () => {
  it('reads back every complete formation it writes', () => {
    fc.assert(
      fc.property(formation, ({ names, counts }) => {
        expect(parseFormation(formatFormation(counts), names)).toEqual(counts);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes any valid spec as a canonical one that reads back the same', () => {
    fc.assert(
      fc.property(spec, ({ names, text }) => {
        const parsed = parseFormation(text, names);
        const canonical = formatFormation(parsed);
        expect([...parsed.keys()]).toEqual(names);
        expect(parseFormation(canonical, names)).toEqual(parsed);
        expect(formatFormation(parseFormation(canonical, names))).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but a FormationError on any text', () => {
    fc.assert(
      fc.property(specLike, types, (text, names) => {
        try {
          parseFormation(text, names);
        } catch (error) {
          expect(error).toBeInstanceOf(FormationError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
