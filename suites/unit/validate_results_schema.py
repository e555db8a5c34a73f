#!/usr/bin/env python3
"""Validates listen-conformance results files against the JSON Schema.

usage: validate_results_schema.py SCHEMA RESULTS.json... [--well-formed FILE.xml...]

Every RESULTS file must validate; broken copies of the first one (a wrong verdict, a missing
machine, a wrong version, ...) must not, so the schema is shown to reject what it should.
Files after --well-formed must parse as XML (JUnit, the XHTML report). Exit 0 ok, 1 failures.
"""
import copy
import json
import sys
import xml.etree.ElementTree as ET

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is missing (ci/install-deps.sh installs it)", file=sys.stderr)
    sys.exit(1)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    args = argv[1:]
    xml_files = []
    if "--well-formed" in args:
        i = args.index("--well-formed")
        xml_files = args[i + 1:]
        args = args[:i]
    schema_path, files = args[0], args[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    failures = 0
    docs = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        docs.append(doc)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print(f"{path}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}", file=sys.stderr)
        if errors:
            failures += 1
        else:
            print(f"{path}: valid ({len(doc.get('results', []))} results)")

    def broken(mutate, what):
        nonlocal failures
        doc = copy.deepcopy(docs[0])
        mutate(doc)
        if validator.is_valid(doc):
            print(f"schema accepts a results file with {what}", file=sys.stderr)
            failures += 1

    if docs and docs[0].get("results"):
        first = lambda d: d["results"][0]
        broken(lambda d: first(d).update(verdict="maybe"), "an unknown verdict")
        broken(lambda d: d.pop("machine"), "no machine facts")
        broken(lambda d: d.update(version=d["version"] + 1), "a later version")
        broken(lambda d: first(d).update(error_kind="exploded"), "an unknown error kind")
        broken(lambda d: d.update(format="something-else"), "another format")
        broken(lambda d: first(d).pop("cite"), "a result without citations")
        broken(lambda d: first(d).update(elapsed_ms="fast"), "a non-numeric timing")
        broken(lambda d: d["expectations"].pop("sha256"), "no expectation file hash")
        with_obs = [r for r in docs[0]["results"] if r.get("observation")]
        if with_obs:
            idx = docs[0]["results"].index(with_obs[0])
            broken(lambda d: d["results"][idx]["observation"]["outcomes"].update(accepted="1"), "a string count")
            broken(lambda d: d["results"][idx]["observation"]["attempts"].append("teleported"), "an unknown outcome")
        with_checks = [r for r in docs[0]["results"] if r.get("checks")]
        if with_checks:
            idx = docs[0]["results"].index(with_checks[0])
            broken(lambda d: d["results"][idx]["checks"][0].update(status="ok"), "an unknown check status")

    for path in xml_files:
        try:
            ET.parse(path)
            print(f"{path}: well-formed XML")
        except ET.ParseError as e:
            print(f"{path}: not well-formed: {e}", file=sys.stderr)
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
