// Runs DANDI Archive's own Procfiles, unmodified, against the miniature app in examples/dandi:
// release before the formation, PORT for web, each queue's task on the dyno that consumes it,
// a running task requeued at shutdown, and nothing left behind once dynorun exits.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startCli, type CliRun } from '../helpers/cli.js';
import { killAll, processesWithMarker } from '../helpers/processes.js';
import {
  describeProcesses,
  freePort,
  getJson,
  lineFrom,
  missingPrerequisites,
  parseLines,
  pollUntil,
  redisCli,
  startRedis,
  withDeadline,
  type RedisServer,
} from './dandi-helpers.js';

interface ProcfileCase {
  /** File name under ../shared/fixtures/dandi/. */
  procfile: string;
  /** The signal sent to dynorun at the end of the run. */
  stopSignal: 'SIGINT' | 'SIGTERM';
  /** Each queue the Procfile consumes → the dyno that must run its tasks. */
  consumers: Record<string, string>;
}

const checksumQueues = {
  celery: 'worker.1',
  calculate_sha256: 'checksum-worker.1',
  ingest_zarr_archive: 'checksum-worker.1',
};

const cases: ProcfileCase[] = [
  { procfile: 'Procfile', stopSignal: 'SIGINT', consumers: checksumQueues },
  {
    procfile: 'Procfile.2025-with-analytics',
    stopSignal: 'SIGTERM',
    consumers: { ...checksumQueues, 's3-log-processing': 'analytics-worker.1' },
  },
  // Short -Q/-B flags, and mingle and gossip left on.
  {
    procfile: 'Procfile.2023',
    stopSignal: 'SIGTERM',
    consumers: { ...checksumQueues, 's3-log-processing': 'analytics-worker.1' },
  },
];

const markerName = 'DYNORUN_TEST_RUN';
const anyFormationDyno = /\b(web|worker|checksum-worker|analytics-worker)\.\d+\b/;

const skipReason = missingPrerequisites();
if (skipReason !== undefined) console.warn(`Skipping the DANDI end-to-end test: ${skipReason}`);

