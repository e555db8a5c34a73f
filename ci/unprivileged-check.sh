#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The unprivileged path, reproduced on any Linux: runs `ci/test.sh` and `ci/conformance.sh` where
# no worker can get a network namespace — as CI's unprivileged Ubuntu 24.04 job does (AppArmor
# forbids it user namespaces) — and checks that every test passes or skips, that the suite has
# no error, and that its skips say why ("cannot isolate: ...").
#
# How: this script nests user namespaces down to the deepest level the kernel allows, so that
# one more fails, then drops every capability (uid 0 there owns nothing: unshare(CLONE_NEWNET)
# fails with EPERM, unshare(CLONE_NEWUSER) with EUSERS/ENOSPC). The build must exist (ci/build.sh);
# nothing is installed from inside. Reports go to $LC_OUT (default out-unprivileged/).
# Usage: ci/unprivileged-check.sh [ctest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${LC_UNPRIV_LEVEL:-}" = "" ]; then
  . ci/lib.sh
  [ "$(lc_os)" = linux ] || { echo "unprivileged-check: Linux only" >&2; exit 2; }
  command -v unshare >/dev/null && command -v setpriv >/dev/null || {
    echo "unprivileged-check: needs unshare and setpriv (util-linux)" >&2; exit 2; }
  [ -x "$(lc_binary)" ] || ci/build.sh
  if ! unshare --user --map-root-user true 2>/dev/null; then
    echo "unprivileged-check: this kernel already refuses user namespaces; running as is"
    export LC_UNPRIV_LEVEL=deepest
  else
    export LC_UNPRIV_LEVEL=0
  fi
fi

if [ "$LC_UNPRIV_LEVEL" != deepest ]; then
  if unshare --user --map-root-user true 2>/dev/null; then
    LC_UNPRIV_LEVEL=$((LC_UNPRIV_LEVEL + 1)) exec unshare --user --map-root-user "$0" "$@"
  fi
  LC_UNPRIV_LEVEL=deepest exec setpriv --inh-caps=-all --bounding-set=-all \
    --securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked "$0" "$@"
fi

# From here: no capabilities, no namespace to be had.
if unshare --net true 2>/dev/null || unshare --user --net true 2>/dev/null; then
  echo "unprivileged-check: a network namespace could still be created; not a valid check" >&2
  exit 2
fi
echo "unprivileged-check: no network namespace can be created here (capabilities: $(grep CapEff /proc/self/status | cut -f2))"

# ci/install-deps.sh would need root to install: everything must be there already.
export LC_OUT="${LC_OUT:-out-unprivileged}"
status=0
ci/test.sh "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "unprivileged-check: FAIL: ci/test.sh exited $status without namespaces"
  exit 1
fi
status=0
ci/conformance.sh --quiet || status=$?
results="$LC_OUT/results.json"
errors="$({ grep -o '"verdict": *"error"' "$results" || true; } | wc -l | tr -d ' ')"
skips="$({ grep -o '"verdict": *"skipped"' "$results" || true; } | wc -l | tr -d ' ')"
isolation_skips="$({ grep -o '"reason": *"cannot isolate: [^"]' "$results" || true; } | wc -l | tr -d ' ')"
echo "unprivileged-check: ci/conformance.sh exited $status; $skips skipped ($isolation_skips for 'cannot isolate'), $errors errors"
if [ "$status" -ge 2 ] || [ "$errors" -ne 0 ] || [ "$isolation_skips" -eq 0 ]; then
  echo "unprivileged-check: FAIL"
  exit 1
fi
echo "unprivileged-check: PASS"
