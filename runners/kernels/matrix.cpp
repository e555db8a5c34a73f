// SPDX-License-Identifier: Apache-2.0
#include "matrix.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <thread>

#include "accel.hpp"
#include "bisect.hpp"
#include "expect/kernel_version.hpp"
#include "pages.hpp"
#include "report/diff.hpp"
#include "report/report_common.hpp"
#include "tool.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;
namespace {

constexpr int kSkip = 77;
constexpr std::size_t kPerInstanceRerunMax = 3;

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

fs::path cache_root(const KernelsOptions& o) {
  if (!o.cache.empty()) return o.cache;
  if (const char* e = std::getenv("LC_KERNELS_CACHE"); e && *e) return e;
  return "/var/cache/listen-conformance";
}

std::string counts(const results::RunResults& r) { return report::summary_counts(r.summary); }

// The results of one or more `run` report directories under `dir`, as one run (reruns are one
// `run --filter` per instance).
std::optional<results::RunResults> load_runs(const fs::path& dir, std::string& error) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_regular_file(dir / "results.json")) files.push_back(dir / "results.json");
  if (fs::is_directory(dir, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
      if (e.path().filename() == "results.json" && e.path() != dir / "results.json") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::optional<results::RunResults> all;
  for (const auto& f : files) {
    try {
      auto r = results::load_results(f);
      if (!all) {
        all = std::move(r);
      } else {
        for (auto& x : r.results) all->results.push_back(std::move(x));
        all->summary = results::summarise(all->results);  // one run, counted as one
      }
    } catch (const std::exception& x) {
      error = f.string() + ": " + x.what();
      return std::nullopt;
    }
  }
  if (!all) error = "no results.json in " + dir.string();
  return all;
}

std::string target_name(const TargetRun& t, std::map<std::string, int>& used) {
  std::string base;
  if (t.spec.kind == TargetSpec::Kind::host) {
    base = "host";
  } else if (t.build) {
    base = t.build->version;
  } else if (t.spec.kind == TargetSpec::Kind::file) {
    base = "file-" + t.spec.path.filename().string();
  } else {
    base = t.spec.text;
  }
  for (char& c : base) {
    if (c == '/' || c == ':' || c == ' ' || c == '=') c = '-';
  }
  const int n = ++used[base];
  return n == 1 ? base : base + "-" + std::to_string(n);
}

// Newest guest kernel with results: by the kernel version its results report, then by name.
TargetRun* pick_reference(std::vector<TargetRun>& targets, const std::string& wanted) {
  if (!wanted.empty()) {
    for (auto& t : targets) {
      if ((t.name == wanted || t.spec.text == wanted) && t.run) return &t;
    }
    return nullptr;
  }
  TargetRun* best = nullptr;
  std::optional<expect::KernelVersion> best_v;
  for (auto& t : targets) {
    if (!t.run || !t.is_guest()) continue;
    const auto v = expect::parse_kernel_version(t.run->machine.kernel_version);
    if (!best || (v && (!best_v || *v > *best_v))) {
      best = &t;
      best_v = v;
    }
  }
  if (!best) {
    for (auto& t : targets) {
      if (t.run) return &t;
    }
  }
  return best;
}

}  // namespace

Progress::Progress() : start_(std::chrono::steady_clock::now()) {}

double Progress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::line(const std::string& who, const std::string& what) {
  if (!quiet_) print(who, what);
}

void Progress::result(const std::string& what) { print("", what); }

void Progress::print(const std::string& who, const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%6.1f s] ", elapsed());
  std::cout << stamp << (who.empty() ? "" : who + ": ") << what << std::endl;
}

void run_parallel(int jobs, const std::vector<std::function<void()>>& tasks) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < tasks.size();) tasks[i]();
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < std::max(1, jobs); ++j) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

std::set<std::string> changed_ids(const results::RunResults& a, const results::RunResults& b) {
  std::set<std::string> ids;
  for (const auto& c : report::diff_runs(a, b, {}).instances) {
    if (c.kind == report::ChangeKind::changed) ids.insert(c.id);
  }
  return ids;
}

results::RunResults only(const results::RunResults& r, const std::set<std::string>& ids) {
  results::RunResults copy = r;
  std::erase_if(copy.results, [&](const judge::CaseResult& x) { return !ids.count(x.id); });
  copy.summary = results::summarise(copy.results);
  return copy;
}

void prepare_guests(KernelsContext& ctx) {
  if (ctx.payload) return;
  ctx.progress.line("", "building the guests' initramfs");
  ctx.payload = build_payload(ctx.options.program, ctx.options.expectations, ctx.options.out / "work");
  ctx.progress.line("", "initramfs: " + ctx.payload->description);
  ctx.thash_entries = host_thash_entries();
}

