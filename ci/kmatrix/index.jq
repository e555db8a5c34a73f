# The kernel matrix's index page (OUT/index.md and OUT/index.html) from OUT/summary.json (see
# analyse.sh): which kernels differ from the reference and how, with citations -- or, explicitly,
# that none does --, the unstable case instances, the RAM-scaled values, and links to the matrix
# page and the diffs. jq -r --arg format md|html.
#
# The page is built once as blocks of spans, then rendered in the format asked for:
#   block: {h: LEVEL, s: SPANS} | {p: SPANS} | {table: {head: [SPANS], rows: [[SPANS]]}} | {ul: [SPANS]}
#   span:  "text" | {code: "x"} | {b: "x"} | {a: URL, t: "text"}

def esc_md: tostring | gsub("(?<c>[|*_`\\[\\]<>])"; "\\\(.c)");
def esc_html: tostring | @html;
def span_md:
  if type == "string" then esc_md
  elif .code then "`\(.code | tostring | gsub("`"; "'") | gsub("\\|"; "\\|"))`"
  elif .b then "**\(.b | esc_md)**"
  elif .a then "[\(.t | esc_md)](\(.a))"
  else "" end;
def span_html:
  if type == "string" then esc_html
  elif .code then "<code>\(.code | esc_html)</code>"
  elif .b then "<strong>\(.b | esc_html)</strong>"
  elif .a then "<a href=\"\(.a | esc_html)\">\(.t | esc_html)</a>"
  else "" end;
def spans_md: if type == "array" then map(span_md) | join("") else span_md end;
def spans_html: if type == "array" then map(span_html) | join("") else span_html end;

def render_md:
  if .h then ("#" * .h) + " " + (.s | spans_md) + "\n"
  elif .p then (.p | spans_md) + "\n"
  elif .table then
    "| " + (.table.head | map(spans_md) | join(" | ")) + " |\n"
    + "|" + (.table.head | map("---") | join("|")) + "|\n"
    + (.table.rows | map("| " + (map(spans_md | gsub("\n"; " ")) | join(" | ")) + " |\n") | join(""))
  elif .ul then (.ul | map("- " + spans_md + "\n") | join(""))
  else "" end;
def render_html:
  if .h then "<h\(.h)>\(.s | spans_html)</h\(.h)>"
  elif .p then "<p>\(.p | spans_html)</p>"
  elif .table then
    "<table><tr>" + (.table.head | map("<th>" + spans_html + "</th>") | join("")) + "</tr>"
    + (.table.rows | map("<tr>" + (map("<td>" + spans_html + "</td>") | join("")) + "</tr>") | join(""))
    + "</table>"
  elif .ul then "<ul>" + (.ul | map("<li>" + spans_html + "</li>") | join("")) + "</ul>"
  else "" end;

def num($d): if . == null then "-" else (. * pow(10; $d) | round / pow(10; $d) | tostring) end;
def plural($n; $one; $many): "\($n) \(if $n == 1 then $one else $many end)";
def kernel_of: .machine.kernel_release // .meta.kernel // "-";
def version_of: if .machine.kernel_version then " (\(.machine.kernel_version))" else "" end;
def pages($stem): [" (", {a: "\($stem).md", t: "md"}, ", ", {a: "\($stem).html", t: "html"}, ", ",
                   {a: "\($stem).json", t: "json"}, ")"];
def field_row($f): [[{code: $f.field}], [$f.base], [$f.new]];
# The fields a reader looks at first: what the observation shows, counters only when nothing else differs.
def key_fields:
  [.fields[] | select(.field | test("^observation\\.") and (test("^observation\\.(counters|attempts)") | not))] as $main
  | if ($main | length) > 0 then $main
    else [.fields[] | select(.field | startswith("observation."))] as $obs
    | if ($obs | length) > 0 then $obs else [.fields[] | select(.field != "verdict")] end end;
