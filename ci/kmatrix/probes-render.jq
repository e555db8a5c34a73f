# Renders summary.json of the probes payload (probes-analyse.jq) as matrix.md. jq -r.
def md: tostring | gsub("\\|"; "\\|");
def num($d): if . == null then "-" else (. * pow(10; $d) | round / pow(10; $d) | tostring) end;
def json_or_dash: if . == null then "-" else tojson end;

. as $s
| ($s.targets | map(.name)) as $names
| [
  "# Kernel matrix: listen(2) backlog behaviour across kernels",
  "",
  "Produced by `ci/kernel-matrix.sh`. Payload: \(if $s.payload == "run" then "the conformance suite (`listen-conformance run`, expectations/linux.yaml: \($s.probes | length) case instances)" else "\($s.probes | length) probes (`ci/kmatrix/probes.list`)" end),",
  "run twice on every target. Guests boot Debian's stock kernels in qemu; the host runs the same binary natively.",
  "Reference for the differences: **\($s.reference)** (the newest guest kernel).",
  "RAM-scaled defaults (\($s.ram_scaled | map("`\(.)`") | join(", "))) are made equal by booting the guests",
  "with the host's TCP hash size (`thash_entries=`), and are left out of the comparison.",
  "",
  "## Targets",
  "",
  "| target | kernel | package | accel | to /init (s, guest clock) | qemu wall (s) | payload run 1 / 2 (s, guest clock) | somaxconn (new netns) | tcp_max_syn_backlog | status |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ($s.targets[] | .meta as $m
   | (.probes | to_entries | map(.value.behaviour.sysctls // {}) | map(select(.["net.core.somaxconn"] != null)) | .[0] // {}) as $sy
   | "| \(.name) | \($m.kernel // "-" | md) | \(if $m.package then "\($m.package) \($m.version)\(if $m.fallback then " (fallback)" else "" end)" else "-" end | md) | \($m.accel // "-") | \($m.init_uptime_s | num(2)) | \($m.qemu_wall_s | num(1)) | \($m.run1_s | num(2)) / \($m.run2_s | num(2)) | \($sy["net.core.somaxconn"] // "-") | \($m.tcp_max_syn_backlog // "-") | \($m.status // "-" | md) |"),
  "",
  "## Observations",
  "",
  "Each cell: \(if $s.payload == "run" then "the runner's verdict, then " else "" end)the attempts of the flood in order (A accepted, E established_unaccepted, R reset,",
  "X refused, . no_answer) and `bl=` the effective backlog read back from the kernel.",
  "**unstable** = the two runs on that target disagreed (not a kernel difference).\(if $s.payload == "run" then " `skipped`: the runner skipped the case there (its reason is under Not compared when only some targets skipped it)." else "" end)",
  "",
  "| probe | \($names | join(" | ")) |",
  "|---|\($names | map("---") | join("|"))|",
  ($s.probes[] as $p
   | "| `\($p.name)` | \([$s.targets[] | .probes[$p.name] | if .stable or .skip then "`\(.cell)`" else "**unstable** `\(.cell)`" end] | join(" | ")) |"),
  "",
  "## Differences against \($s.reference)",
  "",
  (if ($s.differences | length) == 0 then
     "**No behaviour differences**: every probe that was stable on both sides observed the same on every target as on \($s.reference)."
   else
     ($s.differences | group_by(.probe)[] as $g
      | "### `\($g[0].probe)`", "",
        "Rule: \($g[0].cite)", "",
        ($g[] | "- **\(.target)**: `\(.target_cell)` (\($s.reference): `\(.reference_cell)`)",
                (.fields[] | "  - `\(.field)`: \(.target | json_or_dash) (\($s.reference): \(.reference | json_or_dash))")),
        "")
   end),
  "",
  "## Not compared",
  "",
  (if ($s.not_compared | length) == 0 then "Nothing: every probe gave the same result twice on every target."
   else ($s.not_compared[] as $n
         | ($s.targets[] | select(.name == $n.target) | .probes[$n.probe].unstable_fields) as $f
         | "- \($n.target) / `\($n.probe)`: \($n.why)\(if ($f | length) > 0 then " (" + ($f | map("`\(.field)`: \(.a | json_or_dash) then \(.b | json_or_dash)") | join("; ")) + ")" else "" end)")
   end),
  "",
  "## Probes",
  "",
  "| probe | \(if $s.payload == "run" then "summary" else "arguments" end) | rule |",
  "|---|---|---|",
  ($s.probes[] | "| `\(.name)` | \(if $s.payload == "run" then .args | md else "`\(.args | md)`" end) | \(.cite | md) |")
] | .[]
