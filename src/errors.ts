// Every error dynorun reports to a person is a DynorunError: the CLI prints its message
// (never a stack trace) and exits with its exitCode. Subclasses live with their area.

export type ErrorCode =
  | 'DYNORUN_PROCFILE'
  | 'DYNORUN_ENV'
  | 'DYNORUN_SETTINGS'
  | 'DYNORUN_FORMATION'
  | 'DYNORUN_USAGE'
  | 'DYNORUN_SPAWN'
  | 'DYNORUN_CONTROL';

export class DynorunError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

export class UsageError extends DynorunError {
  constructor(message: string) {
    super('DYNORUN_USAGE', message, { exitCode: 2 });
  }
}

// A Procfile, .env, settings file or formation problem found at a place in a file:
// `file:line: what is wrong`.
export class FileError extends DynorunError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(code: ErrorCode, file: string, line: number | undefined, problem: string) {
    super(code, line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}

export class ProcfileError extends FileError {
  constructor(file: string, line: number | undefined, problem: string) {
    super('DYNORUN_PROCFILE', file, line, problem);
  }
}

export class EnvFileError extends FileError {
  constructor(file: string, line: number | undefined, problem: string) {
    super('DYNORUN_ENV', file, line, problem);
  }
}

export class SettingsError extends FileError {
  constructor(file: string, line: number | undefined, problem: string) {
    super('DYNORUN_SETTINGS', file, line, problem);
  }
}

export class FormationError extends DynorunError {
  constructor(message: string) {
    super('DYNORUN_FORMATION', message);
  }
}

/** A request to a running formation that cannot be done, or no formation to ask. */
export class ControlError extends DynorunError {
  /** `exitCode` 2 for what the user must put right first (a file where the socket goes). */
  constructor(message: string, exitCode = 1) {
    super('DYNORUN_CONTROL', message, { exitCode });
  }
}
