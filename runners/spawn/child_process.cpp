// SPDX-License-Identifier: Apache-2.0
// Boost.Process implementation of child_process.hpp, the one file that knows Boost.Process.
// Its API depends on the Boost version:
//   Boost 1.74 .. 1.85   v1 (<boost/process.hpp>), header-only, needs Boost.Filesystem: Debian 12
//                        (1.74), Ubuntu 24.04 (1.83).
//   Boost 1.80 .. 1.85   also v2 (<boost/process/v2/...>), header-only; used when LC_PROCESS_V2 is
//                        defined (CMake LC_PROCESS_V2_HEADER_ONLY: with std::filesystem it needs
//                        no compiled Boost at all, which is how the mingw-w64 cross build works).
//   Boost >= 1.86        v1 moved to <boost/process/v1/...> and v2 became a compiled library
//                        (Boost::process); 1.88 made v2 the default. v2 is used from 1.86 on.
// Both paths spawn the child with stdin closed/null, capture stdout and stderr through Asio,
// and supervise it the same way (supervise()): in a process group of its own (process_group.hpp),
// killed with that group at its deadline or when the runner is interrupted.
#include "child_process.hpp"
#include "process_group.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/version.hpp>

#if BOOST_VERSION >= 108600 || (BOOST_VERSION >= 108000 && defined(LC_PROCESS_V2))
#define LC_USE_PROCESS_V2 1
#elif defined(_WIN32)
#error "On Windows Boost.Process v2 is needed (Boost >= 1.86, or 1.80-1.85 with LC_PROCESS_V2_HEADER_ONLY)"
#endif

#include <boost/asio.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <array>
#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>

#if defined(LC_USE_PROCESS_V2)
// Boost 1.81's v2 headers use boost::optional and an unqualified (boost::)is_convertible without
// including them when BOOST_PROCESS_USE_STD_FS is set.
#include <boost/optional.hpp>
#include <boost/type_traits/is_convertible.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>
namespace bp = boost::process::v2;
#else
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
namespace bp = boost::process;
#endif

#if !defined(_WIN32)
#include <sys/wait.h>
#endif

namespace lc::spawn {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

template <typename Child>
void decode_status(Child& c, ChildResult& r) {
#if defined(_WIN32)
  r.exit_code = static_cast<int>(c.native_exit_code());
#else
  const int status = c.native_exit_code();
  if (WIFSIGNALED(status)) {
    r.signaled = true;
    r.signal = WTERMSIG(status);
  } else {
    r.exit_code = WEXITSTATUS(status);
  }
#endif
}

// A fork that fails for want of processes or memory (EAGAIN under RLIMIT_NPROC, ENOMEM) may
// succeed a moment later, once a sibling worker has ended: a few bounded retries.
constexpr std::array kStartRetryPauses{10ms, 30ms, 100ms, 300ms};

bool transient(const std::error_code& ec) {
  return ec == std::errc::resource_unavailable_try_again || ec == std::errc::not_enough_memory;
}

struct StartFailure {
  std::error_code code;  // empty when the failure was not a system error
  std::string what;
};

#if defined(LC_USE_PROCESS_V2)

using Child = bp::process;
using Pipe = boost::asio::readable_pipe;
using ErrorCode = boost::system::error_code;

#if defined(_WIN32)
// Boost.Process's own Windows quoting has changed across versions and does not round-trip every
// argument (1.81 leaves '"' unescaped in an argument without spaces, and the worker's --spec is
// JSON full of them), so the command line is built by quote_windows_argument() and handed to the
// launcher unchanged through its on_setup customisation point.
std::wstring wide(const std::string& utf8) {
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end())).native();
}

struct ExactCommandLine {
  std::wstring line;
  bp::error_code on_setup(bp::windows::default_launcher&, const bp::filesystem::path&,
                          std::wstring& cmd_line) const {
    cmd_line = line;
    return {};
  }
};

