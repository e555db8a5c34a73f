#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# ctest entry of the live kernel matrix (test `kmatrix.guests`, label `kmatrix`; kmatrix.cmake).
# Usage: ctest-entry.sh BINARY OUTDIR
#
# Runs only when selected: `ctest -L kmatrix` (or -R kmatrix), or LC_KMATRIX=1 in the environment;
# a plain `ctest` skips it at once (LC_KMATRIX=0 skips it always): it boots eight guests under
# software emulation and keeps both CPUs busy for a minute or more. When selected it runs
# `listen-conformance kernels --offline` on the default targets: it skips (77) with the reason
# when a kernel is not cached or qemu/busybox are missing, and never installs or downloads
# anything. It passes when every target gave results and -- the behaviour change the matrix
# exists for -- the oldest 5.10 build (5.10.218, before 3479c7549fb1) differs from the reference
# in backlog-zero/without-cookies: observation.outcomes.accepted 0 -> 1. (The same difference
# over recorded results, without qemu: RecordedMatrix.* in suites/kernels.)
set -euo pipefail
bin=$1
out=$2

selected() {
  case "${LC_KMATRIX:-}" in 1) return 0 ;; 0) return 1 ;; esac
  # ctest starts its tests directly: the parent's command line says how it selected them.
  local args=() a prev=""
  [ -r "/proc/$PPID/cmdline" ] || return 1
  mapfile -d '' args < "/proc/$PPID/cmdline"
  case "$(basename "${args[0]:-}")" in ctest*) ;; *) return 0 ;; esac  # not under ctest: run
  for a in "${args[@]:1}"; do
    case "$prev" in
      -L | --label-regex | -R | --tests-regex) [[ $a == *kmatrix* ]] && return 0 ;;
    esac
    case "$a" in
      -Lkmatrix* | --label-regex=*kmatrix* | -R*kmatrix* | --tests-regex=*kmatrix*) return 0 ;;
    esac
    prev=$a
  done
  return 1
}

if ! selected; then
  echo "kmatrix: SKIP: not selected: the kernel matrix boots VMs for a minute or more; run it with 'ctest -L kmatrix' (or LC_KMATRIX=1 ctest)"
  exit 77
fi
"$bin" kernels --offline --out "$out"
python3 - "$out" << 'PY'
import glob, json, sys
out = sys.argv[1]
summary = json.load(open(f"{out}/summary.json"))
ref = summary["reference"]
oldest = [t["name"] for t in summary["targets"] if t["name"].startswith("5.10.218")]
if not oldest:
    sys.exit("kmatrix: FAIL: no 5.10.218 target")
diff = json.load(open(f"{out}/diff/{oldest[0]}-vs-{ref}.json"))
hits = [i for i in diff["instances"] if i["id"] == "backlog-zero/without-cookies"
        and any(f["field"] == "observation.outcomes.accepted" and f["base"] == "0" and f["new"] == "1" for f in i["fields"])]
if not hits:
    sys.exit(f"kmatrix: FAIL: {oldest[0]} -> {ref}: no backlog-zero/without-cookies accepted 0 -> 1")
print(f"kmatrix: {oldest[0]} -> {ref}: backlog-zero/without-cookies observation.outcomes.accepted 0 -> 1")
PY
