// SPDX-License-Identifier: Apache-2.0
// `listen-conformance diff BASE.json NEW.json [--format md|html|json] [--include-environment]`:
// the case instances whose verdict or observation changed between two runs (a kernel upgrade),
// with both values and the citation. Exit 0 no change, 1 changes, 2 bad input.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "verbosity.hpp"
#include "report/diff.hpp"
#include "results/results.hpp"

namespace lc::commands {
namespace {

struct DiffCommandOptions {
  std::string base, next, format = "md", out;
  bool include_environment = false;
  std::vector<std::string> exclude;
  std::string exclude_reason;
  Verbosity verbosity = Verbosity::normal;
};

}  // namespace

Handler add_diff_command(CLI::App& app) {
  auto o = std::make_shared<DiffCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Compare two results files (e.g. before and after a kernel upgrade); exit 1 when something changed");
  cmd->add_option("base", o->base, "The earlier results.json")->required();
  cmd->add_option("new", o->next, "The later results.json")->required();
  cmd->add_option("--format", o->format, "md, html or json")->check(CLI::IsMember({"md", "markdown", "html", "json"}))->capture_default_str();
  cmd->add_flag("--include-environment", o->include_environment,
                "Also compare what depends on the machine rather than the kernel: timings, memory-scaled sysctls, "
                "traffic counters, evidence, isolation, host sysctls");
  cmd->add_option("--exclude", o->exclude,
                  "Leave the case instances whose id matches this glob (* and ?) out of the comparison; repeatable. "
                  "They are listed as not compared (e.g. instances unstable between repeated runs)");
  cmd->add_option("--exclude-reason", o->exclude_reason, "Why the --exclude instances are not compared, for the report");
  cmd->add_option("--out", o->out,
                  "Write here (atomically) instead of standard output; an existing FILE must be a regular file");
  add_verbosity_flags(*cmd, o->verbosity,
                      "Print nothing (--out is still written): the exit status says whether anything changed",
                      "Also print on stderr how many instances changed, by direction (regression, fix, neutral)");
  return [o]() {
    results::RunResults base, next;
    try {
      base = results::load_results(o->base);
      next = results::load_results(o->next);
    } catch (const std::invalid_argument& e) {
      return fail("diff", e.what());
    }
    const report::RunDiff d = report::diff_runs(base, next, {o->include_environment, o->exclude, o->exclude_reason});
    const std::string text = o->format == "json"   ? report::render_diff_json(d)
                             : o->format == "html" ? report::render_diff_html(d)
                                                   : report::render_diff_markdown(d);
    if (o->verbosity != Verbosity::quiet || !o->out.empty())
      if (const int rc = emit("diff", text, o->out); rc != 0) return rc;
    if (o->verbosity == Verbosity::verbose) {
      int by[3] = {0, 0, 0};
      for (const auto& c : d.instances) ++by[static_cast<int>(report::direction_of(c))];
      std::cerr << "listen-conformance diff: " << d.instances.size() << " instances changed (" << by[0] << " regressions, "
                << by[1] << " fixes, " << by[2] << " neutral), " << d.unchanged << " unchanged, " << d.excluded.size()
                << " not compared, " << d.machine.size() << " machine facts changed\n";
    }
    return d.changed() ? 1 : 0;
  };
}

}  // namespace lc::commands
