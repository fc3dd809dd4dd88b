// Usage texts, one per command.

const PLAN_FLAGS = `  -f, --procfile FILE   Procfile to read (default: Procfile)
  -d, --dir DIR         app directory, where processes run (default: the Procfile's)
  -e, --env FILES       env files, comma-separated, later wins (default: .env if present)
  -p, --port N          base port (default: PORT from the env files, else 5000)`;

export const HELP: Record<string, string> = {
  main: `Usage: dynorun <command> [options]

Runs a Procfile the way Heroku's dyno manager does.

Commands:
  start [TYPE...]   run the release phase, then the formation (default command)
  check [TYPE...]   validate the Procfile and env files, print the plan
  run COMMAND...    run a one-off command with the app's environment

Run 'dynorun <command> --help' for a command's options.
  -h, --help        show this help
  -v, --version     print the version`,

  start: `Usage: dynorun start [options] [TYPE...]

Runs 'release' to completion (if the Procfile has one), then every process type, or only
the TYPEs named. Ctrl-C, SIGTERM or SIGHUP stop everything: SIGTERM to every process, the
grace period, then SIGKILL. A second Ctrl-C kills at once.

${PLAN_FLAGS}
  -m, --formation SPEC  instances per type: web=2,worker=1, all=N, type=0 (default: all=1)
  -t, --timeout SECS    grace period between SIGTERM and SIGKILL (default: 30)
      --no-release      skip the release phase
      --restart POLICY  always | on-failure | never (default: always)
      --max-restarts N  give a dyno up after N restarts in a row (default: no limit)
      --exit-on-crash   any exit stops everything; dynorun exits with that code
      --no-timestamp    leave the time out of each line
  -h, --help            show this help`,

  check: `Usage: dynorun check [options] [TYPE...]

Validates the Procfile and env files and prints the plan: dyno names, ports and commands.
Values from env files are never printed.

${PLAN_FLAGS}
  -m, --formation SPEC  instances per type, as for start
  -h, --help            show this help`,

  run: `Usage: dynorun run [options] COMMAND [ARGS...]

Runs a one-off command in the app directory with the app's environment (DYNO=run.1),
attached to the terminal; exits with the command's exit code. 'dynorun run web' runs the
web type's Procfile command; a single argument runs through /bin/sh -c.

${PLAN_FLAGS}
  -h, --help            show this help`,
};
