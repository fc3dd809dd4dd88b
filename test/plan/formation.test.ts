import { describe, expect, it } from 'vitest';

import { formatFormation, parseFormation } from '../../src/plan/formation.js';

const types = ['web', 'worker', 'checksum-worker'];

describe('parseFormation', () => {
  it.each<[string | undefined, string]>([
    [undefined, 'web=1,worker=1,checksum-worker=1'],
    ['', 'web=1,worker=1,checksum-worker=1'],
    ['  ', 'web=1,worker=1,checksum-worker=1'],
    ['web=2', 'web=2,worker=1,checksum-worker=1'],
    ['web=2,worker=0', 'web=2,worker=0,checksum-worker=1'],
    [' web = 2 , worker=3 ', 'web=2,worker=3,checksum-worker=1'],
    ['all=2', 'web=2,worker=2,checksum-worker=2'],
    ['all=0,web=1', 'web=1,worker=0,checksum-worker=0'],
    ['web=1,all=0', 'web=1,worker=0,checksum-worker=0'],
    ['checksum-worker=3,web=2', 'web=2,worker=1,checksum-worker=3'],
    ['all=0', 'web=0,worker=0,checksum-worker=0'],
    ['web=007', 'web=7,worker=1,checksum-worker=1'],
    ['web=100', 'web=100,worker=1,checksum-worker=1'],
  ])('reads %j as %s', (spec, expected) => {
    expect(formatFormation(parseFormation(spec, types))).toBe(expected);
  });

  it('lists the types in the order they were given', () => {
    expect([...parseFormation('worker=2', ['b', 'worker', 'a']).keys()]).toEqual([
      'b',
      'worker',
      'a',
    ]);
  });

  const valid = 'valid types: web, worker, checksum-worker';
  it.each([
    ['wrker=1', `unknown process type "wrker" in formation; ${valid}`],
    ['web=1,Web=1', `unknown process type "Web" in formation; ${valid}`],
    ['release=1', '"release" runs once before the formation and cannot be scaled'],
    ['web', 'formation item "web" must be <type>=<count>'],
    ['=2', 'formation item "=2" must be <type>=<count>'],
    ['web=2,', 'formation item "" must be <type>=<count>'],
    ['web:2', 'formation item "web:2" must be <type>=<count>'],
    ['web=-1', 'count for "web" must be a non-negative integer, got "-1"'],
    ['web=1.5', 'count for "web" must be a non-negative integer, got "1.5"'],
    ['web=', 'count for "web" must be a non-negative integer, got ""'],
    ['web=two', 'count for "web" must be a non-negative integer, got "two"'],
    ['web=101', 'count for "web" is 101; at most 100 (ports are 100 apart per type)'],
    ['web=1,web=2', 'formation names "web" more than once'],
    ['all=1,all=2', 'formation names "all" more than once'],
  ])('rejects %j', (spec, message) => {
    const expected = expect.objectContaining({ name: 'FormationError', message });
    expect(() => parseFormation(spec, types)).toThrow(expected);
  });

  it('says when there are no types to name', () => {
    const message = 'unknown process type "web" in formation; valid types: (none)';
    const expected = expect.objectContaining({ message });
    expect(() => parseFormation('web=1', [])).toThrow(expected);
  });
});

describe('formatFormation', () => {
  it.each([
    [new Map<string, number>(), ''],
    [new Map([['web', 2]]), 'web=2'],
    [
      new Map([
        ['web', 0],
        ['checksum-worker', 3],
      ]),
      'web=0,checksum-worker=3',
    ],
  ])('writes %o as %j', (formation, expected) => {
    expect(formatFormation(formation)).toBe(expected);
  });

  it('round-trips through parseFormation', () => {
    const formation = new Map([
      ['web', 3],
      ['worker', 0],
      ['checksum-worker', 100],
    ]);
    expect(parseFormation(formatFormation(formation), types)).toEqual(formation);
  });
});
