#!/bin/sh
# One command from a fresh clone to the DANDI example running under dynorun:
# Debian packages, npm packages, a build, a loopback Redis, then `dynorun start`.
# Ctrl-C stops the formation; the Redis this script started is stopped with it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

"$here/install.sh"
(cd "$root" && npm ci --no-audit --no-fund && npm run build)

port=${REDIS_PORT:-6379}
started_redis=no
if ! [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
  "$here/redis.sh" start "$port"
  started_redis=yes
fi
stop_redis() {
  [ "$started_redis" = yes ] && "$here/redis.sh" stop "$port" || true
}
trap stop_redis EXIT
trap 'exit 130' INT TERM HUP

cd "$here"
status=0
"$root/bin/dynorun.js" start "$@" || status=$?
exit "$status"
