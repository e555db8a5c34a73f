#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nginx: `listen ... backlog=N` (src/os/unix/ngx_linux_config.h: NGX_LISTEN_BACKLOG 511). A
# minimal config in DIR, the real server in the foreground. worker_processes 0: the master opens
# the listener and no worker ever accepts (the worker's SIGSTOP of the group is a second guard).
set -eu
backlog=$1 port=$2 dir=$3
nginx=/usr/sbin/nginx
[ -x "$nginx" ] || { echo "missing $nginx" >&2; exit 77; }
version=$("$nginx" -v 2>&1)
echo "version ${version#*nginx/}"
option=""
[ "$backlog" = default ] || option=" backlog=$backlog"
# The error log on stderr (the worker reads it for its messages) and every temporary path the
# private directory itself: nothing for nginx to create there, little for the worker to remove
# (on a disk-backed /tmp each unlink of a stop is a journal write: milliseconds under load).
cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 0;
pid $dir/nginx.pid;
error_log stderr;
events {}
http {
  access_log off;
  client_body_temp_path $dir;
  proxy_temp_path $dir;
  fastcgi_temp_path $dir;
  uwsgi_temp_path $dir;
  scgi_temp_path $dir;
  server { listen 127.0.0.1:$port$option; }
}
CONF
echo listening
exec "$nginx" -p "$dir" -c "$dir/nginx.conf" -e stderr
