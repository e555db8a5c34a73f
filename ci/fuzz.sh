#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while:
#   expectations  the expectation loader, planner and judge
#   formula       formula checking and evaluation
#   results       the input path of report/diff/merge: parse, validate, render, diff, merge
# Usage: ci/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 60 s, every target; the issue's
# acceptance runs used 600)
# Crashes are written to build-fuzz/crashes/ and make the script fail. New inputs found are
# kept in build-fuzz/corpus-*, never in the seed corpus under suites/fuzz/corpus. The per-input
# timeout is generous (60 s): on a loaded 2-core machine a slow input is not a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(expectations formula results)
ci/install-deps.sh
if ! command -v clang++ >/dev/null 2>&1; then
  apt_sudo=""; [ "$(id -u)" -eq 0 ] || apt_sudo=sudo
  DEBIAN_FRONTEND=noninteractive $apt_sudo apt-get install -y -qq clang libclang-rt-dev >/dev/null || \
    DEBIAN_FRONTEND=noninteractive $apt_sudo apt-get install -y -qq clang
fi
build=build-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DLC_FUZZ=ON -DLC_BUILD_TESTS=OFF
fi
cmake --build "$build" --target "${targets[@]/%/_fuzzer}"
mkdir -p "$build/crashes"
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus-$target"
  # Results files are larger than expectation files (the seed corpus has 47 KB ones); the
  # dictionary holds the schema's names, so that mutations reach past the validation.
  max_len=16384 extra=()
  if [ "$target" = results ]; then max_len=65536; extra=(-dict=suites/fuzz/results.dict); fi
  mkdir -p "$corpus"
  echo "fuzz: ${target}_fuzzer for ${seconds}s"
  # Inputs that once crashed must stay harmless.
  if ls suites/fuzz/regressions/"$target"-* >/dev/null 2>&1; then
    "$build/suites/fuzz/${target}_fuzzer" suites/fuzz/regressions/"$target"-* >/dev/null 2>&1 || { echo "fuzz: a regression input crashes ${target}_fuzzer"; status=1; }
  fi
  "$build/suites/fuzz/${target}_fuzzer" "$corpus" "suites/fuzz/corpus/$target" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=60 -rss_limit_mb=2048 ${extra[@]+"${extra[@]}"} \
    -artifact_prefix="$build/crashes/${target}-" -print_final_stats=1 2>&1 | tail -n 12 || status=$?
done
ls "$build/crashes" | grep -q . && { echo "fuzz: crashes in $build/crashes:"; ls "$build/crashes"; exit 1; }
exit "$status"
