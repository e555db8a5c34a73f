// SPDX-License-Identifier: Apache-2.0
#include "worker_client.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <system_error>
#include <vector>

#include "lc/observation_json.hpp"
#include "lc/runtime_observation_json.hpp"
#include "spawn/child_process.hpp"

namespace lc::worker {
namespace {

// Saturates at 0..kMaxDeadline.
std::chrono::milliseconds clamp_deadline(double ms) {
  if (!(ms > 0)) return std::chrono::milliseconds(0);
  if (ms >= static_cast<double>(kMaxDeadline.count())) return kMaxDeadline;
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

// What a worker wrote, made valid UTF-8 (bytes that are not become U+FFFD): the reason goes
// into every report, and JSON cannot hold invalid UTF-8 (writing results.json threw and the run
// lost everything it had measured). A cut in the middle of a character is repaired the same way.
std::string valid_utf8(const std::string& text) {
  return nlohmann::json::parse(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

std::string tail(const std::string& text, std::size_t n = 400) {
  std::string t = text.size() > n ? "..." + text.substr(text.size() - n) : text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
  return valid_utf8(t);
}

std::string with_stderr(std::string what, const std::string& err) {
  if (!err.empty()) what += "; stderr: " + tail(err);
  return what;
}

// The lean worker program beside this one, if it is there; else this program's own `worker`.
std::string default_worker() {
  static const std::string exe = [] {
    const std::filesystem::path self = spawn::self_executable();
    std::filesystem::path lean = self.parent_path() / "listen-conformance-worker";
    lean.replace_extension(self.extension());  // ".exe" on Windows
    std::error_code ec;
    return std::filesystem::is_regular_file(lean, ec) ? lean.string() : self.string();
  }();
  return exe;
}

// The private directory an AF_UNIX pathname listener lives in. This process makes it (the name
// must be new) and removes it with everything inside after the worker, however the worker ended:
// the worker makes its socket's directory inside (spec.socket_dir) and removes that itself when
// it exits normally; after a crash this removal is what leaves no socket file behind.
class PrivateSocketDirectory {
 public:
  explicit PrivateSocketDirectory(ProbeSpec& spec) {
    if (!is_unix(spec.family) || spec.abstract_name || !spec.socket_dir.empty()) return;
    std::error_code ec;
    const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
    if (ec) return;  // the worker then picks its own directory (and reports if it cannot)
    std::random_device rd;
    for (int tries = 0; tries < 8 && path_.empty(); ++tries) {
      const std::filesystem::path p = tmp / ("lc-worker-" + std::to_string(rd()) + std::to_string(rd()));
      if (std::filesystem::create_directory(p, ec)) path_ = p;
    }
    if (path_.empty()) return;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    spec.socket_dir = (path_ / "socket").string();
  }
  ~PrivateSocketDirectory() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  PrivateSocketDirectory(const PrivateSocketDirectory&) = delete;
  PrivateSocketDirectory& operator=(const PrivateSocketDirectory&) = delete;

 private:
  std::filesystem::path path_;
};

}  // namespace

std::chrono::milliseconds default_deadline(const ProbeSpec& spec) {
  // Process start and namespace setup take milliseconds; a loopback connect tens of
  // microseconds. The per-attempt fallback timeout is the only long wait an attempt can have,
  // and only where the OS has no drop counters.
  // In double: a spec that did not come through the parser's bounds cannot overflow it.
  const double per_attempt_ms = 2;
  double ms = 10'000.0 + spec.settle_ms + per_attempt_ms * spec.connections;
  ms += std::min(spec.connections, 64) * static_cast<double>(spec.attempt_timeout_ms);
  // AF_UNIX clients that block in connect() each wait out SO_SNDTIMEO when the queue is full.
  ms += static_cast<double>(spec.connections) * spec.blocking_connect_ms;
  return clamp_deadline(ms);
}

namespace {

// What a worker that produced nothing usable did, as an error kind and a message; none when it
// exited 0 and its stdout is to be parsed.
struct Failure {
  vocabulary::ErrorKind kind;
  std::string message;
};
std::optional<Failure> failure_of(const spawn::ChildResult& child, const std::string& exe, std::chrono::milliseconds deadline) {
  if (child.cancelled) return Failure{vocabulary::ErrorKind::interrupted, "the runner was interrupted and killed the worker"};
  if (!child.started) return Failure{vocabulary::ErrorKind::spawn_failed, "cannot start worker " + exe + ": " + child.start_error};
  if (child.timed_out) {
    return Failure{vocabulary::ErrorKind::hung, with_stderr("worker overran its deadline of " + std::to_string(deadline.count()) + " ms and was killed",
                                       child.err)};
  }
  if (child.signaled) return Failure{vocabulary::ErrorKind::crashed, with_stderr("worker killed by signal " + std::to_string(child.signal), child.err)};
  if (child.exit_code != 0) {
    return Failure{vocabulary::ErrorKind::crashed, with_stderr("worker exited with status " + std::to_string(child.exit_code), child.err)};
  }
  return std::nullopt;
}

// A worker's stdout that did not parse as what was asked for.
std::string malformed(const std::string& what, const std::exception& e, const spawn::ChildResult& child) {
  // The parser's message quotes the bytes it stopped at.
  return with_stderr(valid_utf8("worker output is not a valid " + what + ": " + e.what() +
                                (child.out.empty() ? " (stdout was empty)" : "; stdout began: " + child.out.substr(0, 120))),
                     child.err);
}

// What the worker answered, given to `parse` (which throws on what is not the answer asked
// for); or why there is no answer.
template <typename Parse>
std::optional<Failure> read_answer(const spawn::ChildResult& child, const std::string& exe,
                                   std::chrono::milliseconds deadline, const std::string& what, Parse&& parse) {
  if (auto failed = failure_of(child, exe, deadline)) return failed;
  try {
    parse(nlohmann::json::parse(child.out));
  } catch (const std::exception& e) {
    return Failure{vocabulary::ErrorKind::malformed_output, malformed(what, e, child)};
  }
  return std::nullopt;
}

}  // namespace

WorkerRun run_worker(const ProbeSpec& asked, std::chrono::milliseconds deadline,
                     const std::string& executable, const ProgressWatch& progress) {
  WorkerRun run;
  deadline = clamp_deadline(static_cast<double>(deadline.count()));
  const std::string exe = executable.empty() ? default_worker() : executable;
  ProbeSpec spec = asked;
  const PrivateSocketDirectory socket_dir(spec);
  std::vector<std::string> args{"worker", "--spec", to_json(spec).dump()};
  spawn::StderrHandler on_stderr;
  ProgressReader reader(progress.on_count);
  if (progress.on_count) {
    args.insert(args.end(), {"--progress", std::to_string(progress.every.count())});
    on_stderr = [&reader](std::string_view piece) { reader.feed(piece); };
  }
  auto child = spawn::run_child(exe, args, deadline, on_stderr);
  if (progress.on_count) child.err = reader.diagnostics();  // the reason of a failure, not the progress
  run.elapsed_ms = child.elapsed_ms;
  const auto failed = read_answer(child, exe, deadline, "observation",
                                  [&](const nlohmann::json& j) { run.observation = observation_from_json(j); });
  if (failed) {
    run.error_kind = failed->kind;
    run.error = failed->message;
  }
  if (run.observation) run.observation->spec.socket_dir = asked.socket_dir;  // a temporary name, not part of what was asked
  return run;
}

HostReportRun run_host_report(const std::string& executable) {
  HostReportRun run;
  const std::chrono::milliseconds deadline{10'000};
  const std::string exe = executable.empty() ? default_worker() : executable;
  const auto child = spawn::run_child(exe, {"worker", "--host-report"}, deadline);
  const auto failed = read_answer(child, exe, deadline, "host report",
                                  [&](const nlohmann::json& j) { run.report = host_report_from_json(j); });
  if (failed) {
    run.error_kind = failed->kind;
    run.error = failed->message;
  }
  return run;
}

RuntimeRun run_runtime_worker(const RuntimeSpec& spec, const std::string& executable) {
  RuntimeRun run;
  const auto deadline = clamp_deadline(10'000.0 + spec.start_timeout_ms +
                                       static_cast<double>(spec.connections) * (2.0 + spec.attempt_timeout_ms));
  const std::string exe = executable.empty() ? default_worker() : executable;
  const auto child = spawn::run_child(exe, {"worker", "--runtime-spec", to_json(spec).dump()}, deadline);
  run.elapsed_ms = child.elapsed_ms;
  const auto failed = read_answer(child, exe, deadline, "runtime observation",
                                  [&](const nlohmann::json& j) { run.observation = runtime_observation_from_json(j); });
  if (failed) {
    run.error_kind = failed->kind;
    run.error = failed->message;
  }
  return run;
}

InspectRun run_inspect_worker(const std::string& executable) {
  InspectRun run;
  const std::chrono::milliseconds deadline{30'000};
  const std::string exe = executable.empty() ? default_worker() : executable;
  const auto child = spawn::run_child(exe, {"worker", "--inspect"}, deadline);
  const auto failed = read_answer(child, exe, deadline, "listener inspection", [&](const nlohmann::json& j) {
    if (!j.is_object() || j.value("format", "") != "listen-conformance/inspect" || !j.contains("listeners") ||
        !j.at("listeners").is_array())
      throw std::invalid_argument("not a listen-conformance/inspect document");
    run.listeners = j;
  });
  if (failed) {
    run.error_kind = failed->kind;
    run.error = failed->message;
  }
  return run;
}

}  // namespace lc::worker
