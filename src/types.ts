// The plan: what `dynorun check` prints and what the supervisor runs. Built by pure
// functions from the Procfile, env files and flags; nothing below the plan parses text again.

export type Env = Record<string, string>;

export interface ProcfileEntry {
  /** Process type, `[A-Za-z0-9_-]+`. */
  name: string;
  command: string;
  /** 1-based line number in the Procfile. */
  line: number;
}

export type RestartPolicy = 'never' | 'on-failure' | 'always';

export interface ProcessSpec {
  /** `web.1`, or `release` for the release phase, `run.1` for a one-off. */
  name: string;
  /** Process type from the Procfile (`web`). */
  type: string;
  /** 1-based instance number within its type. */
  index: number;
  command: string;
  cwd: string;
  /** Complete environment of the process: inherited, env files, PORT, DYNO, PS. */
  env: Env;
  /** Undefined for the release phase, and for non-web dynos with `herokuEnv`. */
  port: number | undefined;
  /** Effective settings of the process type (defaults, settings file, flags). */
  settings: TypeSettings;
  /** Where each setting came from. */
  sources: SettingSources;
  /**
   * `.profile.d/*.sh` sorted by name, then `.profile`: absolute paths of the scripts to
   * source before the command (Heroku's startup). Empty with `profile: false`.
   */
  profileScripts: string[];
  /** Kill the process after this long and count it failed: the release timeout. */
  timeoutMs?: number;
}

export interface Formation {
  procfile: string;
  cwd: string;
  /** The env files that were read, in order (later wins). */
  envFiles: string[];
  release: ProcessSpec | undefined;
  dynos: ProcessSpec[];
  /** Every Procfile entry, `release` included, in file order. */
  processTypes: ProcfileEntry[];
  /** Variables set by the env files (merged, later file wins). */
  fileEnv: Env;
  /** The environment every process starts from: inherited, then the env files. */
  appEnv: Env;
  /** The port of the first type's first dyno. */
  basePort: number;
  /** The settings file that was read, if any. */
  settingsFile: string | undefined;
  /** The settings file as messages name it (`dynorun.yml`, or as `--settings` gave it). */
  settingsFileName: string | undefined;
  /** `--heroku-env`: only `web` dynos get a `PORT`. */
  herokuEnv: boolean;
  /** The `.profile.d/*.sh` and `.profile` scripts every dyno sources (see ProcessSpec). */
  profileScripts: string[];
  /** How long the release phase may run (Heroku: 1 hour). */
  releaseTimeoutMs: number;
  /** The effective settings of every process type and their sources, for `dynorun check`. */
  settings: ResolvedSettings;
}

/** What `buildPlan` needs: the CLI flags of `dynorun start` / `check`, already parsed. */
export interface PlanOptions {
  /**
   * `-f`: the Procfile, relative to the process working directory.
   * @default `Procfile` in `dir` when `dir` is given, else in the working directory
   */
  procfile?: string;
  /**
   * `-d`: the app directory, working directory of every process.
   * @default the Procfile's directory
   */
  dir?: string;
  /**
   * `-e a.env,b.env`, already split on commas, relative to the process working directory.
   * Later files win. An empty list reads no env file.
   * @default `.env` in the app directory, when it exists
   */
  envFiles?: string[];
  /**
   * `-p`: the base port.
   * @default `PORT` from the env files, else 5000 (the shell's `PORT` is ignored)
   */
  port?: number;
  /**
   * `-m web=2,worker=1` or `all=2`.
   * @default one dyno of each type
   */
  formation?: string;
  /** `dynorun start web worker`: run only these types. @default every type */
  only?: string[];
  /** `false` with `--no-release`. @default true */
  release?: boolean;
  /** The environment processes inherit. @default `process.env` */
  inherited?: Env;
  /**
   * `--settings FILE`: the per-type settings file, relative to the process working
   * directory. A file named here must exist.
   * @default `dynorun.yml` in the app directory, when it exists
   */
  settingsFile?: string;
  /**
   * Settings from command-line flags (`--boot-timeout 60s`…), applied to every type over
   * the settings file. @default none
   */
  settingsFlags?: SettingsFlags;
  /**
   * `--release-timeout`: kill the release after this long, over the file's
   * `types.release.timeout`. @default 1 hour (Heroku's)
   */
  releaseTimeoutMs?: number;
  /** `--heroku-env`: give `PORT` to `web` dynos only, as Heroku does. @default false */
  herokuEnv?: boolean;
  /** `false` with `--no-profile`: source no `.profile` / `.profile.d/*.sh`. @default true */
  profile?: boolean;
}

/** When a dyno counts as `up`. */
export type Readiness =
  /** As soon as its process has started. */
  | { kind: 'started' }
  /** Once a process of its tree listens on its PORT (Heroku's rule for `web`). */
  | { kind: 'port' }
  /** Once it prints a line matching this regular expression. */
  | { kind: 'log'; pattern: string }
  /** Once `GET http://127.0.0.1:$PORT<path>` answers 2xx. */
  | { kind: 'http'; path: string }
  /** Once this command (run through /bin/sh -c with the dyno's env) exits 0. */
  | { kind: 'command'; command: string };

/** Everything that can be tuned per process type, without touching the Procfile. */
export interface TypeSettings {
  restart: RestartPolicy;
  /** Restarts in a row before giving up; Infinity for no limit. */
  maxRestarts: number;
  stopSignal: NodeJS.Signals;
  graceMs: number;
  readiness: Readiness;
  /** R10 after this long without readiness. */
  bootTimeoutMs: number;
  /** R14 above, R15 (kill) above twice; undefined for no quota. */
  memoryQuotaBytes: number | undefined;
  /** Refuse formations above this; undefined for no limit. */
  maxInstances: number | undefined;
  /** Types that must be `up` before this type starts. */
  after: string[];
  /** Restart after this long plus jitter (Heroku's daily cycling); undefined for never. */
  cycleMs: number | undefined;
}

/** Where an effective setting came from, for `dynorun check`. */
export type SettingSource = 'default' | 'file' | 'flag';

export type SettingSources = { [K in keyof TypeSettings]: SettingSource };

/**
 * Settings from command-line flags, applied to every type. A field set to undefined counts
 * as not given. `after` has no flag: one list for every type would make each wait for itself.
 */
export type SettingsFlags = Partial<Omit<TypeSettings, 'after'>>;

/** The line of the settings file each setting taken from it was written on. */
export type SettingLines = { [K in keyof TypeSettings]?: number };

/** The effective settings of one process type and where each came from. */
export interface ResolvedTypeSettings {
  type: string;
  settings: TypeSettings;
  sources: SettingSources;
  lines: SettingLines;
  /**
   * The comment written beside or above `max_instances` in the settings file, if any: the
   * reason given when a formation asks for more.
   */
  maxInstancesReason?: string;
}

/** What the settings file, the flags and the defaults add up to. */
export interface ResolvedSettings {
  /** Every process type of the Procfile but `release`, in Procfile order. */
  types: ResolvedTypeSettings[];
  release: { timeoutMs: number; source: SettingSource; line: number | undefined };
}
