#!/usr/bin/env python3
"""KTAP from `listen-conformance report --format ktap`-equivalent output, read by the kernel's own
parser (tools/testing/kunit/kunit_parser.py of a kernel source tree).

Usage: kunit_parser_check.py KUNIT_DIR KTAP_FILE RESULTS_JSON

Passes when kunit_parser reads the KTAP without a parse error and counts exactly what the
results say: passed = conforms + documentation drift, failed = behaviour deviations + errors,
skipped = skipped, one test per case instance, in order and by name.
"""
import json
import sys

kunit_dir, ktap_file, results_file = sys.argv[1:4]
sys.path.insert(0, kunit_dir)
import kunit_parser  # noqa: E402  (the kernel's)

with open(ktap_file, encoding="utf-8") as f:
    lines = f.read().splitlines()
with open(results_file, encoding="utf-8") as f:
    results = json.load(f)["results"]

test = kunit_parser.parse_run_tests(lines)
problems = []
if test.counts.errors:
    problems.append(f"kunit_parser reported {test.counts.errors} parse error(s)")
expected = {
    "passed": sum(r["verdict"] == "conforms" or (r["verdict"] == "deviates" and r["drift"]) for r in results),
    "failed": sum((r["verdict"] == "deviates" and not r["drift"]) or r["verdict"] == "error" for r in results),
    "skipped": sum(r["verdict"] == "skipped" for r in results),
}
got = {"passed": test.counts.passed, "failed": test.counts.failed + test.counts.crashed, "skipped": test.counts.skipped}
if got != expected:
    problems.append(f"counts {got}, the results say {expected}")
names = [t.name for t in test.subtests]
if names != [r["id"] for r in results]:
    problems.append(f"test names {names[:3]}... are not the case instance ids in order")
for p in problems:
    print("FAIL:", p)
print("kunit_parser:", test.counts, "status", test.status.name)
sys.exit(1 if problems else 0)
