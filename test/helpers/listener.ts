// A TCP listener on 127.0.0.1, for tests of ports that another program holds.
import { createServer } from 'node:net';

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/** Listens on a port the system picks, or on `port`. */
export async function listenOnLoopback(port = 0): Promise<Listener> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
