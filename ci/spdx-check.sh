#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every source file (C++ .cpp/.hpp, CMake .cmake and CMakeLists.txt, shell .sh) names its license
# in its first lines: `// SPDX-License-Identifier: Apache-2.0` (C++) or `# SPDX-...` (CMake, shell,
# after a #! line). Files listed in ci/spdx-pending.txt (those older than this check) are let
# through until the mechanical insertion; a listed file that has the header is reported, so the
# list only shrinks.
# Usage: ci/spdx-check.sh            list the files lacking it (exit 1 if any), ctest ci.spdx
#        ci/spdx-check.sh --insert   add the header to every file lacking it (pending ones too),
#                                    then empty ci/spdx-pending.txt
#        ci/spdx-check.sh --pending  print the files lacking it (to regenerate the pending list)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-check}"
case "$mode" in check | --insert | --pending) ;; *) echo "spdx-check: unknown argument $mode" >&2; exit 2 ;; esac
tag="SPDX-License-Identifier: Apache-2.0"
pending_file=ci/spdx-pending.txt

sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- '*.cpp' '*.hpp' '*.cmake' '*CMakeLists.txt' '*.sh'
  else
    find . \( -path ./build -o -path './build-*' -o -path ./.git -o -path ./vcpkg_installed \) -prune -o -type f \
      \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cmake' -o -name CMakeLists.txt -o -name '*.sh' \) -print | sed 's|^\./||' | sort
  fi
}

has_tag() { head -n 3 "$1" | grep -qF "$tag"; }

insert() {
  local f="$1" line
  case "$f" in *.cpp | *.hpp) line="// $tag" ;; *) line="# $tag" ;; esac
  if head -n 1 "$f" | grep -q '^#!'; then
    sed -i "1a $line" "$f"
  else
    sed -i "1i $line" "$f"
  fi
}

lacking=()
while IFS= read -r f; do
  [ -f "$f" ] || continue
  has_tag "$f" || lacking+=("$f")
done < <(sources)

case "$mode" in
  --pending) printf '%s\n' ${lacking[@]+"${lacking[@]}"}; exit 0 ;;
  --insert)
    for f in ${lacking[@]+"${lacking[@]}"}; do insert "$f"; done
    : >"$pending_file"
    echo "spdx-check: added the header to ${#lacking[@]} file(s)"
    exit 0 ;;
esac

declare -A pending=()
if [ -f "$pending_file" ]; then
  while IFS= read -r f; do [ -n "$f" ] && pending[$f]=1; done <"$pending_file"
fi
status=0
for f in ${lacking[@]+"${lacking[@]}"}; do
  if [ -z "${pending[$f]+x}" ]; then
    echo "$f: no '$tag' in its first 3 lines"
    status=1
  fi
done
for f in "${!pending[@]}"; do
  if [ -f "$f" ] && has_tag "$f"; then
    echo "$f: has the header now: remove it from $pending_file"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "spdx-check: every new source file has the header (${#lacking[@]} older ones pending in $pending_file)"
exit "$status"
