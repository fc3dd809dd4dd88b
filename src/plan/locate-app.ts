// Where the Procfile and the app directory are, from `-f` and `-d`: the Procfile is `-f`
// (relative to the working directory), else `Procfile` in `-d`, else in the working
// directory; the app directory is `-d`, else the Procfile's directory. `dynorun start`
// plans from here, and `dynorun ps`, `logs`… find the running formation from here too.
import { dirname, join, resolve } from 'node:path';

export interface AppLocation {
  /** Absolute path of the Procfile. */
  procfile: string;
  /** The Procfile as messages name it: as the user wrote it. */
  display: string;
  /** Absolute path of the app directory. */
  appDir: string;
}

export function locateApp(options: { procfile?: string; dir?: string }): AppLocation {
  const { dir } = options;
  const fallback = dir === undefined ? 'Procfile' : join(dir, 'Procfile');
  const display = options.procfile ?? fallback;
  const procfile = resolve(display);
  const appDir = dir === undefined ? dirname(procfile) : resolve(dir);
  return { procfile, display, appDir };
}
