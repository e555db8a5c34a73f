# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash disable=SC2154  # $work and $fails belong to the sourcing test
# Shared by the shell tests of suites/kernels (sourced). Needs $work (a scratch directory) and
# counts failures in $fails.
# expect_exit WANT_RC DESCRIPTION -- command...: runs it (output in $work/out) and checks its exit status.
expect_exit() {
  local want=$1 what=$2 rc=0
  shift 3
  "$@" > "$work/out" 2>&1 || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    tail -5 "$work/out" | sed 's/^/  | /'
    fails=$((fails + 1))
  else
    echo "ok: $what: exit $rc"
  fi
}
