#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes a report directory's Markdown to the job's step summary ($GITHUB_STEP_SUMMARY), or to
# stdout elsewhere: summary.md (written by `listen-conformance run`) or matrix.md (by `merge`).
# Without either (a run that did not get that far) it writes the verdict counts read from
# results.json instead, or says that there are no results.
# Usage: ci/gha/step-summary.sh REPORT_DIR [TITLE]
set -euo pipefail
dir="${1:?usage: step-summary.sh REPORT_DIR [TITLE]}"
title="${2:-listen-conformance}"
target="${GITHUB_STEP_SUMMARY:-/dev/stdout}"
{
  if [ -f "$dir/summary.md" ]; then
    cat "$dir/summary.md"
  elif [ -f "$dir/matrix.md" ]; then
    cat "$dir/matrix.md"
  else
    echo "## $title"
    echo
    if [ -f "$dir/results.json" ]; then
      echo "No \`summary.md\` in \`$dir/\`; verdict counts from \`results.json\`'s summary:"
      echo
      echo "| verdict | cases |"
      echo "|---|---|"
      # The stored summary (the only keys two spaces in, as the program writes it): the counts
      # every report prints, drift apart from deviations.
      for v in conforms deviates drift skipped error total; do
        n="$({ grep -Eo "^  \"$v\": *[0-9]+" "$dir/results.json" || true; } | grep -Eo '[0-9]+$' | head -n 1)"
        echo "| $v | ${n:-?} |"
      done
    else
      echo "No results in \`$dir/\`: the run did not get that far (see the log of the steps above)."
    fi
  fi
  echo
} >>"$target"
