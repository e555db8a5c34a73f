#!/usr/bin/env bash
# ctest entry of the kernel matrix (test `kmatrix.guests`, label `kmatrix`; ci/kmatrix/kmatrix.cmake).
# Usage: ctest-entry.sh BINARY OUTDIR
#
# Runs only when selected: `ctest -L kmatrix` (or -R kmatrix), or LC_KMATRIX=1 in the environment;
# a plain `ctest` skips it at once (LC_KMATRIX=0 skips it always). It boots several VMs under
# software emulation, keeps both CPUs busy for about a minute and competes with the timing-based
# kernel tests, so it is not part of the default run that every change and CI go through.
# When selected it runs ci/kernel-matrix.sh --offline: it skips (77) with the reason when the
# kernels are not cached or qemu/busybox are missing, and never installs or downloads anything.
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
exec "$here/../kernel-matrix.sh" --offline --bin "$bin" --out "$out"
