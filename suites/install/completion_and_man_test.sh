#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every subcommand `listen-conformance --help` lists completes in bash (the generated completion
# script, sourced and called as bash calls it) and has its section in listen-conformance(1); a
# subcommand's options complete after it (`run --rep` -> --report-dir).
# Usage: completion_and_man_test.sh PROGRAM COMPLETION_FILE MAN_PAGE
set -euo pipefail
program="$1" completion="$2" man_page="$3"
# shellcheck source=/dev/null
. "$completion"

complete_line() {  # complete_line WORD...: COMPREPLY for the last word
  COMP_WORDS=(listen-conformance "$@")
  COMP_CWORD=$#
  COMPREPLY=()
  _listen_conformance
}

mapfile -t commands < <("$program" --help | sed -n '/^Subcommands:/,$p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ "${#commands[@]}" -ge 5 ] || { echo "FAIL: found only ${#commands[@]} subcommands in --help: ${commands[*]}"; exit 1; }
status=0
for c in "${commands[@]}"; do
  complete_line "${c:0:2}"
  printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$c" || { echo "FAIL: '${c:0:2}<TAB>' does not offer $c (got: ${COMPREPLY[*]})"; status=1; }
  grep -q "^\.SS $c\$" "$man_page" || { echo "FAIL: $man_page has no section for $c"; status=1; }
done
complete_line run --rep
[ "${COMPREPLY[*]}" = "--report-dir" ] || { echo "FAIL: 'run --rep<TAB>' offered '${COMPREPLY[*]}'"; status=1; }
complete_line run --report-dir ""
[ "${#COMPREPLY[@]}" -eq 0 ] || { echo "FAIL: after --report-dir the words were offered instead of file names"; status=1; }
grep -q '^\.TH LISTEN-CONFORMANCE "1"' "$man_page" || { echo "FAIL: $man_page is no section-1 page"; status=1; }
[ "$status" -eq 0 ] && echo "PASS: ${#commands[@]} subcommands complete and are in the man page: ${commands[*]}"
exit "$status"
