#!/bin/sh
# Starts or stops a throwaway redis-server for the example: loopback only, no
# persistence, pid file and working dir under .redis/ next to this script.
#
#   ./redis.sh start [PORT]   (default 6379; does nothing if PORT already answers PING)
#   ./redis.sh stop [PORT]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
action=${1:-}
port=${2:-6379}
state_dir="$here/.redis"
pid_file="$state_dir/redis-$port.pid"

answers_ping() {
  [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]
}

start() {
  if answers_ping; then
    echo "redis already answers on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$state_dir"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --daemonize yes --pidfile "$pid_file" --dir "$state_dir" \
    --logfile "$state_dir/redis-$port.log"
  tries=0
  until answers_ping; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo "no PING answer on 127.0.0.1:$port within 10 s; see $state_dir/redis-$port.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "redis is up on 127.0.0.1:$port (pid $(cat "$pid_file"))"
}

stop() {
  if [ ! -f "$pid_file" ]; then
    echo "no pid file $pid_file; nothing to stop"
    return 0
  fi
  pid=$(cat "$pid_file")
  if kill "$pid" 2>/dev/null; then
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
      tries=$((tries + 1))
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
  echo "redis on port $port stopped"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop [PORT]" >&2
    exit 2
    ;;
esac
