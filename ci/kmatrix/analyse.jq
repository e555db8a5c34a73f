# Judges the kernel matrix from the probe payload's observations (see analyse.sh).
# Input: {reference, ram_scaled: [sysctl], probes: [{name, args, cite}],
#         targets: [{name, meta, runs: {run1: {probe: observation}, run2: {...}}}]}
# Output: summary.json -- per target and probe a compact cell and whether the two runs agreed,
# and per non-reference target the behaviour differences against the reference.

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

def cell:
  if .missing then "no result"
  elif .failure != null then "error: \(.failure.kind // .failure)"
  else "\(.attempts) bl=\(.effective_backlog)" end;

.ram_scaled as $ram
| .reference as $ref
| .probes as $probes
| (.targets | map(
    . as $t
    | ($t.runs | keys | sort) as $runs
    | {name, meta,
       probes: ($probes | map(.name as $p
         | ($runs | map($t.runs[.][$p] | behaviour($ram))) as $b
         | {key: $p, value: {
             cell: ($b[0] | cell),
             runs: ($runs | length),
             stable: (($runs | length) >= 2 and ($b | unique | length) == 1),
             unstable_fields: (if ($b | length) >= 2 then changes($b[0]; $b[1]) else [] end),
             behaviour: $b[0]}})
         | from_entries)}
  )) as $targets
| ($targets | map(select(.name == $ref))[0]) as $r
| {
    format: "listen-conformance/kernel-matrix-summary", version: 1,
    reference: $ref, ram_scaled: $ram, probes: $probes,
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
       | select(($t.probes[$p.name].stable | not) or ($r != null and ($r.probes[$p.name].stable | not)))
       | {target: $t.name, probe: $p.name,
          why: (if ($t.probes[$p.name].stable | not) then "unstable on \($t.name)"
                else "unstable on the reference \($ref)" end)}]
  }
