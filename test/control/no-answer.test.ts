// A control command never reports success without the formation's answer: a formation
// that closes the connection first, or stays silent past the deadline, is an error
// naming its socket, and a request that takes long is not mistaken for silence.
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES } from '../helpers/cli.js';
import {
  closeFakeSockets,
  dynorun,
  fakeControlSocket,
  killFormations,
  startFormation,
} from './control-helpers.js';

afterEach(() => {
  killFormations();
  closeFakeSockets();
});

// A socket where `dynorun start` would listen, served by `serve` instead of dynorun.
const fakeFormation = (serve: (socket: Socket) => void) =>
  fakeControlSocket({ Procfile: 'web: sleep 1000\n' }, serve);

const COMMANDS = [
  ['ps'],
  ['restart'],
  ['restart', 'web'],
  ['stop', 'web'],
  ['resume', 'web.1'],
  ['scale', 'web=2'],
  ['logs'],
  ['logs', '--tail'],
];

async function runAll(cwd: string) {
  return Promise.all(COMMANDS.map((args) => dynorun(cwd, args)));
}

describe('a control command against a formation that does not answer', () => {
  it('gives up after 10 s of silence, naming the socket, and exits 1', async () => {
    const { cwd, path } = await fakeFormation((socket) => socket.resume());
    for (const result of await runAll(cwd)) {
      expect(result.stderr).toBe(`dynorun: no answer from the formation at ${path} within 10 s\n`);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
    }
  });

  it.each([
    ['once it has read the request', (socket: Socket) => socket.once('data', () => socket.end())],
    ['as soon as it accepts', (socket: Socket) => socket.destroy()],
  ])('exits 1 when the connection closes %s', async (_when, serve) => {
    const { cwd, path } = await fakeFormation(serve);
    for (const result of await runAll(cwd)) {
      const closed = `no answer from the formation at ${path}: it closed the connection`;
      expect(result.stderr).toBe(`dynorun: ${closed}\n`);
      expect(result.code).toBe(1);
    }
  });
});

describe('a control command against a real formation', () => {
  const IGNORES_TERM = `web: sh ${PROCESSES}/ignore-term.sh\n`;

  it('exits 1 when dynorun is killed while it works on the request', async () => {
    const { run, cwd } = startFormation({ Procfile: IGNORES_TERM }, ['-t', '20']);
    await run.waitFor(/web\.1 +\| ignoring TERM/);
    const stop = dynorun(cwd, ['stop', 'web']);
    await run.waitFor(/stopping web on request/);
    run.child.kill('SIGKILL');

    const result = await stop;
    const path = join(cwd, '.dynorun', 'control.sock');
    expect(result.stderr).toBe(
      `dynorun: no answer from the formation at ${path}: it closed the connection\n`,
    );
    expect(result.code).toBe(1);
  });

  it('waits as long as the formation works on the request, past 10 s', async () => {
    const { run, cwd } = startFormation({ Procfile: IGNORES_TERM }, ['-t', '12']);
    await run.waitFor(/web\.1 +\| ignoring TERM/);
    const result = await dynorun(cwd, ['stop', 'web']);

    expect(result.stdout).toBe('stopped web.1\n');
    expect(result.code).toBe(0);
    expect(run.stdout()).toMatch(/sending SIGKILL to \d+ process(es)? still running after 12 s/);
  }, 40_000);
});
