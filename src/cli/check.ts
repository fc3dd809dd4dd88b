// `dynorun check`: validate the Procfile and env files and print the plan. Env values are
// never printed, only the names of the variables the env files set.
import type { Writable } from 'node:stream';
import { buildPlan } from '../plan/build-plan.js';
import { describeSettings } from '../settings/describe-settings.js';
import type { Formation } from '../types.js';
import { parseCommandArgs, planOptions, START_OPTIONS } from './options.js';

export async function checkCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, START_OPTIONS);
  if (values.help || values.version) {
    printHelp(values.version === true);
    return 0;
  }
  const formation = await buildPlan({ ...planOptions(values, positionals) });
  out.write(describePlan(formation).join('\n') + '\n');
  return 0;
}

export function describePlan(formation: Formation): string[] {
  const fileVariables = Object.keys(formation.fileEnv).sort();
  const lines = [
    `Procfile:  ${formation.procfile}`,
    `App dir:   ${formation.cwd}`,
    `Env files: ${formation.envFiles.length > 0 ? formation.envFiles.join(', ') : '(none)'}`,
  ];
  if (fileVariables.length > 0) lines.push(`Variables: ${fileVariables.join(', ')}`);
  lines.push('');

  const rows = [
    ...(formation.release ? [[formation.release.name, '', formation.release.command]] : []),
    ...formation.dynos.map((dyno) => [dyno.name, `PORT=${dyno.port}`, dyno.command]),
  ];
  if (rows.length === 0) return [...lines, 'Nothing to run: the formation is empty.'];

  const nameWidth = Math.max(...rows.map((row) => (row[0] as string).length));
  const portWidth = Math.max(...rows.map((row) => (row[1] as string).length));
  for (const [name, port, command] of rows) {
    lines.push(`${name?.padEnd(nameWidth)}  ${port?.padEnd(portWidth)}  ${command}`);
  }
  return [...lines, '', ...describeSettings(formation.settings, formation.settingsFile)];
}
