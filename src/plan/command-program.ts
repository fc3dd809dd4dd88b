// The program a Procfile command runs, when that can be read without a shell: the first
// word that is not a `VAR=value` assignment (DANDI's `REMAP_SIGTERM=SIGQUIT celery …`
// runs `celery`), past an `exec`. Anything the shell would transform first (`$VAR`,
// quotes, globs, `~`, `(`, `;`, `&&`, `|`, redirections) or a shell keyword or builtin
// gives undefined: the command is then left to the shell, unchecked.

// A word the shell passes through unchanged: no expansion, quoting or operator in it.
const PLAIN_WORD = /^[A-Za-z0-9_./+@%,:=-]+$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

// POSIX reserved words, and the builtins of dash and bash a command might start with.
const SHELL_WORDS = new Set(
  [
    '! { } [[ ]] case do done elif else esac fi for function if in select then',
    'time until while . : [ alias bg break builtin cd chdir command continue declare',
    'echo eval exit export false fg getopts hash jobs kill let local printf pwd read',
    'readonly return set shift source test times trap true type typeset ulimit umask',
    'unalias unset wait',
  ]
    .join(' ')
    .split(' '),
);

export function commandProgram(command: string): string | undefined {
  let afterExec = false;
  for (const word of command.trim().split(/[ \t]+/)) {
    if (!PLAIN_WORD.test(word)) return undefined;
    if (afterExec) return word.startsWith('-') ? undefined : word;
    if (ASSIGNMENT.test(word)) continue;
    // `exec gunicorn …` runs gunicorn in the shell's place; `exec -a name …` is skipped.
    if (word === 'exec') {
      afterExec = true;
      continue;
    }
    return SHELL_WORDS.has(word) || word.startsWith('-') ? undefined : word;
  }
  return undefined;
}
