#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `kernels` on bad input and faults: each failing target becomes an `error` row with its reason
# and the others go on; the exit status says so (2); --offline with something missing skips (77).
# No download, no network; qemu boots only images that fail at once.
# Usage: kernels_faults_test.sh BINARY
set -uo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
# shellcheck source=suites/kernels/test_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
row() {  # OUT NAME FIELD: a field of a target in OUT/summary.json
  python3 -c 'import json,sys; t=[t for t in json.load(open(sys.argv[1]))["targets"] if t["name"]==sys.argv[2]]; print(t[0][sys.argv[3]] if t else "(no row)")' "$1/summary.json" "$2" "$3"
}
want_row() {  # OUT NAME PATTERN: that target is an error whose reason matches PATTERN
  local status reason
  status=$(row "$1" "$2" status) reason=$(row "$1" "$2" reason)
  if [ "$status" != error ] || ! grep -qE "$3" <<< "$reason"; then
    echo "FAIL: $2: status $status, reason '$reason' (expected error matching '$3')"; fails=$((fails + 1))
  else
    echo "ok: $2: error: $reason"
  fi
  grep -q "#### $2" "$1/index.md" || { echo "FAIL: index.md has no error section for $2"; fails=$((fails + 1)); }
}
# A file with a bzImage boot header and nothing behind it: qemu refuses it at once.
python3 -c "
import struct, sys
b = bytearray(65536)
b[0x1fe:0x200] = b'\x55\xaa'; b[0x1f1] = 4; b[0x202:0x206] = b'HdrS'; struct.pack_into('<H', b, 0x206, 0x20f)
open(sys.argv[1], 'wb').write(b)" "$work/bzImage"
printf 'not a kernel\n' > "$work/notes.txt"

expect_exit 2 "unknown target" -- "$bin" kernels debian:nope! --out "$work/o1"
expect_exit 2 "--bisect of a series that is not one" -- "$bin" kernels --bisect x.y --cache "$work/empty" --offline --out "$work/o1"
expect_exit 77 "--offline, nothing cached" -- "$bin" kernels --offline --cache "$work/empty" debian:5.10 --out "$work/o2"
if command -v qemu-system-x86_64 > /dev/null && command -v busybox > /dev/null; then
  expect_exit 2 "not a kernel, a kernel qemu refuses" -- "$bin" kernels "file:$work/notes.txt" "file:$work/bzImage" \
    --accel tcg --timeout 20 --out "$work/o3"
  want_row "$work/o3" file-notes.txt "not a bootable x86 kernel"
  want_row "$work/o3" file-bzImage "qemu exit"
fi
# No qemu on PATH: the guest targets are errors saying so; with --offline the run skips.
mkdir -p "$work/path"
for tool in env busybox ldd strip unshare cat base64 tar gzip sh bash; do
  p=$(command -v "$tool") && ln -sf "$p" "$work/path/$tool"
done
expect_exit 2 "qemu missing" -- env PATH="$work/path" "$bin" kernels "file:$work/bzImage" --accel tcg --out "$work/o4"
want_row "$work/o4" file-bzImage "qemu-system-x86_64 is not installed"
expect_exit 77 "qemu missing, --offline" -- env PATH="$work/path" "$bin" kernels "file:$work/bzImage" --offline --out "$work/o5"
[ "$fails" -eq 0 ]
