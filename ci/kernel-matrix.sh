#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The kernel matrix: `listen-conformance kernels` (docs/kernels.md) on its default targets -- the
# oldest and newest Debian 5.10, 6.1 and 6.12, the newest sid and experimental kernels in qemu,
# and the host -- into out/kernel-matrix (index.md is the page to read).
# Usage: ci/kernel-matrix.sh [--out DIR] [--bin PATH] [any `kernels` option or target ...]
# Installs what `kernels` needs (ci/install-deps.sh --kernels) and builds the program when
# missing, unless --offline; exit status is the command's (77: skipped).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo/out/kernel-matrix bin="" args=() offline=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --offline) offline=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "kernel-matrix: SKIP: needs an x86_64 Linux host (this is $(uname -sm))"
  exit 77
fi
[ "$offline" -eq 1 ] || "$repo/ci/install-deps.sh" --kernels
bin=${bin:-$repo/${LC_BUILD_DIR:-build}/runners/listen-conformance}
if [ ! -x "$bin" ]; then
  [ "$offline" -eq 0 ] || { echo "kernel-matrix: SKIP: no $bin (build it first)"; exit 77; }
  "$repo/ci/build.sh" --target listen-conformance > /dev/null
fi
exec "$bin" kernels --out "$out" ${args[@]+"${args[@]}"}
