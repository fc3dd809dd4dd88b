// Usage texts, one per command.

const CONTROL_FLAGS = `  -f, --procfile FILE   the Procfile of the running app (default: Procfile)
  -d, --dir DIR         its app directory (default: the Procfile's)
      --app DIR         the app directory of the running formation
  -h, --help            show this help`;

const PLAN_FLAGS = `  -f, --procfile FILE   Procfile to read (default: Procfile)
  -d, --dir DIR         app directory, where processes run (default: the Procfile's)
  -e, --env FILES       env files, comma-separated, later wins (default: .env if present)
  -p, --port N          base port (default: PORT from the env files, else 5000)
      --no-profile      do not source .profile.d/*.sh and .profile before commands`;

const SETTINGS_FLAGS = `\
  -m, --formation SPEC  instances per type: web=2,worker=1, all=N, type=0 (default all=1)
  -s, --settings FILE   per-type settings (default: dynorun.yml in the app directory)
  -t, --timeout DUR     grace period between the stop signal and SIGKILL (default: 30s)
      --restart POLICY  always | on-failure | never (default: always)
      --max-restarts N  give a dyno up after N restarts in a row (default: no limit)
      --boot-timeout DUR  time to become ready before R10 (default: 60s)
      --memory-quota SIZE  R14 above it, R15 and a restart above twice it (default: none)
      --cycle DUR       replace each dyno after DUR plus jitter (default: never)
      --release-timeout DUR  the release fails after DUR (default: 1h)`;

export const HELP: Record<string, string> = {
  main: `Usage: dynorun <command> [options]

Runs a Procfile the way Heroku's dyno manager does.

Commands:
  start [TYPE...]   run the release phase, then the formation (default command)
  check [TYPE...]   validate the Procfile and env files, print the plan
  run COMMAND...    run a one-off command with the app's environment

Commands for a running formation (found from the Procfile's app directory, or --app DIR):
  ps                every dyno: state, pid, uptime, restarts, port, CPU, memory
  restart [TARGET]  replace a dyno, a type's dynos one at a time, or every dyno
  stop TARGET       stop a dyno or a type's dynos; they stay in the formation, down
  resume TARGET     start stopped dynos again
  scale TYPE=N...   change the formation live: dynorun scale web=3 worker=0
  logs              recent lines; --tail to follow

Run 'dynorun <command> --help' for a command's options.
  -h, --help        show this help
  -v, --version     print the version`,

  start: `Usage: dynorun start [options] [TYPE...]

Runs 'release' to completion (if the Procfile has one), then every process type, or only
the TYPEs named. Ctrl-C, SIGTERM or SIGHUP stop everything: SIGTERM to every process, the
grace period, then SIGKILL. A second Ctrl-C kills at once.

'dynorun ps', 'restart', 'stop', 'resume', 'scale' and 'logs' reach the formation through
a Unix socket only its user may use: <app dir>/.dynorun/control.sock, or, when that path
is over 100 bytes or the app directory is not writable, $XDG_RUNTIME_DIR/dynorun/<hash>.sock,
else /tmp/dynorun-<uid>/<hash>.sock ($TMPDIR/dynorun-<uid>/ only if /tmp is unusable).
Something other than a dynorun's socket at that path is never removed: start refuses to
run.

${PLAN_FLAGS}
${SETTINGS_FLAGS}
      --no-release      skip the release phase
      --exit-on-crash   any exit stops everything; dynorun exits with that code
      --heroku-env      give PORT to web dynos only, as Heroku does

Output:
      --format FMT      foreman (prefixed columns) | heroku ('heroku logs' lines)
      --no-timestamp    leave the time out of each line
      --log-format FMT  text | json (JSON lines on stdout instead of text) (default: text)
      --log-dir DIR     also write DIR/<dyno>.log and DIR/dynorun.log, rotated by size
      --log-max-size SIZE  rotate a log file before it passes SIZE (default: 10M)
      --log-files N     files kept per log, the live one included (default: 5)
      --log-buffer N    lines kept in memory for 'dynorun logs' (default: 1500)
      --metrics         print each dyno's memory and the load at every sample
      --metrics-interval DUR  how often memory is sampled (default: 5s)
      --on-event CMD    run CMD (sh -c) on a crash, restart loop, R10, R14/R15 or failed release
      --alert-interval DUR  at most one alert per event and dyno per DUR (default: 60s)
  -h, --help            show this help

DUR is 500ms, 30s, 5m, 24h or a number of seconds; SIZE is 512M, 1.5G or a number of bytes.`,

  check: `Usage: dynorun check [options] [TYPE...]

Validates the Procfile, env files and settings file and prints the plan: dyno names, ports,
commands, and every type's effective settings with where each came from. Values from env
files are never printed.

${PLAN_FLAGS}
${SETTINGS_FLAGS}
      --heroku-env      give PORT to web dynos only, as Heroku does
  -h, --help            show this help`,

  run: `Usage: dynorun run [options] COMMAND [ARGS...]

Runs a one-off command in the app directory with the app's environment, attached to the
terminal; exits with the command's exit code. 'dynorun run web' runs the web type's
Procfile command; a single argument runs through /bin/sh -c. While 'dynorun start' runs
for the app, the one-off is named by it (DYNO=run.1, run.2, ...) and listed by 'dynorun
ps'; otherwise it is run.1.

${PLAN_FLAGS}
  -h, --help            show this help`,

  ps: `Usage: dynorun ps [options]

Shows every dyno of the formation running for this app: state, pid, uptime, restarts,
port, and the CPU and memory of its whole process tree (CPU measured over 250 ms). One-off
dynos of 'dynorun run' (run.1, run.2, ...) are listed while they run.

      --json            print JSON: {"dynos": [...]}
${CONTROL_FLAGS}`,

  restart: `Usage: dynorun restart [options] [TARGET]

Gives a dyno (web.1), every dyno of a type (web), or every dyno (no TARGET) a fresh process.
A type's dynos are replaced one at a time, each new one up before the next is stopped.
Dynos stopped with 'dynorun stop' start again. A restart, stop, resume or scale still at
work on the same type goes first.

${CONTROL_FLAGS}`,

  stop: `Usage: dynorun stop [options] TARGET

Stops a dyno (web.1) or every dyno of a type (web) gracefully. They stay in the formation,
down, until 'dynorun resume' or 'dynorun restart'; the rest of the formation runs on.

${CONTROL_FLAGS}`,

  resume: `Usage: dynorun resume [options] TARGET

Starts again a dyno (web.1) or the dynos of a type (web) that 'dynorun stop' stopped or
that were given up after their restarts; returns once they are up.

${CONTROL_FLAGS}`,

  scale: `Usage: dynorun scale [options] TYPE=N...

Changes the running formation: dynorun scale web=3 worker=0 (or all=N). New dynos get the
next numbers and ports; removed ones stop gracefully, highest number first.

${CONTROL_FLAGS}`,

  logs: `Usage: dynorun logs [options]

Prints the recent lines of the running formation, as its own output shows them. A
--tail ends when the formation stops (exit 0), or, 8 MiB behind, is dropped (exit 1).

  -n, --num N           how many lines (default: 100; up to the last 1,500 are kept)
  -t, --tail            keep printing new lines as they come
      --dyno DYNO       only this dyno's lines (web.1)
      --type TYPE       only this type's lines (worker)
      --source SOURCE   app (process output) or dynorun (dynorun's own lines)
      --format FORMAT   foreman or heroku (default: foreman)
      --no-timestamp    leave the time out of each line
${CONTROL_FLAGS}`,
};
