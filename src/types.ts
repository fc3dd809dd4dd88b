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
  /** Undefined for the release phase. */
  port: number | undefined;
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
}
