#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The kernel's own KTAP parser reads the program's KTAP (test kernels.ktap_kunit_parser).
# Usage: kunit_parser_test.sh KTAP_DUMP WORKDIR RESULTS.json...
# kunit_parser.py and kunit_printer.py come from the kernel source Debian ships
# (linux-source-*: /usr/src/linux-source-X.Y.tar.xz; ci/install-deps.sh --kernels installs it),
# extracted once into WORKDIR. Skips (77) when no kernel source tarball is installed.
set -euo pipefail
dump=$1 work=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kunit=$work/kunit
if [ ! -s "$kunit/kunit_parser.py" ]; then
  tarball=$(find /usr/src -maxdepth 1 -name "linux-source-*.tar.xz" 2> /dev/null | sort -V | tail -1)
  if [ -z "$tarball" ]; then
    echo "SKIP: no /usr/src/linux-source-*.tar.xz (apt-get install linux-source, or ci/install-deps.sh --kernels)"
    exit 77
  fi
  top=$(basename "$tarball" .tar.xz)
  mkdir -p "$work/src" "$kunit"
  tar -xJf "$tarball" -C "$work/src" "$top/tools/testing/kunit/kunit_parser.py" "$top/tools/testing/kunit/kunit_printer.py"
  cp "$work/src/$top/tools/testing/kunit/"kunit_{parser,printer}.py "$kunit/"
  echo "kunit_parser.py from $tarball"
fi
rc=0
for results in "$@"; do
  ktap=$work/$(basename "$(dirname "$results")")-$(basename "$results" .json).ktap
  "$dump" "$results" > "$ktap"
  echo "== $results"
  python3 "$here/kunit_parser_check.py" "$kunit" "$ktap" "$results" || rc=1
done
exit "$rc"
