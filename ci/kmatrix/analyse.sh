# Host-side judgement of the kernel matrix. Sourced by ci/kernel-matrix.sh (bash).
#
# lc_analyse OUT REFERENCE TARGET...
#   reads OUT/<target>/{meta.json,run1/,run2/} for every target and writes
#   OUT/summary.json   every target x probe: compact cell, stable across the two runs or not,
#                      and the behaviour differences of every target against REFERENCE
#   OUT/diff/<target>-vs-<REFERENCE>.json   the differences of one target
#   OUT/matrix.md      the matrix page
#
# It judges both payloads (analyse.jq, render.jq): the probes' observations, or the observations
# and verdicts in the results.json of `run`. Once the runner has `diff` and `merge`, this
# function's body becomes the runner's own commands, roughly:
#   unstable cases:  listen-conformance diff OUT/T/run1/results.json OUT/T/run2/results.json
#   differences:     listen-conformance diff OUT/REF/run1/results.json OUT/T/run1/results.json
#                    (minus the cases unstable on either side)
#   matrix page:     listen-conformance merge OUT/*/run1/results.json --out OUT/matrix

lc_kmatrix_dir=${lc_kmatrix_dir:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
lc_payload_kind=${lc_payload_kind:-probes}   # probes | run (what payload.sh ran)

# The sysctls whose defaults scale with RAM (tcp_max_syn_backlog = max(128, ehash/128),
# tcp_sk_init()): equalised with thash_entries= and also left out of the comparison.
lc_ram_scaled_sysctls='["net.ipv4.tcp_max_syn_backlog"]'

lc_probes_json() {  # probes.list as JSON: [{name, args, cite}]
  local name args cite
  while IFS='|' read -r name args cite; do
    case "$name" in '' | '#'*) continue ;; esac
    jq -n --arg name "$name" --arg args "$args" --arg cite "$cite" \
      'def trim: sub("^\\s+"; "") | sub("\\s+$"; "");
       {name: ($name | trim), args: ($args | trim), cite: ($cite | trim)}'
  done < "$lc_kmatrix_dir/probes.list" | jq -s .
}

lc_collect_target() {  # DIR NAME -> {name, meta, runs: {run1: {id: {obs, verdict, skip, cite, args}}}}
  local dir=$1 name=$2 files=() meta='{}'
  [ -f "$dir/meta.json" ] && meta=$(cat "$dir/meta.json")
  shopt -s nullglob
  if [ "$lc_payload_kind" = run ]; then files=("$dir"/run*/results.json); else files=("$dir"/run*/*.json); fi
  shopt -u nullglob
  if [ "${#files[@]}" -eq 0 ]; then
    jq -n --arg name "$name" --argjson meta "$meta" '{name: $name, meta: $meta, runs: {}}'
  elif [ "$lc_payload_kind" = run ]; then
    jq -n --arg name "$name" --argjson meta "$meta" '
      reduce inputs as $r ({};
        (input_filename | split("/"))[-2] as $run
        | reduce ($r.results // [])[] as $c (.;
            .[$run][$c.id] = {obs: $c.observation, verdict: $c.verdict,
                              skip: (if $c.verdict == "skipped" then ($c.reason // "skipped") else null end),
                              cite: ([($c.cite // [])[] | .title] | join("; ")), args: ($c.summary // "")}))
      | {name: $name, meta: $meta, runs: .}' "${files[@]}"
  else
    jq -n --arg name "$name" --argjson meta "$meta" '
      reduce inputs as $o ({};
        (input_filename | split("/")) as $p
        | .[$p[-2]][$p[-1] | rtrimstr(".json")] = {obs: $o, verdict: null, skip: null})
      | {name: $name, meta: $meta, runs: .}' "${files[@]}"
  fi
}

lc_analyse() {
  local out=$1 ref=$2
  shift 2
  local t
  mkdir -p "$out/diff"
  {
    for t in "$@"; do lc_collect_target "$out/$t" "$t"; done
  } | jq -s --arg ref "$ref" --argjson ram "$lc_ram_scaled_sysctls" \
        --argjson probes "$(if [ "$lc_payload_kind" = run ]; then echo null; else lc_probes_json; fi)" \
        --arg payload "$lc_payload_kind" \
        '{reference: $ref, payload: $payload, ram_scaled: $ram, probes: $probes, targets: .}' \
    | jq -f "$lc_kmatrix_dir/analyse.jq" > "$out/summary.json"
  for t in "$@"; do
    [ "$t" = "$ref" ] && continue
    jq --arg t "$t" '{target: $t, reference: .reference,
                      differences: [.differences[] | select(.target == $t)],
                      not_compared: [.not_compared[] | select(.target == $t)]}' \
      "$out/summary.json" > "$out/diff/$t-vs-$ref.json"
  done
  jq -r -f "$lc_kmatrix_dir/render.jq" "$out/summary.json" > "$out/matrix.md"
}
