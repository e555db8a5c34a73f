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
// and enforce the deadline the same way (wait_within()).
#include "child_process.hpp"

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
#include <filesystem>
#include <optional>
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
#include <future>
namespace bp = boost::process;
#endif

#if !defined(_WIN32)
#include <sys/wait.h>
#endif

namespace lc::spawn {
namespace {

using Clock = std::chrono::steady_clock;

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

// Once its output pipes are closed the child is normally gone, or about to be: poll for that
// until `end`, then kill it. The same for v1 and v2: both offer running(ec), terminate(ec) and
// wait(ec). Not v1's child::wait_for: Boost 1.74's waits for SIGCHLD with sigtimedwait() without
// blocking it, so a child that exits just before the call is only noticed at the deadline
// (seconds per probe under emulation), and it swaps the process-wide SIGCHLD handler, which is
// not safe from several threads (`run -j 2` could spin forever).
template <typename Child, typename ErrorCode>
void wait_within(Child& child, Clock::time_point end, ChildResult& r, ErrorCode& ec) {
  while (child.running(ec) && Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (child.running(ec)) {
    r.timed_out = true;
    child.terminate(ec);
  }
  child.wait(ec);
}

#if defined(LC_USE_PROCESS_V2)

// Reads a pipe to its end into `text`.
void read_all(boost::asio::readable_pipe& pipe, std::string& text) {
  boost::asio::async_read(pipe, boost::asio::dynamic_buffer(text),
                          [](const boost::system::error_code&, std::size_t) {});
}

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
#endif

#endif

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

ChildResult run_child(const std::string& executable, const std::vector<std::string>& args,
                      std::chrono::milliseconds deadline) {
  ChildResult r;
  const auto started = Clock::now();
  boost::asio::io_context io;
#if defined(LC_USE_PROCESS_V2)
  boost::asio::readable_pipe out_pipe(io), err_pipe(io);
  std::optional<bp::process> child;
  try {
    child.emplace(io, executable, args, bp::process_stdio{nullptr, out_pipe, err_pipe}
#if defined(_WIN32)
                  , command_line(executable, args)
#endif
    );
  } catch (const std::exception& e) {
    r.start_error = e.what();
    return r;
  }
  read_all(out_pipe, r.out);
  read_all(err_pipe, r.err);
  boost::system::error_code ec;
#else
  std::future<std::string> out, err;
  std::optional<bp::child> child;
  try {
    child.emplace(bp::exe = executable, bp::args = args, bp::std_in.close(), bp::std_out > out,
                  bp::std_err > err, io);
  } catch (const std::exception& e) {
    r.start_error = e.what();
    return r;
  }
  std::error_code ec;
#endif
  r.started = true;
  // Runs until both pipes are closed (the child exited or closed them) or the deadline.
  io.run_for(deadline);
  wait_within(*child, started + deadline, r, ec);
  io.restart();
  io.run();  // the pipes close once the child is gone; finish reading them
#if !defined(LC_USE_PROCESS_V2)
  r.out = out.valid() ? out.get() : std::string();
  r.err = err.valid() ? err.get() : std::string();
#endif
  if (!r.timed_out) decode_status(*child, r);
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return r;
}

std::string self_executable() { return boost::dll::program_location().string(); }

}  // namespace lc::spawn
