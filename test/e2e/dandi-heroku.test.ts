// DANDI's current Procfile, unmodified, in Heroku's log format and with the example's
// dynorun.yml: gunicorn is `up` only once it listens, celery once it prints `ready.`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli, type CliRun } from '../helpers/cli.js';
import { killAll, processesWithMarker } from '../helpers/processes.js';
import {
  copyExample,
  freePort,
  missingPrerequisites,
  startRedis,
  type RedisServer,
} from './dandi-helpers.js';

const skipReason = missingPrerequisites();
if (skipReason !== undefined) {
  console.warn(`Skipping the DANDI end-to-end test in Heroku format: ${skipReason}`);
}

describe.skipIf(skipReason !== undefined)('DANDI under --format heroku with dynorun.yml', () => {
  const marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
  let tmpDir = '';
  let redis: RedisServer | undefined;
  let run: CliRun;
  let webPort = 0;
  let answeredWhenUp = false;

  beforeAll(async () => {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'dynorun-dandi-heroku-'));
    redis = await startRedis(await freePort(), tmpDir);
    webPort = await freePort();
    // A copy: dandi.test.ts may run a formation in examples/dandi at the same time.
    const appDir = copyExample(tmpDir);
    const envFile = path.join(tmpDir, 'test.env');
    writeFileSync(
      envFile,
      [
        `CELERY_BROKER_URL=redis://127.0.0.1:${redis.port}/0`,
        `DATABASE_PATH=${path.join(tmpDir, 'db.sqlite3')}`,
        `CELERY_BEAT_SCHEDULE_FILENAME=${path.join(tmpDir, 'celerybeat-schedule')}`,
        marker,
        '',
      ].join('\n'),
    );
    run = startCli(
      [
        ...['start', '-f', '../shared/fixtures/dandi/Procfile', '-d', appDir],
        ...['-e', `${appDir}/.env,${envFile}`, '-p', String(webPort), '--format', 'heroku'],
        ...['-t', '10'],
      ],
      { cwd: ROOT },
    );
    await run.waitFor(/heroku\[web\.1\]: State changed from starting to up/, 60_000);
    answeredWhenUp = (await fetch(`http://127.0.0.1:${webPort}/`)).ok;
    await run.waitFor(/heroku\[worker\.1\]: State changed from starting to up/, 60_000);
    await run.waitFor(/heroku\[checksum-worker\.1\]: State changed from starting to up/, 60_000);
  }, 120_000);

  afterAll(() => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    killAll(processesWithMarker(marker));
    if (redis?.child.pid !== undefined) killAll([redis.child.pid]);
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  });

  it('runs the release as a one-off dyno named release.NNNN', () => {
    const text = run.stdout();
    expect(text).toMatch(/^\S+ app\[release\.\d{4}\]: .*Applying api\.0001_initial\.\.\. OK$/m);
    expect(text).toMatch(/heroku\[release\.\d{4}\]: Process exited with status 0/);
  });

  // gunicorn's own log lines travel through a pipe while readiness reads /proc, so the two
  // may arrive in either order; what must hold is that gunicorn answered when web was up.
  it('calls web up only once gunicorn listens, and it answers HTTP at that moment', () => {
    const lines = run.lines();
    const spawned = lines.findIndex((line) =>
      line.includes('heroku[web.1]: Starting process with command'),
    );
    const up = lines.findIndex((line) =>
      line.endsWith('heroku[web.1]: State changed from starting to up'),
    );

    expect(spawned).toBeGreaterThan(-1);
    expect(up).toBeGreaterThan(spawned);
    expect(answeredWhenUp).toBe(true);
  });

  it('calls a celery worker up only after its ready line', () => {
    const lines = run.lines();
    const ready = lines.findIndex((line) => /app\[worker\.1\]: .*celery@\S+ ready\./.test(line));
    const up = lines.findIndex((line) =>
      line.endsWith('heroku[worker.1]: State changed from starting to up'),
    );
    expect(ready).toBeGreaterThan(-1);
    expect(up).toBeGreaterThan(ready);
  });

  it('refuses to scale the beat-running worker above 1, saying why', async () => {
    const result = await runCli(['check', '-d', 'examples/dandi', '-m', 'worker=2'], { cwd: ROOT });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /formation asks for 2 "worker" dynos, but .*dynorun\.yml:\d+ sets max_instances: 1 for "worker" \(.*beat/,
    );
  });

  it('stops every dyno the way Heroku logs it, and leaves nothing behind', async () => {
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    const text = run.stdout();

    expect(code).toBe(143);
    for (const dyno of ['web.1', 'worker.1', 'checksum-worker.1']) {
      expect(text).toContain(`heroku[${dyno}]: Stopping all processes with SIGTERM`);
      expect(text).toMatch(new RegExp(`heroku\\[${dyno}\\]: Process exited with status \\d+`));
    }
    expect(processesWithMarker(marker)).toEqual([]);
  }, 60_000);
});
