// Checks on the host once the plan is built, before the release or any dyno starts, so
// that a problem the first dyno would only meet at spawn (and again at every restart)
// stops dynorun with one message instead:
//
// - every command's program exists and is executable (see command-program.ts for which
//   commands can be checked, find-program.ts for the lookup);
// - every dyno's PORT is free (check-ports-free.ts).
//
// Only the types that will run are checked, the release included when it runs.
import { ProcfileError } from '../errors.js';
import { displayPath } from '../read-input-file.js';
import type { Formation, ProcfileEntry } from '../types.js';
import { checkPortsFree } from './check-ports-free.js';
import { commandProgram } from './command-program.js';
import { findProgram, type ProgramLookup } from './find-program.js';

export async function preflight(formation: Formation): Promise<void> {
  await checkPrograms(formation);
  await checkPortsFree(formation.dynos);
}

async function checkPrograms(formation: Formation): Promise<void> {
  // `.profile.d/*.sh` and `.profile` are sourced before each command and may change PATH
  // (a buildpack's profile script usually does), the directory, or create the program:
  // with them a lookup here could refuse a command that would run, so none is made.
  if (formation.profileScripts.length > 0) return;
  const running = new Set(formation.dynos.map((dyno) => dyno.type));
  if (formation.release !== undefined) running.add(formation.release.type);
  const fileName = displayPath(formation.procfile);
  const where = { cwd: formation.cwd, path: formation.appEnv.PATH };

  // All lookups at once, one per program however many types run it; the first failure in
  // Procfile order is the one reported.
  const lookups = new Map<string, Promise<ProgramLookup>>();
  const checks = formation.processTypes.map((entry) => {
    const program = running.has(entry.name) ? commandProgram(entry.command) : undefined;
    if (program === undefined) return undefined;
    if (!lookups.has(program)) lookups.set(program, findProgram(program, where));
    return { entry, program, lookup: lookups.get(program) as Promise<ProgramLookup> };
  });
  for (const check of checks) {
    if (check === undefined) continue;
    const lookup = await check.lookup;
    if (!lookup.found) throw programError(fileName, check.entry, check.program, lookup);
  }
}

function programError(
  fileName: string,
  entry: ProcfileEntry,
  program: string,
  lookup: Exclude<ProgramLookup, { found: true }>,
): ProcfileError {
  const command = `process "${entry.name}": command "${program}"`;
  const searched = !program.includes('/');
  const problem =
    lookup.reason === 'not-executable'
      ? `is not executable${searched ? ` (${lookup.path})` : ''}`
      : `not found${searched ? ' on PATH' : ''}`;
  return new ProcfileError(fileName, entry.line, `${command} ${problem}`);
}
