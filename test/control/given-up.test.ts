// A dyno given up after its restarts is told apart from one waiting to restart, since
// only `dynorun resume` (or `restart`) brings it back; with restarts off, dynorun says so.
import { afterEach, describe, expect, it } from 'vitest';
import { byName, dynorun, killFormations, ps, startFormation } from './control-helpers.js';

afterEach(killFormations);

describe('a dyno given up', () => {
  it('is `crashed (given up)` in ps, and givenUp in ps --json', async () => {
    const procfile = 'quiet: sleep 1000\nbad: exit 3\n';
    const { run, cwd } = startFormation({ Procfile: procfile }, ['--max-restarts', '0']);
    await run.waitFor(/bad\.1 will not be restarted: restarts are off \(max restarts 0\)\n/);
    await run.waitFor(/quiet\.1 is up/);

    const table = await dynorun(cwd, ['ps']);
    expect(table.stdout).toMatch(/^bad\.1 +crashed \(given up\) +- /m);
    expect(table.stdout).toMatch(/^quiet\.1 +up +\d+ /m);
    const dynos = await ps(cwd);
    expect(byName(dynos, 'bad.1')).toMatchObject({ state: 'crashed', givenUp: true });
    expect(byName(dynos, 'quiet.1')).toMatchObject({ state: 'up', givenUp: false });
  });
});