ExactCommandLine command_line(const std::string& executable,
                              const std::vector<std::string>& args) {
  std::string line = quote_windows_argument(executable);
  for (const std::string& a : args) line += " " + quote_windows_argument(a);
  return ExactCommandLine{wide(line)};
}
#else
// The child's half of process_group.hpp, run between fork and exec.
struct GroupOfItsOwn {
  long parent;
  bp::error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&, const char* const*) const {
    const int err = prepare_child(parent);
    return err == 0 ? bp::error_code() : bp::error_code(err, boost::system::system_category());
  }
};
#endif

std::optional<StartFailure> start(boost::asio::io_context& io, std::optional<Child>& child, const std::string& executable,
                                  const std::vector<std::string>& args, Pipe& out, Pipe& err) {
  try {
    child.emplace(io, executable, args, bp::process_stdio{nullptr, out, err},
#if defined(_WIN32)
                  command_line(executable, args)
#else
                  GroupOfItsOwn{current_pid()}
#endif
    );
    return std::nullopt;
  } catch (const boost::system::system_error& e) {
    return StartFailure{std::error_code(e.code().value(), std::system_category()), e.what()};
  }
}

#else

using Child = bp::child;
using Pipe = bp::async_pipe;
using ErrorCode = std::error_code;

// The child's half of process_group.hpp, run between fork and exec. v1 calls exec even after an
// error here, so the child reports it through Boost's error pipe and ends itself.
struct GroupOfItsOwn : bp::extend::handler {
  long parent;
  explicit GroupOfItsOwn(long p) : parent(p) {}
  template <typename Executor>
  void on_exec_setup(Executor& exec) const {
    if (const int err = prepare_child(parent)) {
      exec.set_error(std::error_code(err, std::system_category()), "cannot give the child a process group of its own");
      ::_exit(127);
    }
  }
};

std::optional<StartFailure> start(boost::asio::io_context&, std::optional<Child>& child, const std::string& executable,
                                  const std::vector<std::string>& args, Pipe& out, Pipe& err) {
  // With an error_code, v1 reports a failed fork or exec there instead of throwing; Boost 1.74
  // without one returns an invalid child from a failed fork() and throws nothing at all.
  std::error_code ec;
  child.emplace(bp::exe = executable, bp::args = args, bp::std_in.close(), bp::std_out > out, bp::std_err > err, ec,
                GroupOfItsOwn(current_pid()));
  if (ec) return StartFailure{ec, ec.message()};
  if (!child->valid()) return StartFailure{{}, "no process was created"};
  return std::nullopt;
}

#endif

// Reads a pipe to its end into `text`.
void read_all(Pipe& pipe, std::string& text) {
  boost::asio::async_read(pipe, boost::asio::dynamic_buffer(text), [](const boost::system::error_code&, std::size_t) {});
}

// Reads a pipe to its end into `text`, telling `on_piece` of each piece as it arrives.
class StreamingRead {
 public:
  StreamingRead(Pipe& pipe, std::string& text, const StderrHandler& on_piece) : pipe_(pipe), text_(text), on_piece_(on_piece) {}
  void start() {
    pipe_.async_read_some(boost::asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
      if (n > 0) {
        text_.append(buffer_.data(), n);
        if (on_piece_) on_piece_(std::string_view(buffer_.data(), n));
      }
      if (!ec) start();
    });
  }

 private:
  Pipe& pipe_;
  std::string& text_;
  const StderrHandler& on_piece_;
  std::array<char, 4096> buffer_{};
};

// Whether the child has ended. POSIX: without reaping it, so that its group can still be swept
// and its pid is not reused while it is registered.
bool has_exited(Child& child) {
#if defined(_WIN32)
  ErrorCode ec;
  return !child.running(ec);
#else
  return has_exited_unreaped(static_cast<long>(child.id()));
#endif
}

// Ends the child and everything in its process group.
void kill_child([[maybe_unused]] Child& child) {
#if defined(_WIN32)
  ErrorCode ec;
  child.terminate(ec);
#else
  kill_group(static_cast<long>(child.id()));
#endif
}

