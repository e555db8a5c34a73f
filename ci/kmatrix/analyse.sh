# Host-side judgement of the kernel matrix. Sourced by ci/kernel-matrix.sh (bash).
#
# lc_analyse OUT REFERENCE TARGET...
#   reads OUT/<target>/{meta.json,run1/,run2/} for every target. With the `run` payload (the
#   default) everything is the runner's own `diff` and `merge` (LC_BIN, the native binary):
#     unstable:     listen-conformance diff OUT/T/run1/results.json OUT/T/run2/results.json
#                   -> OUT/unstable/<T>.{json,md}: the instances whose observation or verdict changed
#                   between two runs on the same kernel
#     differences: listen-conformance diff OUT/T/run1/results.json OUT/REF/run1/results.json
#                   --exclude <unstable on T or on REF>...
#                   -> OUT/diff/<T>-vs-<REF>.{md,html,json} (base = the target, new = the reference:
#                   what changes on the way to the reference kernel), each change with its citations
#     matrix page:  listen-conformance merge OUT/*/run1/results.json --out OUT -> OUT/matrix.{md,html}
#   then OUT/summary.json (index.jq's input: targets, differences, unstable instances, RAM-scaled
#   values found in the differences) and OUT/index.{md,html}, the page that says which kernels
#   differ from the reference, and how (or, explicitly, that none does), and lists the unstable
#   instances. `diff` leaves RAM-scaled sysctls (tcp_max_syn_backlog, ...) out by default; the
#   guests also get the host's TCP hash size (thash_entries=), and summary.json counts any
#   RAM-scaled name that still shows up in a difference (expected: none).
#   With `--payload probes` (no results.json) the probes' own analysis runs instead
#   (probes-analyse.jq, probes-render.jq -> summary.json, diff/<T>-vs-<REF>.json, matrix.md).

