// The programmatic API, for test harnesses and tools that embed dynorun:
//
//   const formation = await buildPlan({ procfile: 'Procfile', formation: 'web=2' });
//   const supervisor = new Supervisor({ formation, sinks: [mySink] });
//   const done = supervisor.run();
//   ...
//   const exitCode = await supervisor.stop({ signal: 'SIGTERM' });
export { buildPlan } from './plan/build-plan.js';
export { parseProcfile } from './procfile/parse.js';
export { loadProcfile } from './procfile/load.js';
export { parseEnv } from './env/parse.js';
export { loadEnv } from './env/load.js';
export { parseFormation, formatFormation } from './plan/formation.js';
export { parseSettings } from './settings/parse-settings.js';
export { loadSettings } from './settings/load-settings.js';
export { resolveSettings } from './settings/resolve-settings.js';
export { describeSettings } from './settings/describe-settings.js';
export { DEFAULT_SETTINGS, defaultSettings } from './settings/default-settings.js';
export { parseDuration, formatDuration } from './settings/parse-duration.js';
export { parseSize, formatSize } from './settings/parse-size.js';
export { Supervisor, type SupervisorOptions } from './supervisor/supervisor.js';
export { Dyno } from './supervisor/dyno.js';
export { DEFAULT_RESTART, decideRestart, restartDelayMs } from './supervisor/restart-policy.js';
export type { RestartOptions, RestartDecision, ExitStatus } from './supervisor/restart-policy.js';
export { ConsoleWriter } from './logging/console-writer.js';
export { lifecycleMessage } from './logging/lifecycle-message.js';
export type * from './logging/supervisor-event.js';
export type * from './types.js';
export * from './errors.js';

import { Supervisor, type SupervisorOptions } from './supervisor/supervisor.js';

/** Creates a supervisor; the same as `new Supervisor(options)`. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new Supervisor(options);
}
