#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# php-fpm: pool `listen.backlog` (sapi/fpm/fpm/fpm_sockets.h FPM_BACKLOG_DEFAULT: 511, -1 on
# Linux since PHP 8.2 or so: docs/runtimes.md). The real server in the foreground (-F), as root
# (-R) with a static pool of one child; the worker stops the group (SIGSTOP) before the flood.
set -eu
backlog=$1 port=$2 dir=$3
fpm=""
for candidate in /usr/sbin/php-fpm*; do
  [ -x "$candidate" ] && fpm=$candidate && break
done
[ -n "$fpm" ] || { echo "missing /usr/sbin/php-fpm*" >&2; exit 77; }
version=$("$fpm" -v | head -n 1)
version=${version#PHP }
echo "version ${version%% *}"
{
  echo "[global]"
  echo "pid = $dir/php-fpm.pid"
  echo "error_log = $dir/php-fpm.log"
  echo "daemonize = no"
  echo "[pool]"
  echo "user = root"
  echo "listen = 127.0.0.1:$port"
  [ "$backlog" = default ] || echo "listen.backlog = $backlog"
  echo "pm = static"
  echo "pm.max_children = 1"
} > "$dir/php-fpm.conf"
echo listening
exec "$fpm" -F -R -y "$dir/php-fpm.conf"