lc_kmatrix_dir=${lc_kmatrix_dir:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
lc_payload_kind=${lc_payload_kind:-run}   # run | probes (what payload.sh ran)

# The sysctls whose defaults scale with RAM or hash sizes (tcp_max_syn_backlog = max(128,
# ehash/128), tcp_sk_init()): the runner's `diff` leaves the same ones out (diff.cpp,
# environment_scaled_sysctls()); used by the probes analysis and the check in summary.json.
lc_ram_scaled_sysctls='["net.ipv4.tcp_max_syn_backlog","net.ipv4.tcp_max_tw_buckets","net.ipv4.tcp_max_orphans","net.ipv4.tcp_mem","net.ipv4.udp_mem","net.ipv4.tcp_child_ehash_entries"]'

lc_analyse() {
  if [ "$lc_payload_kind" = probes ]; then lc_analyse_probes "$@"; else lc_analyse_run "$@"; fi
}

lc_diff() {  # BASE NEW OUT-WITHOUT-EXTENSION [diff options]: md, html and json; 0 or 1 is fine
  local base=$1 new=$2 stem=$3 fmt rc
  shift 3
  for fmt in md html json; do
    rc=0
    "${LC_BIN:?}" diff "$base" "$new" --format "$fmt" --out "$stem.$fmt" "$@" || rc=$?
    [ "$rc" -le 1 ] || { echo "kernel-matrix: diff $base $new failed (exit $rc)" >&2; return 1; }
  done
}

lc_analyse_run() {
  local out=$1 ref=$2
  shift 2
  local t have=() ex=() id
  rm -rf "$out/diff" "$out/unstable"
  mkdir -p "$out/diff" "$out/unstable"
  for t in "$@"; do
    [ -s "$out/$t/run1/results.json" ] || continue
    have+=("$t")
    [ -s "$out/$t/run2/results.json" ] || continue
    lc_diff "$out/$t/run1/results.json" "$out/$t/run2/results.json" "$out/unstable/$t"
  done
  local ref_ok=0
  [ -s "$out/$ref/run1/results.json" ] && ref_ok=1
  for t in "${have[@]}"; do
    [ "$t" = "$ref" ] || [ "$ref_ok" -eq 0 ] && continue
    ex=()
    while IFS= read -r id; do
      [ -n "$id" ] && ex+=(--exclude "$id")
    done < <(cat "$out/unstable/$t.json" "$out/unstable/$ref.json" 2> /dev/null | jq -r '.instances[].id' | sort -u)
    lc_diff "$out/$t/run1/results.json" "$out/$ref/run1/results.json" "$out/diff/$t-vs-$ref" "${ex[@]}" \
      --exclude-reason "unstable: the observation or verdict changed between two runs on $t or on the reference $ref (unstable/$t.md, unstable/$ref.md)"
  done
  if [ "${#have[@]}" -gt 0 ]; then
    local files=()
    for t in "${have[@]}"; do files+=("$out/$t/run1/results.json"); done
    "$LC_BIN" merge "${files[@]}" --out "$out" > /dev/null
  fi
  lc_summary_json "$out" "$ref" "$@" > "$out/summary.json"
  jq -r -f "$lc_kmatrix_dir/index.jq" --arg format md "$out/summary.json" > "$out/index.md"
  jq -r -f "$lc_kmatrix_dir/index.jq" --arg format html "$out/summary.json" > "$out/index.html"
}

lc_summary_json() {  # OUT REF TARGET...: index.jq's input on stdout
  local out=$1 ref=$2 t
  shift 2
  for t in "$@"; do
    local results=/dev/null unstable=/dev/null diff=/dev/null
    [ -s "$out/$t/run1/results.json" ] && results=$out/$t/run1/results.json
    [ -s "$out/unstable/$t.json" ] && unstable=$out/unstable/$t.json
    [ -s "$out/diff/$t-vs-$ref.json" ] && diff=$out/diff/$t-vs-$ref.json
    jq -n --arg name "$t" --argjson meta "$(cat "$out/$t/meta.json" 2> /dev/null || echo '{}')" \
      --slurpfile results "$results" --slurpfile unstable "$unstable" --slurpfile diff "$diff" \
      --arg diff_page "diff/$t-vs-$ref" --arg unstable_page "unstable/$t" '
      def changes: [.instances[] | {id, change, summary, verdict, fields, cite: [.cite[] | {title, url}]}];
      ($results[0] // null) as $r
      | {name: $name, meta: $meta,
         machine: (if $r then $r.machine | {kernel_release, kernel_version} else null end),
         verdicts: (if $r then $r.summary else null end),
         runs_compared: ($unstable | length > 0),
         unstable: (if ($unstable | length) > 0 then ($unstable[0] | changes) else [] end),
         unstable_page: (if ($unstable | length) > 0 then $unstable_page else null end),
         diff: (if ($diff | length) > 0 then
                  ($diff[0] | {page: $diff_page, summary, excluded: .excluded.instances, instances: changes})
                else null end)}'
  done | jq -s --arg ref "$ref" --argjson ram "$lc_ram_scaled_sysctls" '
    {format: "listen-conformance/kernel-matrix-summary", version: 2, payload: "run",
     reference: $ref, ram_scaled: $ram, targets: .,
     differing: [.[] | select(.diff != null and (.diff.instances | length) > 0) | .name],
     ram_scaled_in_differences: [.[] | .name as $t | (.diff.instances // [])[] | .id as $id | .fields[]
                                 | select(.field as $f | $ram | any(. as $k | $f | contains($k)))
                                 | {target: $t, id: $id, field}]}'
}

# ---------------------------------------------------------------- the probes payload
lc_probes_json() {  # probes.list as JSON: [{name, args, cite}]
  local name args cite
  while IFS='|' read -r name args cite; do
    case "$name" in '' | '#'*) continue ;; esac
    jq -n --arg name "$name" --arg args "$args" --arg cite "$cite" \
      'def trim: sub("^\\s+"; "") | sub("\\s+$"; "");
       {name: ($name | trim), args: ($args | trim), cite: ($cite | trim)}'
  done < "$lc_kmatrix_dir/probes.list" | jq -s .
}

lc_collect_probes() {  # DIR NAME -> {name, meta, runs: {run1: {probe: {obs, verdict: null, skip: null}}}}
  local dir=$1 name=$2 files=() meta='{}'
  [ -f "$dir/meta.json" ] && meta=$(cat "$dir/meta.json")
  shopt -s nullglob
  files=("$dir"/run*/*.json)
  shopt -u nullglob
  if [ "${#files[@]}" -eq 0 ]; then
    jq -n --arg name "$name" --argjson meta "$meta" '{name: $name, meta: $meta, runs: {}}'
  else
    jq -n --arg name "$name" --argjson meta "$meta" '
      reduce inputs as $o ({};
        (input_filename | split("/")) as $p
        | .[$p[-2]][$p[-1] | rtrimstr(".json")] = {obs: $o, verdict: null, skip: null})
      | {name: $name, meta: $meta, runs: .}' "${files[@]}"
  fi
}

lc_analyse_probes() {
  local out=$1 ref=$2
  shift 2
  local t
  mkdir -p "$out/diff"
  {
    for t in "$@"; do lc_collect_probes "$out/$t" "$t"; done
  } | jq -s --arg ref "$ref" --argjson ram "$lc_ram_scaled_sysctls" --argjson probes "$(lc_probes_json)" \
        '{reference: $ref, payload: "probes", ram_scaled: $ram, probes: $probes, targets: .}' \
    | jq -f "$lc_kmatrix_dir/probes-analyse.jq" > "$out/summary.json"
  for t in "$@"; do
    [ "$t" = "$ref" ] && continue
    jq --arg t "$t" '{target: $t, reference: .reference,
                      differences: [.differences[] | select(.target == $t)],
                      not_compared: [.not_compared[] | select(.target == $t)]}' \
      "$out/summary.json" > "$out/diff/$t-vs-$ref.json"
  done
  jq -r -f "$lc_kmatrix_dir/probes-render.jq" "$out/summary.json" > "$out/matrix.md"
}
