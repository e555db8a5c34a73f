#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The suite as an ordinary user, twice:
#  1. as nobody, where the kernel permits unprivileged user namespaces: every worker makes its
#     own user + network namespace, so everything runs and nothing is an error;
#  2. as nobody inside bubblewrap with user namespaces disabled (--disable-userns) and a network
#     namespace of bubblewrap's own: workers cannot isolate themselves, so every case that
#     needs a sysctl is skipped with "cannot isolate: ...", the others are measured in
#     bubblewrap's namespace, and nothing is an error.
# Needs root to drop to nobody; installs bubblewrap and jq when missing. Exit 0 when both hold.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${LC_BUILD_DIR:-build}"
[ -x "$build_dir/runners/listen-conformance" ] || ci/build.sh
need=()
command -v bwrap >/dev/null || need+=(bubblewrap)
command -v jq >/dev/null || need+=(jq)
command -v setpriv >/dev/null || need+=(util-linux)
if [ "${#need[@]}" -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ "$(id -u)" -eq 0 ] || { echo "unprivileged: run as root (it drops to nobody itself)" >&2; exit 2; }

# nobody must be able to read the program and the expectations and write the reports.
work=$(mktemp -d /tmp/lc-unprivileged.XXXXXX)
trap '[ -n "${LC_KEEP:-}" ] || rm -rf "$work"' EXIT
cp "$build_dir/runners/listen-conformance" "$work/listen-conformance"
cp -r expectations "$work/expectations"
chmod -R a+rX "$work"
mkdir "$work/out1" "$work/out2"
chown nobody "$work/out1" "$work/out2"
as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs)

summary() { jq -r '.summary | "\(.total) instances: \(.conforms) conforms, \(.deviates) deviate, \(.drift) drift, \(.skipped) skipped, \(.error) errors"' "$1"; }
status=0

echo "== 1. as nobody, with unprivileged user namespaces"
"${as_nobody[@]}" "$work/listen-conformance" run -q -j 2 --expectations "$work/expectations/linux.yaml" --report-dir "$work/out1" >/dev/null || true
summary "$work/out1/results.json"
jq -r '.machine.isolation' "$work/out1/results.json" | sed 's/^/   isolation: /'
[ "$(jq '.summary.error' "$work/out1/results.json")" = 0 ] || { echo "FAIL: errors as nobody"; status=1; }

echo "== 2. as nobody in bubblewrap, user namespaces disabled"
"${as_nobody[@]}" bwrap --unshare-user --disable-userns --unshare-net --uid 65534 --gid 65534 \
  --ro-bind / / --tmpfs /tmp --ro-bind "$work" "$work" --bind "$work/out2" "$work/out2" --proc /proc --dev /dev \
  "$work/listen-conformance" run -q -j 2 --expectations "$work/expectations/linux.yaml" --report-dir "$work/out2" >/dev/null || true
summary "$work/out2/results.json"
jq -r '.machine.isolation' "$work/out2/results.json" | sed 's/^/   isolation: /'
jq -r '[.results[] | select(.verdict == "skipped") | .reason] | group_by(.) | .[] | "   skipped x\(length): \(.[0])"' "$work/out2/results.json" | cut -c1-160
[ "$(jq '.summary.error' "$work/out2/results.json")" = 0 ] || { echo "FAIL: errors without namespaces"; jq -r '.results[] | select(.verdict == "error") | "\(.id): \(.reason)"' "$work/out2/results.json"; status=1; }
cannot=$(jq '[.results[] | select(.verdict == "skipped" and (.reason | startswith("cannot isolate")))] | length' "$work/out2/results.json")
# A case needs isolation when it sets a sysctl or claims something of a fresh namespace
# (`requires: isolation` in the catalogue, setup.require_isolation in results.json).
needs=$(jq '[.results[] | select((((.setup.sysctls | length) > 0) or .setup.require_isolation == true) and ((.reason | startswith("kernel ")) | not))] | length' "$work/out2/results.json")
[ "$cannot" = "$needs" ] || { echo "FAIL: $needs cases need isolation, $cannot were skipped as cannot isolate"; status=1; }
[ "$status" = 0 ] && echo "unprivileged: PASS" || echo "unprivileged: FAIL"
exit "$status"
