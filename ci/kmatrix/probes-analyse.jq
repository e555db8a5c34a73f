# Judges the kernel matrix from the probes payload's observations (--payload probes; see analyse.sh).
# Input: {reference, ram_scaled: [sysctl], probes: [{name, args, cite}] or null,
#         targets: [{name, meta, runs: {run1: {<probe or case id>: ENTRY}, run2: {...}}}]}
#   ENTRY: {obs: observation or null, verdict: null (probe payload) or the runner's verdict,
#           skip: null or why the runner skipped the case, cite, args}
#   probes null (the `run` payload): every case id seen, in order, with its cite.
# Output: summary.json -- per target and probe a compact cell and whether the runs agreed, and per
# non-reference target the behaviour differences against the reference.

def kept_counters: [
  "TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TCPReqQFullDrop",
  "TcpExt.TCPReqQFullDoCookies", "TcpExt.SyncookiesSent", "TcpExt.SyncookiesRecv",
  "TcpExt.SyncookiesFailed", "TcpExt.TCPDeferAcceptDrop", "TcpExt.TCPAbortOnOverflow"];

def letter: {"accepted": "A", "established_unaccepted": "E", "reset": "R",
             "refused": "X", "no_answer": "."}[.] // "?";

# The behaviour of one observation: what a kernel difference may show up in. Left out: timings,
# the kernel's name, how the worker decided (evidence), traffic counters, and the sysctls whose
# default scales with RAM ($ram; the guests get the host's hash size, see kernel-matrix.sh).
def behaviour($ram):
  if . == null then {missing: true}
  else {
    listen_ok, listen_error, failure, relisten_error,
    effective_backlog, effective_backlog_initial, queue_length,
    attempts: ((.attempts // []) | map(letter) | join("")),
    outcomes, accepted_later,
    counters: ((.counters // {}) | with_entries(select(.key as $k | kept_counters | any(. == $k)))),
    sysctls: ((.sysctls // {}) | with_entries(select(.key as $k | $ram | any(. == $k) | not)))
  } end;

def flat: [paths(scalars) as $p | {key: ($p | map(tostring) | join(".")), value: getpath($p)}]
          | from_entries;

def changes($a; $b):   # fields whose values differ, as [{field, a, b}]
  ($a | flat) as $fa | ($b | flat) as $fb
  | [($fa | keys) + ($fb | keys) | unique[] | select($fa[.] != $fb[.])
     | {field: ., a: $fa[.], b: $fb[.]}];

def obs_cell:
  if .missing then "no result"
  elif .failure != null then "error: \(.failure.kind // .failure)"
  elif (.attempts | length) == 0 then "listen \(if .listen_ok then "ok" else (.listen_error // "failed") end) bl=\(.effective_backlog)"
  else "\(.attempts) bl=\(.effective_backlog)" end;

def first_seen: reduce .[] as $x ([]; if any(.[]; . == $x) then . else . + [$x] end);

.ram_scaled as $ram
| .reference as $ref
| (.probes // (
    [.targets[] | .runs[] | to_entries[]] as $all
    | [$all[] | .key] | first_seen
    | map(. as $id | ($all | map(select(.key == $id)) | .[0].value) as $e
          | {name: $id, args: ($e.args // ""), cite: ($e.cite // "")}))) as $probes
| (.targets | map(
    . as $t
    | ($t.runs | keys | sort) as $runs
    | {name, meta,
       probes: ($probes | map(.name as $p
         | ($runs | map($t.runs[.][$p])) as $e
         | ($e | map(.obs | behaviour($ram))) as $b
         | ($e | map(select(. != null) | .skip // empty) | .[0]) as $skip
         | ($e | map(select(. != null) | .verdict // empty)) as $verdicts
         | {key: $p, value: {
             cell: (if $skip then "skipped"
                    else (($verdicts | if length > 0 then .[0] + " " else "" end) + ($b[0] | obs_cell)) end),
             skip: $skip,
             verdict: ($verdicts[0] // null),
             runs: ($runs | length),
             stable: ($skip == null and ($runs | length) >= 2 and ($b | unique | length) == 1
                      and ($verdicts | unique | length) <= 1),
             unstable_fields: (if $skip == null and ($b | length) >= 2 then changes($b[0]; $b[1]) else [] end),
             behaviour: $b[0]}})
         | from_entries)}
  )) as $targets
| ($targets | map(select(.name == $ref))[0]) as $r
| {
    format: "listen-conformance/kernel-matrix-summary", version: 1,
    reference: $ref, payload: (.payload // "probes"), ram_scaled: $ram, probes: $probes,
    targets: $targets,
    differences: (if $r == null then [] else
      [$targets[] | select(.name != $ref) as $t | $probes[] as $p
       | ($t.probes[$p.name]) as $tp | ($r.probes[$p.name]) as $rp
       | select($tp.stable and $rp.stable)
       | changes($rp.behaviour; $tp.behaviour) as $c
       | select($c | length > 0)
       | {target: $t.name, probe: $p.name, cite: $p.cite,
          reference_cell: $rp.cell, target_cell: $tp.cell,
          fields: ($c | map({field, reference: .a, target: .b}))}]
      end),
    not_compared: [$targets[] as $t | $probes[] as $p
       | ($t.probes[$p.name]) as $tp | (if $r == null then null else $r.probes[$p.name] end) as $rp
       | select(($tp.stable | not) or ($rp != null and ($rp.stable | not)))
       # a case skipped on both sides (or on the reference itself) has nothing to compare: not listed
       | select(($tp.skip != null and ($rp == null or $rp.skip != null or $t.name == $ref)) | not)
       | {target: $t.name, probe: $p.name,
          why: (if $tp.skip then "skipped on \($t.name): \($tp.skip)"
                elif ($tp.stable | not) then "unstable on \($t.name)"
                elif $rp.skip then "skipped on the reference \($ref): \($rp.skip)"
                else "unstable on the reference \($ref)" end)}]
  }
