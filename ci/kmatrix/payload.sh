# The payload of the kernel matrix: what runs on every target, each guest kernel and the host.
# Sourced, never executed. POSIX sh: busybox ash runs it in the guests, bash on the host.
#
# Environment:
#   LC_BIN              the listen-conformance binary
#   LC_KMATRIX_DIR      the directory holding probes.list (and this file)
#   LC_EXPECTATIONS     the expectations/ directory
#   LC_KMATRIX_PAYLOAD  run (default) or probes
#   LC_JOBS             (run) worker processes at a time (default 1)
#
# lc_payload OUTDIR   one measurement pass; writes its result files into OUTDIR (created).
#                     ci/kernel-matrix.sh calls it twice per target (OUTDIR run1, run2) so that an
#                     outcome that changes between two passes is reported as unstable.
#
# probes: one `probe --json` per line of probes.list: OUTDIR/<name>.json (the observation),
#         <name>.err (stderr), <name>.rc (exit status), and timing.txt (per probe: name, start
#         and end in seconds of /proc/uptime).
# run:    the conformance suite, `run --measure-version-skipped` on expectations/linux.yaml:
#         OUTDIR/results.json (and the runner's other reports), run.out, run.err, run.rc. The case
#         instances a kernel's version puts outside their `when` range are measured too (and stay
#         skipped), so that `diff` between kernels shows their observations. -j 1: a guest has
#         one CPU, and the cases are measured one at a time as on the host. The runner spawns
#         listen-conformance-worker when it sits beside LC_BIN (the static worker: under
#         emulation its processes start in ~30 ms, the full program's in ~160).

lc_payload() {
  case "${LC_KMATRIX_PAYLOAD:-run}" in
    probes) lc_payload_probes "$1" ;;
    *) lc_payload_run "$1" ;;
  esac
}

lc_payload_run() {
  mkdir -p "$1"
  lc_rc=0
  "$LC_BIN" run --expectations "$LC_EXPECTATIONS/linux.yaml" --report-dir "$1" -j "${LC_JOBS:-1}" -q \
    --measure-version-skipped \
    > "$1/run.out" 2> "$1/run.err" < /dev/null || lc_rc=$?
  echo "$lc_rc" > "$1/run.rc"
}

lc_payload_probes() {
  lc_out=$1
  mkdir -p "$lc_out"
  while IFS='|' read -r lc_name lc_args lc_cite; do
    # shellcheck disable=SC2086  # trims the name; the arguments are words by design
    set -- $lc_name
    lc_name=${1:-}
    case "$lc_name" in '' | '#'*) continue ;; esac
    lc_rc=0
    lc_t0=$(cut -d' ' -f1 /proc/uptime)
    # shellcheck disable=SC2086
    "$LC_BIN" probe $lc_args --json > "$lc_out/$lc_name.json" 2> "$lc_out/$lc_name.err" < /dev/null || lc_rc=$?
    echo "$lc_rc" > "$lc_out/$lc_name.rc"
    echo "$lc_name $lc_t0 $(cut -d' ' -f1 /proc/uptime)" >> "$lc_out/timing.txt"
  done < "$LC_KMATRIX_DIR/probes.list"
  : "$lc_cite"  # read for the page, not used here
}
