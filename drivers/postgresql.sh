#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# postgresql: the real postmaster in the foreground on a cluster initdb'ed into DIR for this
# case only (removed with DIR). PostgreSQL has no backlog setting: it passes
# min(MaxBackends * 2, PG_SOMAXCONN = 10000) in PG 15 (src/backend/libpq/pqcomm.c
# StreamServerPort; MaxBackends = max_connections + autovacuum_max_workers + 1 +
# max_worker_processes + max_wal_senders, src/backend/utils/init/postinit.c), so BACKLOG is
# max_connections, the knob that sets it. postgresql.conf is emptied: "default" is the compiled
# default (max_connections 100), not initdb's probe. The postmaster opens its listener before
# its startup process runs, and refuses to run as root: as root the driver runs it as the
# `postgres` user (Debian's package creates it), else `nobody`, owner of DIR.
# dynamic_shared_memory_type=mmap keeps the dynamic segments in DIR, not /dev/shm; the SysV
# interlock segment lives in the driver's own IPC namespace (driver_process_posix.cpp).
set -eu
backlog=$1 port=$2 dir=$3
bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/postgres" ] && [ -x "$candidate/initdb" ] && bin=$candidate
done
[ -n "$bin" ] || { echo "missing /usr/lib/postgresql/*/bin/postgres" >&2; exit 77; }
version=$("$bin/postgres" --version)
version=${version#*) }
echo "version ${version%% *}"
as=""
if [ "$(id -u)" = 0 ]; then
  user=postgres
  id -u "$user" >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir"
  as="setpriv --reuid=$user --regid=$(id -g "$user") --clear-groups --"
fi
$as "$bin/initdb" -D "$dir/data" --no-sync --auth=trust --username=postgres --no-instructions \
  --wal-segsize=1 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
: >"$dir/data/postgresql.conf"
set -- -D "$dir/data" -c listen_addresses=127.0.0.1 -p "$port" -k "$dir" -c dynamic_shared_memory_type=mmap
[ "$backlog" = default ] || set -- "$@" -c "max_connections=$backlog"
echo listening
exec $as "$bin/postgres" "$@"
