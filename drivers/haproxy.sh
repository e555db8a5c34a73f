#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# haproxy: `bind ... backlog N` (src/listener.c listener_backlog: the bind's backlog, else the
# frontend's, else the bind's maxconn, else the frontend's maxconn, else 1024; the frontend's
# maxconn is the global maxconn when unset, src/proxy.c proxy_adjust_all_maxconn). The global
# maxconn is computed from RLIMIT_NOFILE when unset (src/haproxy.c compute_ideal_maxconn), so
# this config pins it, `maxconn 3000`, for a default that does not depend on the worker's
# limits. The real server in the foreground (-db); the worker stops the group before the flood.
set -eu
backlog=$1 port=$2 dir=$3
haproxy=/usr/sbin/haproxy
[ -x "$haproxy" ] || { echo "missing $haproxy" >&2; exit 77; }
version=$("$haproxy" -v | head -n 1)
version=${version#HAProxy version }
version=${version%% *}
echo "version ${version%%-*}"
option=""
[ "$backlog" = default ] || option=" backlog $backlog"
cat > "$dir/haproxy.cfg" <<CONF
global
  maxconn 3000
  nbthread 1
defaults
  mode tcp
  timeout connect 1s
  timeout client 1s
  timeout server 1s
frontend lc
  bind 127.0.0.1:$port$option
  tcp-request connection reject
CONF
echo listening
exec "$haproxy" -db -f "$dir/haproxy.cfg"
