// SPDX-License-Identifier: Apache-2.0
// `listen-conformance kernels`: the suite on every target, one run each; the instances that
// differ from the reference re-run on both sides (a difference that does not repeat is
// unstable, not a kernel change); then the program's own diff, merge and report writers make
// every page. Also the bisection over a series' builds (bisect.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "archive.hpp"
#include "guest.hpp"
#include "results/results.hpp"
#include "targets.hpp"

namespace lc::kernels {

struct KernelsOptions {
  std::vector<std::string> targets;  // empty: default_targets()
  std::vector<std::string> bisect;   // SERIES, or two targets
  std::filesystem::path out = "out/kernels";
  std::filesystem::path cache;       // "" = $LC_KERNELS_CACHE or /var/cache/listen-conformance
  std::string flavour = "cloud-amd64";
  std::string accel = "auto";
  std::string reference;             // a target's name or text; "" = the newest guest kernel
  int jobs = 2;
  int timeout_s = 300;
  bool offline = false;
  bool quiet = false;                  // -q: only the closing lines (Progress::result), no progress
  std::filesystem::path program;       // this program (it goes into the guests)
  std::filesystem::path expectations;  // expectations/linux.yaml
};

// One target of a run.
struct TargetRun {
  std::string name;  // directory and column name: "host", "5.10.223-1", "file-bzImage"
  TargetSpec spec;
  std::optional<Build> build;
  std::filesystem::path image;  // guests
  bool error = false;
  std::string reason;        // error: why
  std::string console_tail;  // error: the console's last lines
  std::string accel;         // "native", "tcg", "kvm"
  std::string kernel_release;
  double wall_s = 0;                // boot to power-off (guests) or the run (host)
  std::optional<double> boot_s;     // to /init
  std::optional<double> run_s;      // the suite itself
  double rerun_wall_s = 0;
  std::optional<results::RunResults> run;
  std::optional<results::RunResults> rerun;  // the differing instances, run again
  std::set<std::string> differing;           // from the reference in the first run
  std::set<std::string> unstable;            // changed between the run and the rerun
  bool is_guest() const { return spec.kind != TargetSpec::Kind::host; }
};

// Serialised progress lines with the time since the command started.
class Progress {
 public:
  Progress();
  void line(const std::string& who, const std::string& what);
  // A closing line: printed also when quiet.
  void result(const std::string& what);
  void set_quiet(bool quiet) { quiet_ = quiet; }
  double elapsed() const;

 private:
  void print(const std::string& who, const std::string& what);
  std::mutex mu_;
  bool quiet_ = false;
  std::chrono::steady_clock::time_point start_;
};

// The context every phase shares.
struct KernelsContext {
  KernelsOptions options;
  Progress progress;
  std::unique_ptr<DebianArchive> archive;
  std::optional<GuestPayload> payload;
  std::string accel;
  std::string accel_note;
  long long thash_entries = 0;
};

// Runs `jobs` at a time (the calling thread included).
void run_parallel(int jobs, const std::vector<std::function<void()>>& tasks);

// The guests' payload, the accelerator and the host's hash size, once. Throws ToolError.
void prepare_guests(KernelsContext& ctx);

// KVM or TCG (ctx.accel, ctx.accel_note; accel "" when --accel kvm cannot be had): the cached
// verdict, or a probe boot of `probe_image` with KVM.
void choose_accelerator(KernelsContext& ctx, const std::filesystem::path& probe_image);

// One full run of the suite on the target (results in t.run, or t.error with the reason), into
// <dir>. `ids` non-empty: only those instances (a rerun), into t.rerun.
void run_target(KernelsContext& ctx, TargetRun& t, const std::filesystem::path& dir, const std::vector<std::string>& ids);

// The ids of instances whose observation or verdict changed (kind `changed`) between two runs.
std::set<std::string> changed_ids(const results::RunResults& a, const results::RunResults& b);
// A copy of `r` with only the instances in `ids`.
results::RunResults only(const results::RunResults& r, const std::set<std::string>& ids);

// The command: the matrix, or the bisection with options.bisect. Returns the exit status.
int run_kernels(const KernelsOptions& options);

}  // namespace lc::kernels
