#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# redis: `tcp-backlog` (src/config.c: default 511; src/anet.c anetListen: listen(s, backlog)).
# The real server in the foreground, nothing persisted; the worker stops it (SIGSTOP) before the
# flood, so its event loop never accepts.
set -eu
backlog=$1 port=$2 dir=$3
redis=/usr/bin/redis-server
[ -x "$redis" ] || { echo "missing $redis" >&2; exit 77; }
version=$("$redis" --version)
version=${version#*v=}
echo "version ${version%% *}"
set -- --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" --daemonize no \
  --logfile "$dir/redis.log" --protected-mode no
[ "$backlog" = default ] || set -- "$@" --tcp-backlog "$backlog"
echo listening
exec "$redis" "$@"
