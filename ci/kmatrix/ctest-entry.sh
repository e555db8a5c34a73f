#!/usr/bin/env bash
# ctest entry of the kernel matrix (test `kmatrix.guests`, label `kmatrix`; ci/kmatrix/kmatrix.cmake).
# Usage: ctest-entry.sh BINARY OUTDIR
#
# Runs only when selected: `ctest -L kmatrix` (or -R kmatrix), or LC_KMATRIX=1 in the environment;
# a plain `ctest` skips it at once (LC_KMATRIX=0 skips it always). It boots several VMs under
# software emulation, keeps both CPUs busy for about 40 s and competes with the timing-based
# kernel tests, so it is not part of the default run that every change and CI go through.
# When selected it runs ci/kernel-matrix.sh --offline (the default kernels, the suite as the
# payload, the static listen-conformance-worker next to BINARY): it skips (77) with the reason
# when the kernels are not cached or qemu/busybox are missing, and never installs or downloads
# anything. It passes when every target gave results, the pages and diffs exist, and -- the
# behaviour change the matrix exists for -- 5.10 (5.10.223, before 3479c7549fb1) differs from
# the reference in backlog-zero/without-cookies: observation.outcomes.accepted 0 -> 1, cited.
set -euo pipefail
bin=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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
  echo "kmatrix: SKIP: not selected: the kernel matrix boots VMs for about a minute; run it with 'ctest -L kmatrix' (or LC_KMATRIX=1 ctest)"
  exit 77
fi
rc=0
"$here/../kernel-matrix.sh" --offline --bin "$bin" --out "$out" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"

fail() { echo "kmatrix: FAIL: $*" >&2; exit 1; }
for f in index.md index.html matrix.md matrix.html summary.json; do
  [ -s "$out/$f" ] || fail "$out/$f is missing"
done
ref=$(jq -r .reference "$out/summary.json")
if jq -e '.targets[] | select(.name == "5.10")' "$out/summary.json" > /dev/null; then
  [ "$ref" != 5.10 ] || fail "5.10 is the reference"
  diff_json=$out/diff/5.10-vs-$ref.json
  [ -s "$diff_json" ] || fail "$diff_json is missing"
  jq -e '.instances[] | select(.id == "backlog-zero/without-cookies")
         | select(any(.fields[]; .field == "observation.outcomes.accepted" and .base == "0" and .new == "1"))
         | select(any(.cite[]; .id == "commit-3479c7549fb1"))' "$diff_json" > /dev/null \
    || fail "$diff_json does not show backlog-zero/without-cookies: observation.outcomes.accepted 0 -> 1 with 3479c7549fb1"
  echo "kmatrix: 5.10 -> $ref: backlog-zero/without-cookies observation.outcomes.accepted 0 -> 1 (3479c7549fb1)"
fi
ram=$(jq '.ram_scaled_in_differences | length' "$out/summary.json")
[ "$ram" -eq 0 ] || fail "RAM-scaled values in the kernel differences: $(jq -c .ram_scaled_in_differences "$out/summary.json")"
echo "kmatrix: ok ($out/index.md)"