for (const testCase of cases) {
  describe.skipIf(skipReason !== undefined)(`DANDI's ${testCase.procfile} under dynorun`, () => {
    const marker = `${markerName}=${randomUUID()}`;
    const workerDynos = [...new Set(Object.values(testCase.consumers))];
    const formation = ['web.1', ...workerDynos];
    let tmpDir = '';
    let redis: RedisServer | undefined;
    let run: CliRun | undefined;
    let webPort = 0;

    function started(): CliRun {
      if (!run) throw new Error('dynorun was not started');
      return run;
    }

    function recentOutput(): string {
      const stdout = started().lines().slice(-40).join('\n');
      return `--- last stdout lines:\n${stdout}\n--- stderr:\n${started().stderr().slice(-2000)}`;
    }

    async function enqueue(queue: string, query = ''): Promise<string> {
      const url = `http://127.0.0.1:${webPort}/api/enqueue/${queue}/?${query}`;
      const body = (await getJson(url, { method: 'POST' })) as { task_id: string };
      return body.task_id;
    }

    beforeAll(async () => {
      const startedAt = Date.now();
      tmpDir = mkdtempSync(path.join(os.tmpdir(), 'dynorun-dandi-'));
      redis = await startRedis(await freePort(), tmpDir);
      webPort = await freePort();

      const envFile = path.join(tmpDir, 'test.env');
      const overrides = [
        `CELERY_BROKER_URL=redis://127.0.0.1:${redis.port}/0`,
        `DATABASE_PATH=${path.join(tmpDir, 'db.sqlite3')}`,
        `CELERY_BEAT_SCHEDULE_FILENAME=${path.join(tmpDir, 'celerybeat-schedule')}`,
        marker,
      ];
      writeFileSync(envFile, overrides.map((line) => `${line}\n`).join(''));

      const args = [
        ...['start', '-f', `../shared/fixtures/dandi/${testCase.procfile}`, '-d', 'examples/dandi'],
        ...['-e', `examples/dandi/.env,${envFile}`, '-p', String(webPort), '--no-timestamp'],
        // Under REMAP_SIGTERM the beat process that `--beat` forks ignores SIGTERM and outlives
        // its worker until the SIGKILL that ends the grace period. 10 s instead of the default
        // 30 s keeps the run short and still leaves the cold shutdown (about 2 s) ample time.
        ...['-t', '10'],
      ];
      run = startCli(args, { cwd: ROOT });
      await pollUntil(
        `gunicorn to answer on 127.0.0.1:${webPort}`,
        60_000,
        async () => (await fetch(`http://127.0.0.1:${webPort}/`)).ok || undefined,
        recentOutput,
      );
      const current = run;
      const ready = (dyno: string) => current.waitFor(lineFrom(dyno, ' ready.'), 60_000);
      await Promise.all(workerDynos.map(ready));
      console.info(`${testCase.procfile}: formation ready in ${Date.now() - startedAt} ms`);
    }, 120_000);

    afterAll(async () => {
      if (run && run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
      killAll(processesWithMarker(marker));
      if (redis?.child.pid !== undefined) killAll([redis.child.pid]);
      if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
    }, 30_000);

    it('runs release (migrate) to completion before any formation process starts', () => {
      const lines = parseLines(started().lines());
      const migrated = lines.find(
        (line) => line.name === 'release' && /Applying api\.0001_initial\.\.\. OK/.test(line.text),
      );
      const releaseDone = lines.find(
        (line) =>
          line.name === 'dynorun' &&
          /\brelease\b/.test(line.text) &&
          /succe|exit|finish|complete/i.test(line.text),
      );
      const firstFormationLine = lines.find(
        (line) =>
          formation.includes(line.name) ||
          (line.name === 'dynorun' && anyFormationDyno.test(line.text)),
      );
      const lastReleaseLine = lines.filter((line) => line.name === 'release').at(-1);

      expect(migrated, 'migrate output under the release prefix').toBeDefined();
      expect(releaseDone, 'a dynorun line saying that release ended').toBeDefined();
      expect(firstFormationLine).toBeDefined();
      expect(migrated!.index).toBeLessThan(releaseDone!.index);
      expect(lastReleaseLine!.index).toBeLessThan(firstFormationLine!.index);
      expect(releaseDone!.index).toBeLessThan(firstFormationLine!.index);
      for (const dyno of formation) {
        expect(
          lines.some((line) => line.name === dyno),
          `a line from ${dyno}`,
        ).toBe(true);
      }
    });

    it("serves HTTP from gunicorn on web.1's PORT", async () => {
      const body = await getJson(`http://127.0.0.1:${webPort}/`);
      const listening = `Listening at: http://127.0.0.1:${webPort} `;

      expect(body).toMatchObject({ app: 'dandiapi', dyno: 'web.1' });
      expect(started().stdout()).toMatch(lineFrom('web.1', listening));
    });

    it('runs the task sent to each queue on the dyno that consumes that queue', async () => {
      const queues = Object.keys(testCase.consumers);
      const taskIds = await Promise.all(queues.map((queue) => enqueue(queue)));

      for (const [position, queue] of queues.entries()) {
        const taskId = taskIds[position]!;
        const expectedDyno = testCase.consumers[queue];
        const succeeded = await started().waitFor(
          lineFrom(undefined, `[${taskId}] succeeded`),
          30_000,
        );
        const recorded = await getJson(`http://127.0.0.1:${webPort}/api/runs/?task_id=${taskId}`);

        expect(succeeded[1], `the dyno that logged the ${queue} task's success`).toBe(expectedDyno);
        expect(recorded).toEqual({
          runs: [expect.objectContaining({ queue, dyno: expectedDyno, status: 'succeeded' })],
        });
      }
    }, 60_000);

    it(`requeues a running task and leaves no process behind after ${testCase.stopSignal}`, async () => {
      const current = started();
      const taskId = await enqueue('celery', 'task=slow&seconds=60');
      await current.waitFor(lineFrom('worker.1', `slow task ${taskId} sleeping`), 30_000);
      // The scan below must see the formation while it runs, or its empty result proves nothing.
      expect(processesWithMarker(marker).length).toBeGreaterThanOrEqual(formation.length);

      const signalledAt = Date.now();
      current.child.kill(testCase.stopSignal);
      const exit = await withDeadline(current.exited, 60_000, 'exit of dynorun');
      const leftovers = processesWithMarker(marker);
      console.info(`${testCase.procfile}: ${testCase.stopSignal} → exit ${JSON.stringify(exit)}`);
      console.info(`${testCase.procfile}: stopped in ${Date.now() - signalledAt} ms`);
      const stdout = current.stdout();

      expect(leftovers, `left over:\n${describeProcesses(leftovers)}\n${recentOutput()}`).toEqual(
        [],
      );
      expect(stdout, 'a dynorun line about sending SIGTERM').toMatch(
        lineFrom('dynorun', 'SIGTERM'),
      );
      expect(stdout).toMatch(lineFrom('worker.1', 'Restoring 1 unacknowledged message'));
      expect(Number(redisCli(redis!.port, 'LLEN', 'celery'))).toBeGreaterThanOrEqual(1);
      expect(redisCli(redis!.port, 'LRANGE', 'celery', '0', '-1')).toContain(`"id": "${taskId}"`);
    }, 90_000);
  });
}
