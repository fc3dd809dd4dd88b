import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPortsFree } from '../../src/plan/check-ports-free.js';
import type { ProcessSpec } from '../../src/types.js';

let busy: Server;
let port = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  port = (busy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

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
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const dynos = [dyno('web.1', freePort), { name: 'worker.1' } as ProcessSpec];
    await expect(checkPortsFree(dynos, listening)).resolves.toBeUndefined();
  });
});
