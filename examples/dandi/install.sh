#!/bin/sh
# Installs the Debian packages the example runs on. Safe to run again: it
# returns at once when everything is already installed.
set -eu

packages="gunicorn celery python3-django python-is-python3 python3-redis redis-server"

missing=""
for package in $packages; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing="$missing $package"
done

if [ -z "$missing" ]; then
  echo "all packages present: $packages"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1; then
  as_root="sudo"
else
  echo "need root (or sudo) to install:$missing" >&2
  exit 1
fi

apt_get() {
  # env, because sudo drops DEBIAN_FRONTEND from the environment
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

echo "installing:$missing"
# Refresh the package lists only when they have never been fetched, or when the
# install fails on stale ones.
lists=$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)
[ -n "$lists" ] || apt_get update
# shellcheck disable=SC2086
if ! apt_get install -y --no-install-recommends $missing; then
  apt_get update
  apt_get install -y --no-install-recommends $missing
fi
