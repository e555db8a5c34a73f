#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runtime drivers (issue 14): what one runtime case costs, per driver. Runs the lean worker on
# `{driver, backlog: default, connections: 4}` LC_BENCH_RUNS times (default 5) and prints medians
# of: the worker's wall time (bash's $EPOCHREALTIME around it: spawn, namespace, somaxconn,
# driver, flood, stop), the driver's start-up (exec until its listener is in the socket table:
# the runtime's own start-up), the measurement (flood and read-back) and the stop (SIGKILL of the
# group, reaping, removing the private directory); and the overhead = wall - start-up, which
# issue 14 bounds at 20 ms. Drivers whose runtime is not installed print "not installed".
# Usage: ci/bench-runtimes.sh [driver...]   (needs root or user namespaces; builds nothing)
# The optimized build's worker (LC_RELEASE=1 ci/build.sh, build-release/), as ci/bench.sh times;
# LC_BUILD_DIR picks another build (e.g. the Check build's, build/).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
export LC_RELEASE="${LC_RELEASE:-1}"
worker="$(lc_build_dir)/runners/listen-conformance-worker"
[ -x "$worker" ] || { echo "bench-runtimes: build first ($worker missing)" >&2; exit 2; }
runs="${LC_BENCH_RUNS:-5}"
drivers=("$@")
[ "${#drivers[@]}" -gt 0 ] || drivers=(python-socket python-socketserver python-asyncio twisted-listentcp node-net
  java-serversocket go-net ruby-tcpserver nginx redis php-fpm rust-tcplistener postgresql haproxy)
summarize=$(cat <<'PY'
import json, statistics, sys
rows = [line.split(" ", 1) for line in sys.stdin.read().splitlines() if line]
obs = [(float(w), json.loads(j)) for w, j in rows]
first = obs[0][1]
if first["not_installed"]:
    print(f"{sys.argv[1]:<20} not installed ({first['not_installed']})")
    sys.exit()
if first["failure"]:
    print(f"{sys.argv[1]:<20} failure: {first['failure']['message']}")
    sys.exit()
med = lambda xs: statistics.median(xs)
wall = med([w for w, _ in obs]); start = med([o["start_ms"] for _, o in obs])
print(f"{sys.argv[1]:<20} {first['runtime_version']:<10} {wall:9.1f} {start:9.1f} {med([o['measure_ms'] for _, o in obs]):9.1f} "
      f"{med([o['stop_ms'] for _, o in obs]):9.1f} {med([w - o['start_ms'] for w, o in obs]):9.1f}")
PY
)
printf '%-20s %-10s %9s %9s %9s %9s %9s\n' driver version wall_ms start_ms measure stop overhead
for d in "${drivers[@]}"; do
  samples=""
  for _ in $(seq "$runs"); do
    t0=$EPOCHREALTIME
    out=$("$worker" worker --runtime-spec "{\"driver\":\"$d\",\"backlog\":\"default\",\"connections\":4,\"start_timeout_ms\":60000}")
    t1=$EPOCHREALTIME
    samples+="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)*1000}') $out"$'\n'
  done
  /usr/bin/python3 -c "$summarize" "$d" <<<"$samples"
done
