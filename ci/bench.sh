#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Benchmarks, printed as a Markdown table with the machine facts (docs/benchmarks.md keeps a run):
#   1. per-probe wall time of `listen-conformance probe` (process spawn + namespace + flood +
#      JSON back to the runner) for backlog 5, 128 and 4096, each flooded with backlog+1+8;
#   2. the 65,536-connection flood (somaxconn and backlog 65535): counts, wall time, the
#      worker's own elapsed_ms, and the flood rate in attempts/s from it;
#   3. the full Linux suite with -j1 and -j2, once `listen-conformance run` exists.
# Wall times are taken with bash's $EPOCHREALTIME around the command (no extra process).
# Every run is bounded: each probe has the worker deadline of the probe command.
#
# Usage: ci/bench.sh                 (builds first; LC_BUILD_DIR as for ci/build.sh)
#   LC_BENCH_RUNS=20        runs per small probe (median and p90 over them)
#   LC_BENCH_LARGE_RUNS=5   runs of the 65,536 flood
#   LC_BENCH_SUITE_RUNS=3   runs of the full suite per -j
#   LC_BENCH_NO_BUILD=1     use the binary as it is
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
# Benchmarks time the optimized build (ci/lib.sh: LC_RELEASE), not the Check build the tests use.
export LC_RELEASE="${LC_RELEASE:-1}"
build_dir="$(lc_build_dir)"
runs="${LC_BENCH_RUNS:-20}"
large_runs="${LC_BENCH_LARGE_RUNS:-5}"
suite_runs="${LC_BENCH_SUITE_RUNS:-3}"
if [ -z "${LC_BENCH_NO_BUILD:-}" ]; then
  ci/build.sh >/dev/null
fi
bin="$build_dir/runners/listen-conformance"
[ -x "$bin" ] || { echo "bench: no $bin (build first)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

now_us() { local t="$EPOCHREALTIME"; echo "${t/./}"; }
# CPU time (user + system, ms) of every child this shell has waited for, probe and worker and
# holders included: bash's `times` builtin, with no process of its own. Wall time on a shared
# machine mostly measures the other load; CPU time says what a probe costs.
# `times` snapshots: write one before and one after, subtract afterwards (so that the awk doing
# the arithmetic is not counted).
cpu_between() {
  awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } ms[FILENAME] = t * 1000 }
       END { printf "%.3f\n", ms[ARGV[2]] - ms[ARGV[1]] }' <(tail -1 "$1") <(tail -1 "$2")
}
ms() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f\n", (e - s) / 1000 }'; }

# median / p90 (nearest rank) of numbers on stdin, printed with one decimal.
stats() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "n/a n/a"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    r = int(0.9 * NR + 0.999999); if (r < 1) r = 1
    printf "%.1f %.1f\n", m, v[r] }'
}

# One field of the observation JSON (printed by `probe --json` with one field per line).
field() { sed -n "s/^  \"$1\": \\([^,]*\\),\\{0,1\\}\$/\\1/p" "$2" | head -1; }

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "## listen-conformance benchmarks"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- kernel: $(uname -r) $(uname -m); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
echo "- cpu: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "- RLIMIT_NOFILE: soft $(ulimit -Sn), hard $(ulimit -Hn); build: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)"
echo "- load average at start: $(load)"
echo

echo "| measurement | runs | median | p90 | detail |"
echo "|---|---:|---:|---:|---|"

for backlog in 5 128 4096; do
  connections=$((backlog + 9))
  : >"$tmp/wall" ; : >"$tmp/worker" ; : >"$tmp/cpu"
  for _ in $(seq "$runs"); do
    times >"$tmp/times0"
    start=$(now_us)
    "$bin" probe --backlog "$backlog" --connections "$connections" --json >"$tmp/obs.json"
    end=$(now_us)
    times >"$tmp/times1"
    ms "$start" "$end" >>"$tmp/wall"
    cpu_between "$tmp/times0" "$tmp/times1" >>"$tmp/cpu"
    field elapsed_ms "$tmp/obs.json" >>"$tmp/worker"
  done
  read -r wm wp < <(stats <"$tmp/wall")
  read -r em ep < <(stats <"$tmp/worker")
  read -r cm cp < <(stats <"$tmp/cpu")
  echo "| probe wall, backlog $backlog ($connections connections) | $runs | $wm ms | $wp ms | CPU (probe + worker) median $cm ms, p90 $cp; worker elapsed_ms median $em, p90 $ep; accepted $(field accepted "$tmp/obs.json") |"
done

# The largest accept queue: 65,536 accepted, then 8 SYNs dropped.
large=(--backlog 65535 --connections 65544 --sysctl net.core.somaxconn=65535)
: >"$tmp/wall" ; : >"$tmp/worker" ; : >"$tmp/rate"
counts=""
for _ in $(seq "$large_runs"); do
  start=$(now_us)
  "$bin" probe "${large[@]}" --json >"$tmp/obs.json"
  end=$(now_us)
  ms "$start" "$end" >>"$tmp/wall"
  elapsed=$(field elapsed_ms "$tmp/obs.json")
  echo "$elapsed" >>"$tmp/worker"
  awk -v e="$elapsed" 'BEGIN { printf "%.0f\n", 65544 * 1000 / e }' >>"$tmp/rate"
  no_answer=$(sed -n 's/^    "no_answer": \([0-9]*\),\{0,1\}$/\1/p' "$tmp/obs.json" | head -1)
  counts="$counts $(field accepted "$tmp/obs.json")/$no_answer"
done
read -r wm wp < <(stats <"$tmp/wall")
read -r em ep < <(stats <"$tmp/worker")
read -r rm _ < <(stats <"$tmp/rate")
echo "| 65,536 flood wall (\`probe ${large[*]}\`) | $large_runs | $wm ms | $wp ms | accepted/no_answer per run:$counts |"
echo "| 65,536 flood worker elapsed_ms | $large_runs | $em ms | $ep ms | from the observation |"
echo "| flood rate (65,544 attempts / worker elapsed) | $large_runs | $rm attempts/s | | listen, flood, drain and classify included |"

# ---- full Linux suite: filled in once `listen-conformance run` exists ----
for jobs in 1 2; do
  # CLI11 answers `--help` for any unknown word too: look for run's own option.
  if "$bin" run --help 2>/dev/null | grep -q -- '--jobs'; then
    : >"$tmp/wall"
    status=""
    for _ in $(seq "$suite_runs"); do
      rm -rf "$tmp/report"
      start=$(now_us)
      set +e
      "$bin" run -j "$jobs" --report-dir "$tmp/report" -q >"$tmp/run.out" 2>&1
      rc=$?
      set -e
      end=$(now_us)
      ms "$start" "$end" >>"$tmp/wall"
      status="$status $rc"
    done
    read -r wm wp < <(stats <"$tmp/wall")
    echo "| full Linux suite wall, \`run -j$jobs\` | $suite_runs | $wm ms | $wp ms | exit status per run:$status; $(tail -1 "$tmp/run.out") |"
  else
    echo "| full Linux suite wall, \`run -j$jobs\` | - | n/a | n/a | \`listen-conformance run\` does not exist yet |"
  fi
done

echo
echo "- load average at end: $(load)"
