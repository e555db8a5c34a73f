// SPDX-License-Identifier: Apache-2.0
// `listen-conformance run`: every case instance of this OS's expectation file, each in its own
// worker process and namespace, judged, summarised, and written to the report directory.
#include <algorithm>
#include <climits>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>

#include "commands.hpp"
#include "verbosity.hpp"
#include "console/progress_display.hpp"
#include "console/runtime_answer_line.hpp"
#include "expect/explain.hpp"
#include "expect/expectations_path.hpp"
#include "expect/loader.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "lc/vocabulary/glob_match.hpp"
#include "orchestration/host.hpp"
#include "orchestration/suite_runner.hpp"
#include "os/interrupt.hpp"
#include "os/terminal.hpp"
#include "report/ktap_writer.hpp"
#include "report/report_writers.hpp"
#include "results/results.hpp"
#include "report/escape.hpp"
#include "spawn/child_process.hpp"

namespace lc::commands {
namespace {

struct RunOptions {
  std::string expectations;
  std::string filter;
  int jobs = 1;
  std::string report_dir = "listen-conformance-report";
  Verbosity verbosity = Verbosity::normal;
  std::string format = "text";   // what goes to standard output: text or ktap
  bool measure_version_skipped = false;
  std::string worker;             // testing: another worker executable
  long long worker_deadline_ms = 0;  // testing: a fixed worker deadline
  bool runtimes = false;             // --runtimes: the runtime answers (runtimes.yaml) instead
  std::vector<std::string> runtime_names;  // --runtimes NAME...: only these drivers
};

// The runtime answers' file: runtimes.yaml beside the OS's answers (issue 14). Plain `run`
// leaves them out: each starts a runtime (an interpreter, a JVM, a server), seconds in all,
// where the kernel's answers take about one.
constexpr const char* kRuntimesFile = "runtimes.yaml";

// One line per runtime answer measured: the founding question answered (what `backlog = N`
// became, what the kernel held here, what the other OSes' models would hold).
void print_runtime_answers(std::ostream& out, const results::RunResults& run, const std::string& expectations_path) {
  std::vector<expect::ExpectationFile> others;
  const std::filesystem::path dir = std::filesystem::path(expectations_path).parent_path();
  for (const char* os : {"freebsd", "macos"}) {
    try {
      others.push_back(expect::load_expectations((dir / (std::string(os) + ".yaml")).string()));
    } catch (const std::exception&) {  // no model for that OS here: the line says less
    }
  }
  bool header = false;
  for (const auto& r : run.results) {
    if (!r.runtime || r.runtime->not_installed || r.runtime->failure || !r.runtime->kept_backlog) continue;
    const RuntimeObservation& o = *r.runtime;
    console::RuntimeAnswer a{o.spec.driver, o.spec.backlog, o.runtime_version, o.kept_backlog, o.somaxconn.value_or(INT_MAX),
                             o.count(DriverOutcome::queued), static_cast<int>(o.attempts.size()), {}};
    if (const auto passed = console::passed_backlog(a)) {
      try {
        for (const auto& row : expect::explain_rows(others, *passed, false)) {
          if (row.capacity) a.elsewhere.emplace_back(row.platform, *row.capacity);
        }
      } catch (const std::exception&) {
      }
    }
    if (!header) out << "\nruntimes: what `backlog = N` became\n";
    header = true;
    out << "  " << report::escape::terminal(r.id) << "\n    " << report::escape::terminal(console::runtime_answer_line(a)) << "\n";
  }
}

// Where reports go when --report-dir cannot be written: nothing measured is lost.
std::filesystem::path fallback_report_dir() {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) base = ".";
  return base / ("listen-conformance-report-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()));
}

vocabulary::RunIsolation machine_isolation(const std::vector<judge::CaseResult>& results) {
  std::set<vocabulary::IsolationMode> modes;
  for (const auto& r : results) {
    if (r.observation) modes.insert(r.observation->isolation);
  }
  if (modes.empty()) return vocabulary::RunIsolation::not_applicable;
  return modes.size() == 1 ? vocabulary::widen<vocabulary::RunIsolation>(*modes.begin()) : vocabulary::RunIsolation::mixed;
}

// Text from expectation and results files reaches the console only through the terminal
// escaping of the reports (control characters made visible): an ESC in a claim cannot move the
// cursor or retitle the terminal.
std::string tty(const std::string& text) { return report::escape::terminal(text); }

void print_summary(std::ostream& out, const results::RunResults& run, const std::vector<std::filesystem::path>& written) {
  out << "\n";
  using judge::VerdictLabel;
  for (const auto& r : run.results) {
    const VerdictLabel label = r.label();
    if (label == VerdictLabel::deviates || label == VerdictLabel::drift || label == VerdictLabel::error) {
      out << (label == VerdictLabel::drift ? "DOCUMENTATION DRIFT " : label == VerdictLabel::error ? "ERROR " : "DEVIATION ")
          << tty(r.id) << "\n";
      out << "  claim:    " << tty(r.summary) << "\n";
      for (const auto& c : r.checks) {
        if (c.status == judge::CheckStatus::pass) continue;
        out << "  " << tty(c.name) << ": expected " << tty(c.formula.empty() ? "" : c.formula + " = ") << tty(c.expected);
        if (!c.bindings.empty()) {
          out << " (";
          bool first = true;
          for (const auto& [k, v] : c.bindings) {
            out << (first ? "" : ", ") << tty(k) << "=" << vocabulary::format_number(v);
            first = false;
          }
          out << ")";
        }
        out << ", observed " << tty(c.observed) << "\n";
      }
      if (r.checks.empty()) out << "  " << tty(r.reason) << "\n";
      for (const auto& c : r.cite) out << "  source:   " << tty(c.title) << (c.url.empty() ? "" : " <" + tty(c.url) + ">") << "\n";
    }
  }
  // The stored summary, as results.json and every report print it: drift apart from deviations.
  const results::Summary& s = run.summary;
  out << "\n" << std::left << std::setw(10) << "verdict" << "count\n";
  for (const VerdictLabel label : {VerdictLabel::conforms, VerdictLabel::deviates, VerdictLabel::drift, VerdictLabel::skipped,
                                   VerdictLabel::error}) {
    out << std::setw(10) << to_string(label) << s.count(label) << "\n";
  }
  out << std::setw(10) << "total" << s.total << " case instances in " << std::fixed << std::setprecision(1)
      << run.elapsed_ms / 1000.0 << " s with -j" << run.jobs << (run.interrupted ? " (INTERRUPTED)" : "") << "\n";
  for (const auto& p : written) out << "wrote " << p.string() << "\n";
}

}  // namespace

Handler add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Run the conformance suite of this OS and judge it against its expectations");
  cmd->add_option("--expectations", o->expectations, "Expectation file (default: <os>.yaml from the expectations directory)");
  cmd->add_option("--filter", o->filter, "Only case instances whose id matches this glob (* and ?)");
  cmd->add_option("-j,--jobs", o->jobs, "Worker processes at a time")->check(CLI::Range(1, 64));
  cmd->add_option("--report-dir", o->report_dir, "Directory for results.json and the reports")->capture_default_str();
  add_verbosity_flags(*cmd, o->verbosity, "Print only the summary",
                      "Also print a line for every case instance that conforms (else only the others)");
  cmd->add_option("--format", o->format, "Standard output: text (progress and summary) or ktap (KTAP v1, the kernel's test format)")
      ->check(CLI::IsMember({"text", "ktap"}))->capture_default_str();
  cmd->add_flag("--measure-version-skipped", o->measure_version_skipped,
                "Also measure the case instances skipped only because this kernel's version is outside their "
                "`when: {kernel: ...}` range. They stay `skipped`, with the observation and the checks recorded and "
                "the reason saying what the verdict would have been (\"... (measured anyway: would deviate: accepted "
                "expected 1, observed 0)\"), so that `diff` between two kernels shows the observations that differ");
  CLI::Option* runtimes = cmd->add_option("--runtimes", o->runtime_names,
                  "Run the runtime answers (runtimes.yaml beside the OS's answers: what Python, Twisted, Node.js, Java, "
                  "Go, Ruby, nginx, redis and php-fpm make of a backlog) instead of the kernel's; with names, only those "
                  "drivers. A runtime not installed is `skipped: <runtime> not installed`")
      ->expected(0, -1)
      ->allow_extra_args()
      ->default_str("");  // a bare --runtimes counts (an empty default: the captured "[]" would swallow it)
  cmd->add_option("--worker", o->worker, "Worker executable (testing)")->group("");
  cmd->add_option("--worker-deadline-ms", o->worker_deadline_ms, "Fixed worker deadline (testing)")->group("");
  return [o, runtimes]() {
    const auto started = std::chrono::steady_clock::now();
    o->runtimes = runtimes->count() > 0;
    std::erase(o->runtime_names, std::string());  // a bare --runtimes: every driver
    if (o->format == "ktap") o->verbosity = Verbosity::quiet;  // standard output is the KTAP document alone
    const bool quiet = o->verbosity == Verbosity::quiet;
    const orchestration::Host host = orchestration::query_host();
    if (!host.unknown_because.empty()) {
      std::cerr << "listen-conformance run: " << host.unknown_because << "; planning for " << host.platform.os
                << " with the kernel unknown\n";
    }
    const expect::PlatformFacts& platform = host.platform;
    const std::string program = spawn::self_executable();
    std::string path = o->expectations.empty() ? expect::default_expectations_file(platform.os, program) : o->expectations;
    for (const auto& name : o->runtime_names) {
      if (!vocabulary::from_string<vocabulary::RuntimeDriver>(name))
        return fail("run", "--runtimes: '" + name + "' is not a driver; one of " + vocabulary::one_of<vocabulary::RuntimeDriver>());
    }
    if (o->runtimes && o->expectations.empty()) {
      const auto dir = expect::expectations_dir(program);
      path = dir ? (std::filesystem::path(*dir) / kRuntimesFile).string() : "";
    }
    if (path.empty()) {
      std::cerr << "listen-conformance run: no expectation file for " << platform.os << " found (searched:";
      for (const auto& d : expect::expectation_dirs(program)) std::cerr << " " << d;
      std::cerr << "); pass --expectations FILE\n";
      return 2;
    }
    expect::ExpectationFile file;
    std::vector<expect::CaseInstance> instances;
    try {
      file = expect::load_expectations(path);
      instances = expect::plan_instances(file, platform);
    } catch (const expect::LoadError& e) {
      for (const auto& p : e.problems) std::cerr << p << "\n";
      return 2;
    }
    if (o->runtimes) {  // the runtime answers only, and of the named drivers when there are names
      std::erase_if(instances, [&](const auto& i) {
        if (!i.runtime) return true;
        const std::string d = vocabulary::to_string(i.runtime->driver);
        return !o->runtime_names.empty() &&
               std::find(o->runtime_names.begin(), o->runtime_names.end(), d) == o->runtime_names.end();
      });
    } else {
      std::erase_if(instances, [](const auto& i) { return i.runtime.has_value(); });  // only with --runtimes
    }
    if (!o->filter.empty()) {
      std::erase_if(instances, [&](const auto& i) { return !vocabulary::glob_match(o->filter, i.id); });
      if (instances.empty()) {
        std::cerr << "listen-conformance run: no case instance matches '" << o->filter << "'\n";
        return 2;
      }
    }
    // A report directory that cannot take the reports is bad input, said before anything is
    // measured -- and after the expectations loaded, so that bad input writes nothing at all.
    try {
      std::string note;
      o->report_dir = report::report_dir_for_run(o->report_dir, o->filter, note).string();
      if (!note.empty()) std::cerr << "listen-conformance run: " << report::escape::terminal(note) << "\n";
      report::check_report_dir(o->report_dir);
    } catch (const std::exception& e) {
      return fail("run", e.what());
    }
    results::RunResults run;
    run.tool_version = LC_VERSION;
    run.machine = {platform.os, platform.kernel_release, platform.kernel_build,
                   platform.kernel_version ? platform.kernel_version->str() : "", platform.arch,
                   vocabulary::RunIsolation::not_applicable, host.sysctls};
    run.expectations = {path, results::sha256_hex_of_file(path), file.platform, file.title};
    for (const auto& f : file.facts) {
      if (!f.sysctl.empty()) run.fact_sysctls[f.name] = f.sysctl;
    }
    run.started_at = results::now_iso8601();
    run.jobs = o->jobs;
    run.filter = o->filter;

    console::ProgressDisplay progress(std::cout, std::cerr, os::is_terminal(stderr), quiet, os::terminal_columns(stderr),
                                      o->verbosity == Verbosity::verbose);
    if (!quiet) {
      std::cout << "listen-conformance run: " << platform.os << " " << platform.kernel_release << " ("
                << (platform.kernel_version ? platform.kernel_version->str() : "version unknown") << "), " << path << ", "
                << instances.size() << " case instances, -j" << o->jobs << "\n";
    }
    orchestration::SuiteRunOptions options;
    options.jobs = o->jobs;
    options.worker_executable = o->worker;
    options.worker_deadline_ms = o->worker_deadline_ms;
    options.measure_version_skipped = o->measure_version_skipped;
    options.stop = &os::install_interrupt_handler();
    options.on_result = [&](std::size_t done, std::size_t total, const judge::CaseResult& r) {
      progress.finished(done, total, r);
    };
    orchestration::SuiteRunOutput out = orchestration::run_suite(file, instances, options);  // throws nothing: what it measured is written below
    progress.clear();
    for (const auto& note : out.notes) std::cerr << "listen-conformance run: " << note << "\n";
    run.results = std::move(out.results);
    run.interrupted = !out.complete;
    run.machine.isolation = machine_isolation(run.results);
    run.summary = results::summarise(run.results);
    run.finished_at = results::now_iso8601();
    run.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    std::vector<std::filesystem::path> written;
    int status = 0;
    try {
      written = report::write_report_set(o->report_dir, run);
    } catch (const std::exception& e) {
      const auto fallback = fallback_report_dir();
      std::cerr << "listen-conformance run: " << e.what() << "\n";
      try {
        written = report::write_report_set(fallback, run);
        std::cerr << "listen-conformance run: the reports were written to " << fallback.string() << " instead\n";
      } catch (const std::exception& again) {
        std::cerr << "listen-conformance run: " << again.what() << "; printing the results on stdout\n";
        std::cout << results::to_json(run).dump(1) << "\n";
      }
      status = 2;
    }
    if (o->format == "ktap") {
      std::cout << report::render_ktap(run) << std::flush;
    } else {
      print_summary(std::cout, run, written);
      if (o->runtimes) print_runtime_answers(std::cout, run, path);
    }
    if (run.interrupted) {
      std::cerr << "listen-conformance run: interrupted; the reports hold the " << run.results.size() << " of "
                << instances.size() << " case instances that finished\n";
    }
    if (const int sig = os::interrupt_signal(); sig != 0) return 128 + sig;  // 130 SIGINT, 143 SIGTERM
    if (status != 0) return status;
    return results::exit_status(run.summary);
  };
}

}  // namespace lc::commands