// Reads the child's output until it has exited and closed both pipes, the deadline has passed
// or the runner cancelled its children, polling every millisecond. Not v1's child::wait_for:
// Boost 1.74's waits for SIGCHLD with sigtimedwait() without blocking it, so a child that exits
// just before the call is only noticed at the deadline (seconds per probe under emulation), and
// it swaps the process-wide SIGCHLD handler, which is not safe from several threads (`run -j 2`
// could spin forever). Once the child itself has exited, what it left in its group is killed:
// nothing it started outlives it.
void supervise(Child& child, boost::asio::io_context& io, Clock::time_point end, ChildResult& r) {
  GroupRegistration group(static_cast<long>(child.id()));
  bool exited = false;
  for (;;) {
    if (children_cancelled()) {  // first: the runner's handler may have killed it already
      r.cancelled = true;
      break;
    }
    if (!exited && has_exited(child)) {
      exited = true;
      kill_child(child);
    }
    if (exited && io.stopped()) break;
    if (Clock::now() >= end) {
      r.timed_out = true;
      break;
    }
    if (io.stopped()) {
      std::this_thread::sleep_for(1ms);
    } else {
      io.run_for(1ms);
    }
  }
  if (!exited) kill_child(child);
  group.release();  // before the child is reaped: its pid is free for reuse after that
}

}  // namespace

std::string quote_windows_argument(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string::npos) return arg;
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    // Backslashes before a quote are doubled and the quote escaped; elsewhere they stay as-is.
    out.append(c == '"' ? 2 * backslashes + 1 : backslashes, '\\');
    out.push_back(c);
    backslashes = 0;
  }
  out.append(2 * backslashes, '\\');  // they precede the closing quote
  out.push_back('"');
  return out;
}

std::chrono::steady_clock::time_point deadline_after(std::chrono::steady_clock::time_point now,
                                                     std::chrono::milliseconds deadline) {
  if (deadline <= 0ms) return now;
  const auto room = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - now);
  return deadline >= room ? Clock::time_point::max() : now + deadline;
}

ChildResult run_child(const std::string& executable, const std::vector<std::string>& args,
                      std::chrono::milliseconds deadline, const StderrHandler& on_stderr) {
  ChildResult r;
  const auto started = Clock::now();
  const auto end = deadline_after(started, deadline);
  boost::asio::io_context io;
  std::optional<Pipe> out_pipe, err_pipe;
  std::optional<Child> child;
  try {
    for (std::size_t attempt = 0;; ++attempt) {
      if (children_cancelled()) {
        r.cancelled = true;
        r.start_error = "the runner is stopping";
        return r;
      }
      child.reset();
      out_pipe.emplace(io);
      err_pipe.emplace(io);
      const auto failure = start(io, child, executable, args, *out_pipe, *err_pipe);
      if (!failure) break;
      if (!transient(failure->code) || attempt == kStartRetryPauses.size()) {
        r.start_error = failure->what;
        if (attempt > 0) r.start_error += " (" + std::to_string(attempt + 1) + " attempts)";
        if (failure->code == std::errc::resource_unavailable_try_again) r.start_error += "; at the limit of processes (ulimit -u)?";
        return r;
      }
      std::this_thread::sleep_for(kStartRetryPauses[attempt]);
    }
  } catch (const std::exception& e) {  // pipes that cannot be made (no descriptors left), ...
    r.start_error = e.what();
    return r;
  }
  r.started = true;
  read_all(*out_pipe, r.out);
  StreamingRead err_read(*err_pipe, r.err, on_stderr);
  err_read.start();
  supervise(*child, io, end, r);
  // The group is gone, so the pipes are closing: read what is left in them, bounded in case
  // something outside the group holds them open.
  io.restart();
  io.run_for(1s);
  io.stop();
  ErrorCode ec;
  child->wait(ec);  // reaps it
  if (!r.timed_out && !r.cancelled) decode_status(*child, r);
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return r;
}

std::string self_executable() { return boost::dll::program_location().string(); }

}  // namespace lc::spawn
