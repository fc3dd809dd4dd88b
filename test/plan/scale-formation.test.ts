// A live scale is checked like a formation at start, with the same messages.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build-plan.js';
import { specFor } from '../../src/plan/dyno-spec.js';
import { scaleFormation } from '../../src/plan/scale-formation.js';
import type { Formation } from '../../src/types.js';

let dir: string;
let formation: Formation;
const settings = 'types:\n  worker:\n    max_instances: 1 # runs beat\n';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynorun-scale-'));
  await writeFile(join(dir, 'Procfile'), 'release: m\nweb: w\nworker: k\nclock: c\n');
  await writeFile(join(dir, 'dynorun.yml'), settings);
  formation = await buildPlan({ dir, formation: 'clock=0', inherited: {} });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const current = new Map([
  ['web', 1],
  ['worker', 1],
]);

describe('scaleFormation', () => {
  it.each([
    ['web=3', { web: 3, worker: 1, clock: 0 }],
    ['web=3,worker=0', { web: 3, worker: 0, clock: 0 }],
    ['clock=2', { web: 1, worker: 1, clock: 2 }],
    ['all=1', { web: 1, worker: 1, clock: 1 }],
  ])('turns %s into every type’s count', (request, counts) => {
    expect(Object.fromEntries(scaleFormation(formation, current, request))).toEqual(counts);
  });

  it('refuses more dynos than max_instances, naming the line and the reason', () => {
    const limit = `${join(dir, 'dynorun.yml')}:3 sets max_instances: 1 for "worker" (runs beat)`;
    expect(() => scaleFormation(formation, current, 'worker=2')).toThrow(
      `formation asks for 2 "worker" dynos, but ${limit}`,
    );
  });

  it.each([
    ['web', 'formation item "web" must be <type>=<count>'],
    ['', 'scale needs <type>=<count> items, e.g. web=2 worker=1'],
    ['release=1', '"release" runs once before the formation and cannot be scaled'],
    ['api=1', 'unknown process type "api" in formation; valid types: web, worker, clock'],
  ])('refuses %j', (request, message) => {
    expect(() => scaleFormation(formation, current, request)).toThrow(message);
  });
});

describe('specFor', () => {
  it('builds the spec a dyno would have had at start: next port, DYNO, PS', () => {
    const spec = specFor(formation, 'web', 2);
    expect(spec).toMatchObject({ name: 'web.2', type: 'web', index: 2, port: 5001 });
    expect(spec.env).toMatchObject({ PORT: '5001', DYNO: 'web.2', PS: 'web.2' });
    expect(specFor(formation, 'clock', 1).port).toBe(5200);
    expect({ ...specFor(formation, 'web', 1), env: {} }).toEqual({
      ...formation.dynos[0],
      env: {},
    });
  });
});
