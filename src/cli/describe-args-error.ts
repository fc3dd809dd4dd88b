// node:util's parseArgs explains a bad command line in its own words, over several lines
// and in terms of its API ("argument is ambiguous", "place it at the end after '--'").
// This puts the usual cases in dynorun's: one line that names the flag and what to write.

/** One line for a parseArgs error of `command` (`start`, `run` …). */
export function describeArgsError(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const flag = /^Option '([^']+?)(?: <value>)?'/.exec(message)?.[1];
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];

  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
    return `${command}: unknown option "${unknown}"; see dynorun ${command} --help`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    if (message.includes('argument missing')) return `${command}: ${flag} needs a value`;
    if (message.includes('does not take an argument')) {
      return `${command}: ${flag} takes no value`;
    }
    if (message.includes('ambiguous')) {
      const long = /use '(--[^=']+)=/.exec(message)?.[1] ?? flag;
      const how = `write a value that starts with "-" as ${long}=-…`;
      return `${command}: ${flag} needs a value; ${how}`;
    }
  }
  return `${command}: ${message.split('\n')[0]?.replace(/\. To specify.*$/s, '')}`;
}