void run_target(KernelsContext& ctx, TargetRun& t, const fs::path& dir, const std::vector<std::string>& ids) {
  const bool rerun = !ids.empty();
  // A rerun of a few instances is one `run --filter` each; of more, the whole suite once: each
  // `run` costs about two seconds under emulation besides its measurements (loading, reports).
  const bool per_instance = rerun && ids.size() <= kPerInstanceRerunMax;
  const std::string what = rerun ? "rerun of " + std::to_string(ids.size()) + " differing instance(s)" +
                                       (per_instance ? "" : " (the whole suite)")
                                 : "the suite";
  std::string error;
  if (!t.is_guest()) {
    ctx.progress.line(t.name, "running " + what + " natively");
    std::error_code ec;
    fs::remove_all(dir, ec);
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::vector<std::string>> runs;
    const std::vector<std::string> common = {"run", "--expectations", ctx.options.expectations.string(), "-j", "1", "-q",
                                             "--measure-version-skipped"};
    if (!per_instance) {
      auto a = common;
      a.insert(a.end(), {"--report-dir", (dir / "run").string()});
      runs.push_back(a);
    }
    for (std::size_t i = 0; per_instance && i < ids.size(); ++i) {
      auto a = common;
      a.insert(a.end(), {"--filter", ids[i], "--report-dir", (dir / "rerun" / std::to_string(i + 1)).string()});
      runs.push_back(a);
    }
    for (const auto& a : runs) {
      const auto r = spawn::run_child(ctx.options.program.string(), a, std::chrono::seconds(ctx.options.timeout_s));
      if (!r.started || r.timed_out || r.signaled || r.exit_code > 2) {
        error = "the run failed: " + (r.timed_out ? std::string("no end within the timeout") : last_lines(r.err, 2));
        break;
      }
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto loaded = error.empty() ? load_runs(dir / (per_instance ? "rerun" : "run"), error) : std::nullopt;
    if (rerun) {
      t.rerun = std::move(loaded);
      t.rerun_wall_s = wall;
    } else {
      t.wall_s = wall;
      t.run_s = wall;
      t.accel = "native";
      t.run = std::move(loaded);
      if (t.run) t.kernel_release = t.run->machine.kernel_release;
    }
  } else {
    ctx.progress.line(t.name, "booting (" + ctx.accel + ") for " + what);
    BootOptions b;
    b.accel = ctx.accel;
    b.timeout = std::chrono::seconds(ctx.options.timeout_s);
    b.thash_entries = ctx.thash_entries;
    b.on_stage = [&](const std::string&) { ctx.progress.line(t.name, "/init started; running " + what); };
    GuestJob job;
    job.mode = per_instance ? GuestJob::Mode::rerun : GuestJob::Mode::suite;
    if (per_instance) job.ids = ids;
    const GuestOutcome g = boot_guest(t.image, *ctx.payload, job, dir, b);
    std::optional<results::RunResults> loaded;
    if (!g.ok) {
      error = g.reason;
      if (!rerun) t.console_tail = g.console_tail;
    } else {
      loaded = load_runs(g.results_dir / (per_instance ? "rerun" : "run"), error);
      if (!loaded) {
        const std::string err = last_lines(read_text(g.results_dir / "run.err"), 3);
        if (!err.empty()) error += "; the guest's run said: " + err;
        t.console_tail = g.console_tail;
      }
    }
    if (rerun) {
      t.rerun = std::move(loaded);
      t.rerun_wall_s = g.wall_s;
      if (t.kernel_release.empty()) t.kernel_release = g.kernel_release;
    } else {
      t.accel = ctx.accel;
      t.wall_s = g.wall_s;
      t.boot_s = g.init_s;
      t.run_s = g.run_s;
      t.kernel_release = g.kernel_release;
      t.run = std::move(loaded);
    }
  }
  if (rerun && t.rerun) t.rerun = only(*t.rerun, std::set<std::string>(ids.begin(), ids.end()));
  if (!error.empty()) {
    if (rerun) {
      ctx.progress.line(t.name, "rerun FAILED: " + error);
    } else {
      t.error = true;
      t.reason = error;
      ctx.progress.line(t.name, "ERROR: " + error);
    }
    return;
  }
  if (rerun) {
    ctx.progress.line(t.name, "rerun finished in " + fixed1(t.rerun_wall_s) + " s");
  } else {
    ctx.progress.line(t.name, "finished in " + fixed1(t.wall_s) + " s" +
                                  (t.boot_s ? " (/init at " + fixed1(*t.boot_s) + " s, suite " + fixed1(t.run_s.value_or(0)) + " s)" : "") +
                                  ": " + t.kernel_release + ", " + counts(*t.run));
  }
}

namespace {

// Resolves every target: Debian builds fetched, files checked. Throws OfflineMissing.
// `defaults`: the default matrix, where a series or suite the archive no longer has (experimental
// between releases) is left out with a note instead of becoming an error.
std::vector<TargetRun> resolve_targets(KernelsContext& ctx, const std::vector<TargetSpec>& specs, bool defaults) {
  std::vector<TargetRun> targets;
  std::map<std::string, int> used;
  std::set<std::string> seen_builds;
  std::string archive_error;
  bool listed = false;
  for (const auto& spec : specs) {
    TargetRun t;
    t.spec = spec;
    if (is_debian(spec)) {
      if (!listed) {
        listed = true;
        try {
          ctx.progress.line("", "listing Debian's " + ctx.options.flavour + " kernels (private apt configuration in " +
                                    (ctx.archive->cache_root() / "apt").string() + ")");
          ctx.progress.line("", std::to_string(ctx.archive->builds().size()) + " builds in the archive");
        } catch (const ToolError& e) {
          archive_error = e.what();
        }
      }
      if (!archive_error.empty()) {
        t.error = true;
        t.reason = "cannot list the archive: " + archive_error;
      } else if (auto b = pick_build(spec, ctx.archive->builds())) {
        t.build = b;
        if (!seen_builds.insert(b->package + "=" + b->version).second) {
          ctx.progress.line("", spec.text + " is " + b->package + "=" + b->version + ", already a target: left out");
          continue;
        }
      } else if (defaults) {
        ctx.progress.line("", "no " + ctx.options.flavour + " build in the archive matches " + spec.text + ": left out");
        continue;
      } else {
        t.error = true;
        t.reason = "no " + ctx.options.flavour + " build in the archive matches " + spec.text;
      }
    }
    t.name = target_name(t, used);
    if (t.build && !t.error) {
      try {
        if (!ctx.archive->cached(*t.build)) ctx.progress.line(t.name, "downloading " + t.build->package + "=" + t.build->version);
        t.image = ctx.archive->fetch(*t.build).vmlinuz;
      } catch (const ToolError& e) {
        t.error = true;
        t.reason = std::string("download failed: ") + e.what();
      }
    }
    if (spec.kind == TargetSpec::Kind::file) {
      t.image = spec.path;
      if (auto why = not_bootable_reason(spec.path)) {
        t.error = true;
        t.reason = spec.path.string() + ": " + *why;
      }
    }
    if (t.error) ctx.progress.line(t.name, "ERROR: " + t.reason);
    targets.push_back(std::move(t));
  }
  return targets;
}

}  // namespace

void choose_accelerator(KernelsContext& ctx, const fs::path& probe_image) {
  const AccelChoice c = choose_accel(ctx.options.accel, ctx.archive->cache_root(), [&] {
    ctx.progress.line("", "KVM probe: booting " + probe_image.string() + " with -accel kvm (20 s at most; the verdict is cached)");
    BootOptions b;
    b.accel = "kvm";
    b.timeout = std::chrono::seconds(20);
    GuestJob probe;
    probe.mode = GuestJob::Mode::probe;
    const GuestOutcome g = boot_guest(probe_image, *ctx.payload, probe, ctx.options.out / "work" / "kvm-probe", b);
    return g.ok ? std::string() : g.reason;
  });
  ctx.accel = c.accel;
  ctx.accel_note = c.note;
  ctx.progress.line("", "accelerator: " + c.note);
}

int run_kernels(const KernelsOptions& options) {
  KernelsContext ctx;
  ctx.options = options;
  ctx.progress.set_quiet(options.quiet);
  ctx.archive = std::make_unique<DebianArchive>(cache_root(options), options.flavour, options.offline);
  if (!options.bisect.empty()) return run_bisect(ctx);

  std::vector<TargetSpec> specs;
  try {
    for (const auto& text : options.targets.empty() ? default_targets() : options.targets) specs.push_back(parse_target(text));
  } catch (const std::invalid_argument& e) {
    std::cerr << "listen-conformance kernels: " << e.what() << "\n";
    return 2;
  }
  std::vector<TargetRun> targets;
  try {
    fs::create_directories(options.out / "work");
    targets = resolve_targets(ctx, specs, options.targets.empty());
    const bool guests = std::any_of(targets.begin(), targets.end(), [](const auto& t) { return t.is_guest() && !t.error; });
    if (guests) {
      const bool have_qemu = !find_program("qemu-system-x86_64").empty(), have_busybox = !find_program("busybox").empty();
      if ((!have_qemu || !have_busybox) && options.offline)
        throw OfflineMissing(std::string(have_qemu ? "" : "qemu-system-x86_64 ") + (have_busybox ? "" : "busybox ") +
                             "(ci/install-deps.sh --kernels installs them)");
      std::string cannot;
      if (!have_qemu) cannot = "qemu-system-x86_64 is not installed (ci/install-deps.sh --kernels)";
      if (cannot.empty()) {
        try {
          prepare_guests(ctx);
          const auto first = std::find_if(targets.begin(), targets.end(), [](const auto& t) { return t.is_guest() && !t.error; });
          choose_accelerator(ctx, first->image);
          if (ctx.accel.empty()) cannot = ctx.accel_note;
        } catch (const ToolError& e) {
          cannot = e.what();
        }
      }
      for (auto& t : targets) {
        if (!cannot.empty() && t.is_guest() && !t.error) {
          t.error = true;
          t.reason = cannot;
        }
      }
    }
  } catch (const OfflineMissing& e) {
    std::cout << "listen-conformance kernels: SKIP: --offline and " << e.what() << "\n";
    return kSkip;
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance kernels: " << e.what() << "\n";
    return 2;
  }

  // One run per target, --jobs at a time.
  const double t_runs = ctx.progress.elapsed();
  std::vector<std::function<void()>> tasks;
  for (auto& t : targets) {
    if (!t.error) tasks.push_back([&ctx, &t, &options] { run_target(ctx, t, options.out / t.name, {}); });
  }
  run_parallel(options.jobs, tasks);
  const double runs_s = ctx.progress.elapsed() - t_runs;

  // Compare with the reference; re-run what differs, on both sides.
  TargetRun* ref = pick_reference(targets, options.reference);
  if (!options.reference.empty() && !ref) {
    std::cerr << "listen-conformance kernels: the reference " << options.reference << " is not a target with results\n";
  }
  const double t_reruns = ctx.progress.elapsed();
  if (ref) {
    std::set<std::string> all_differing;
    for (auto& t : targets) {
      if (!t.run || &t == ref) continue;
      for (const auto& c : report::diff_runs(*t.run, *ref->run, {}).instances) t.differing.insert(c.id);
      all_differing.insert(t.differing.begin(), t.differing.end());
    }
    ref->differing = all_differing;
    // An instance only one side has cannot be re-run on the other.
    auto present = [](const TargetRun& t, const std::set<std::string>& ids) {
      std::vector<std::string> v;
      for (const auto& r : t.run->results) {
        if (ids.count(r.id)) v.push_back(r.id);
      }
      return v;
    };
    tasks.clear();
    // The reference re-runs the most: it goes first.
    std::vector<TargetRun*> order = {ref};
    for (auto& t : targets) {
      if (&t != ref) order.push_back(&t);
    }
    for (TargetRun* tp : order) {
      TargetRun& t = *tp;
      if (!t.run || t.differing.empty()) continue;
      tasks.push_back([&ctx, &t, &options, ids = present(t, t.differing)] {
        if (!ids.empty()) run_target(ctx, t, options.out / t.name / "rerun", ids);
      });
    }
    if (!tasks.empty()) ctx.progress.line("", "re-running the instances that differ from the reference " + ref->name + " on both sides");
    run_parallel(options.jobs, tasks);
    for (auto& t : targets) {
      if (t.rerun) t.unstable = changed_ids(only(*t.run, t.differing), *t.rerun);
    }
  }
  const double reruns_s = ctx.progress.elapsed() - t_reruns;

  const double t_pages = ctx.progress.elapsed();
  PageTimes times{runs_s, reruns_s, 0};
  try {
    write_matrix_pages(ctx, targets, ref, times);
  } catch (const std::exception& e) {
    std::cerr << "listen-conformance kernels: " << e.what() << "\n";
    return 2;
  }
  ctx.progress.result("pages written in " + fixed1(ctx.progress.elapsed() - t_pages) + " s: " +
                            (options.out / "index.md").string() + " (and index.html, matrix.md, diff/, unstable/, <target>/results.ktap)");
  const bool any_error = std::any_of(targets.begin(), targets.end(), [](const auto& t) { return t.error; });
  ctx.progress.result(std::string("done: ") + std::to_string(targets.size()) + " targets" +
                            (any_error ? ", some are errors (see the page)" : ", every one gave results"));
  return any_error ? 2 : 0;
}

}  // namespace lc::kernels
