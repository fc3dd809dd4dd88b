// Ports in foreman's scheme: base + 100 per process type (in Procfile order, not
// counting `release`) + 1 per instance. With DANDI's Procfile `web.1` gets 5000 and
// `worker.1` 5100; foreman counts `release` as a type and gives `web.1` 5100.

import { FormationError } from '../errors.js';

export const DEFAULT_BASE_PORT = 5000;
export const MAX_PORT = 65535;

/** `typePosition` is 0-based, `instance` 1-based; `dyno` names the dyno in the error. */
export function portFor(
  base: number,
  typePosition: number,
  instance: number,
  dyno = `instance ${instance} of type #${typePosition + 1}`,
): number {
  const port = base + 100 * typePosition + (instance - 1);
  if (port > MAX_PORT) {
    const hint = `above ${MAX_PORT}; choose a lower base port than ${base}`;
    throw new FormationError(`port ${port} for ${dyno} is ${hint}`);
  }
  return port;
}
