// Something that is not a dynorun listening where the control socket goes is neither
// taken for a running dynorun nor removed: start names what it found and starts nothing.
import { existsSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeFakeSockets,
  dynorun,
  fakeControlSocket,
  killFormations,
  startFormation,
  startIn,
} from './control-helpers.js';

afterEach(() => {
  killFormations();
  closeFakeSockets();
});

const SERVERS: [string, (socket: Socket) => void][] = [
  ['says nothing', (socket) => socket.resume()],
  ['closes at once', (socket) => socket.destroy()],
  ['answers garbage', (socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')],
  ['answers JSON without a pid', (socket) => socket.end('{"ok":true}\n')],
];

describe('start, with a socket that is not a dynorun at the control socket path', () => {
  it.each(SERVERS)('refuses, naming it, when it %s', async (_what, serve) => {
    const procfile = 'release: echo release-ran\nworker: sleep 1000\n';
    const { cwd, path } = await fakeControlSocket({ Procfile: procfile }, serve);

    const { run } = startIn(cwd);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toBe(
      `dynorun: something that is not a dynorun answers on ${path}; ` +
        'remove it if it is stale\n',
    );
    expect(run.stdout()).toBe('');
    expect(statSync(path).isSocket()).toBe(true);
    expect(existsSync(join(cwd, '.dynorun', 'run.json'))).toBe(false);
  });
});

describe('start, with a dynorun that cannot answer at the control socket path', () => {
  it('knows it from its run record, and names its pid', async () => {
    const { run, cwd } = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await run.waitFor(/worker\.1 is up/);
    run.child.kill('SIGSTOP');
    try {
      const second = await dynorun(cwd, ['start']);
      expect(second.stderr).toBe(
        `dynorun: dynorun is already running for ${cwd} (pid ${run.child.pid}); ` +
          "use 'dynorun ps' or stop it first\n",
      );
      expect(second.code).toBe(1);
    } finally {
      run.child.kill('SIGCONT');
    }
  });
});