# Sources by their first word ("3479c7549fb1", "include/net/sock.h", "listen(2)"), linked.
def short_cites: [.cite | to_entries[] | (if .key > 0 then ", " else "" end),
                  (.value.title | split(" ")[0] | rtrimstr(",") | rtrimstr(":")) as $short
                  | (if .value.url != "" then {a: .value.url, t: $short} else $short end)];
def cites: [.cite | to_entries[] | (if .key > 0 then "; " else "" end), (if .value.url != "" then {a: .value.url, t: .value.title} else .value.title end)];

. as $s
| ($s.targets | map(select(.name == $s.reference))[0]) as $ref
| ($s.targets | map(select(.name != $s.reference))) as $others
| ($others | map(select(.diff != null))) as $compared
| ($s.targets | map(.unstable | length) | add // 0) as $unstable_n
| [
  {h: 1, s: "Kernel matrix: listen(2) backlog behaviour across Linux kernels"},
  {p: ["Produced by ", {code: "ci/kernel-matrix.sh"}, ". Every target ran the conformance suite twice (",
       {code: "listen-conformance run --measure-version-skipped"}, " on expectations/linux.yaml): Debian's stock ",
       "kernels booted in qemu, and the host natively. Case instances that a kernel's version puts outside their ",
       {code: "when"}, " range stay skipped but are measured anyway, so a behaviour change shows as an observation ",
       "difference. Reference: ", {b: $s.reference}, " (", ($ref | kernel_of), "), the newest guest kernel; each diff ",
       "has the target as its base and the reference as the new side."]},
  (if $ref == null or $ref.verdicts == null then
     {p: [{b: "No comparison: the reference \($s.reference) gave no results."}]}
   elif ($compared | length) == 0 then
     {p: [{b: "No comparison: no other target gave results."}]}
   elif ($s.differing | length) == 0 then
     {p: [{b: "No kernel differs from the reference \($s.reference)."}, " Every case instance measured on ",
          ($compared | map(.name) | join(", ")), " has the same observation and verdict as on ", $s.reference,
          " (timings and RAM-scaled values left out",
          (if $unstable_n > 0 then "; the \(plural($unstable_n; "unstable instance"; "unstable instances")) below not compared" else "" end),
          ")."]}
   else
     {p: [{b: "\($s.differing | length) of \($compared | length) targets \(if ($s.differing | length) == 1 then "differs" else "differ" end) from the reference \($s.reference): \($s.differing | join(", "))."},
          " Every difference is listed below with its sources."]}
   end),
  {p: ["The matrix of every case instance per target: ", {a: "matrix.md", t: "matrix.md"}, " (",
       {a: "matrix.html", t: "matrix.html"}, ", with the capacity charts)."]},

  {h: 2, s: "Targets"},
  {table: {head: ["Target", "Kernel", "Accel", "Status", "Verdicts (run 1)", "Differences vs \($s.reference)", "Unstable",
                  "/init (s)", "Run 1 / 2 (s)", "qemu wall (s)"],
           rows: [$s.targets[] | . as $t | [
             [{b: .name}],
             [kernel_of + version_of + (if .meta.fallback then " (fallback of \(.meta.pinned))" else "" end)],
             [.meta.accel // "-"],
             [.meta.status // "-"],
             [if .verdicts then "\(.verdicts.conforms) conform, \(.verdicts.deviates) deviate, \(.verdicts.skipped) skipped, \(.verdicts.error) error" else "no results" end],
             (if .name == $s.reference then ["reference"]
              elif .diff == null then ["not compared"]
              elif (.diff.instances | length) == 0 then ["none"] + pages(.diff.page)
              else [{b: "\(.diff.instances | length)"}] + pages(.diff.page) end),
             (if .runs_compared | not then ["one run only"]
              elif (.unstable | length) == 0 then ["none"]
              else ["\(.unstable | length)", " (", {a: "\(.unstable_page).md", t: "diff"}, ")"] end),
             [.meta.init_uptime_s | num(2)],
             ["\(.meta.run1_s | num(2)) / \(.meta.run2_s | num(2))"],
             [.meta.qemu_wall_s | num(1)]]]}},

  {h: 2, s: "Differences against \($s.reference)"},
  (if ($compared | map(.diff.instances | length) | add // 0) > 0 then
     {p: ["Observed: the observation's fields that differ (outcome counts, queue length, backlog; the kernel counters where nothing else differs). Every field, the checks and the full citations: the diff pages linked per target."]}
   else empty end),
  (if ($compared | length) == 0 then {p: "Nothing to compare."} else empty end),
  ($compared[] | . as $t
   | {h: 3, s: (["\($t.name): ", ($t | kernel_of), " → \($s.reference): ",
                 (if ($t.diff.instances | length) == 0 then "no difference" else plural($t.diff.instances | length; "case instance differs"; "case instances differ") end)]
                + pages($t.diff.page))},
     {p: ["\($t.diff.summary.unchanged) unchanged", (if ($t.diff.excluded | length) > 0 then ", \($t.diff.excluded | length) not compared (unstable on \($t.name) or \($s.reference))" else "" end), "."]},
     (if ($t.diff.instances | length) > 0 then
        {table: {head: ["Case instance", "Verdict \($t.name) → \($s.reference)", "Observed \($t.name) → \($s.reference)", "Sources"],
                 rows: [$t.diff.instances[] | [
                   [{code: .id}],
                   [if .change == "changed" then "\(.verdict.base) → \(.verdict.new)" else "\(.change) (\(.verdict.base // .verdict.new))" end],
                   (key_fields | map([{code: (.field | ltrimstr("observation."))}, " \(.base) → \(.new)"]) | (reduce .[] as $x ([]; if length > 0 then . + ["; "] + $x else $x end))),
                   short_cites]]}}
      else empty end)),

  {h: 2, s: "Unstable case instances"},
  {p: "An instance whose observation or verdict changed between the two runs on the same target is unstable under that target's conditions (emulation, load); it is left out of that target's differences and listed here, never reported as a kernel difference."},
  (if $unstable_n == 0 then
     {p: [{b: "None"}, ": every case instance gave the same observation and verdict in both runs on every target",
          (if ($s.targets | map(select(.runs_compared | not)) | length) > 0 then
             " that ran twice (one run only: \($s.targets | map(select(.runs_compared | not) | .name) | join(", ")))" else "" end), "."]}
   else
     ($s.targets[] | select((.unstable | length) > 0) | . as $t
      | {h: 3, s: (["\($t.name): \(plural($t.unstable | length; "instance"; "instances"))"] + pages($t.unstable_page))},
        {ul: [$t.unstable[] | [{code: .id}, ": "] + ([.fields[] | [{code: .field}, " \(.base) then \(.new)"]] | map(. + ["; "]) | add // [] | .[:-1])]})
   end),

  {h: 2, s: "RAM-scaled values"},
  {p: ["Defaults that scale with memory (", ($s.ram_scaled | map({code: .}) | (reduce .[] as $x ([]; if length > 0 then . + [", ", $x] else [$x] end)) | .[]),
       ") are no kernel difference. The guests boot with the host's TCP hash size (",
       {code: "thash_entries=\($s.targets | map(.meta.thash_entries // empty) | first // "-")"},
       "), so their tcp_max_syn_backlog is the host's: ",
       ($s.targets | map("\(.name) \(.meta.tcp_max_syn_backlog // "-")") | join(", ")),
       "; and ", {code: "diff"}, " leaves them out by default. In the differences above: ",
       (if ($s.ram_scaled_in_differences | length) == 0 then {b: "none"}
        else {b: ($s.ram_scaled_in_differences | map("\(.target) \(.id) \(.field)") | join("; "))} end), "."]}
]
| if $format == "html" then
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>Kernel matrix</title>"
    + "<style>body{font-family:system-ui,sans-serif;max-width:80em;margin:1em auto;padding:0 1em;line-height:1.4}"
    + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    + "code{font-size:90%;background:#f4f4f4;padding:0 .2em}</style></head><body>\n"
    + (map(render_html) | join("\n")) + "\n</body></html>"
  else map(render_md) | join("\n") end
