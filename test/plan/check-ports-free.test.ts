import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPortsFree } from '../../src/plan/check-ports-free.js';
import type { ProcessSpec } from '../../src/types.js';
import { listenOnLoopback, type Listener } from '../helpers/listener.js';

let busy: Listener;
let port = 0;
beforeAll(async () => {
  busy = await listenOnLoopback();
  port = busy.port;
});
afterAll(() => busy.close());

const dyno = (name: string, at: number) => ({ name, port: at }) as ProcessSpec;

// Linux reads /proc/net/tcp; elsewhere (null) each port is probed by listening on it.
describe.each([
  ['from /proc', undefined],
  ['by probing', null],
] as const)('checkPortsFree %s', (_how, listening) => {
  it('names the first dyno whose port another program listens on', async () => {
    const dynos = [dyno('web.1', port - 1), dyno('web.2', port), dyno('web.3', port + 1)];
    await expect(checkPortsFree(dynos, listening)).rejects.toThrow(
      `port ${port} for web.2 is already in use (another program listens on it)`,
    );
  });

  it('passes free ports and dynos without a port', async () => {
    const free = await listenOnLoopback();
    const freePort = free.port;
    await free.close();
    const dynos = [dyno('web.1', freePort), { name: 'worker.1' } as ProcessSpec];
    await expect(checkPortsFree(dynos, listening)).resolves.toBeUndefined();
  });
});
