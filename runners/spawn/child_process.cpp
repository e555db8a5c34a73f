// Boost.Process implementation of child_process.hpp. Debian 12 ships Boost 1.74, where
// <boost/process.hpp> is the v1 API used here; Boost 1.86+ (Homebrew, recent vcpkg) make v2 the
// default, which gets its own branch below so that the rest of the runner never sees either.
#include "child_process.hpp"

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>

#include <boost/version.hpp>

#include <boost/asio.hpp>
#include <boost/dll/runtime_symbol_info.hpp>
#include <future>
#include <thread>

#if BOOST_VERSION >= 108600
#include <boost/process/v1/args.hpp>
#include <boost/process/v1/async.hpp>
#include <boost/process/v1/child.hpp>
#include <boost/process/v1/exe.hpp>
#include <boost/process/v1/io.hpp>
namespace bp = boost::process::v1;
#else
#include <boost/process.hpp>
namespace bp = boost::process;
#endif

#if !defined(_WIN32)
#include <sys/wait.h>
#endif

namespace lc::spawn {
namespace {

using Clock = std::chrono::steady_clock;

void decode_status(const bp::child& c, ChildResult& r) {
#if defined(_WIN32)
  r.exit_code = c.exit_code();
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

}  // namespace

ChildResult run_child(const std::string& executable, const std::vector<std::string>& args,
                      std::chrono::milliseconds deadline) {
  ChildResult r;
  const auto started = Clock::now();
  boost::asio::io_context io;
  std::future<std::string> out, err;
  bp::child child;
  try {
    child = bp::child(bp::exe = executable, bp::args = args, bp::std_in.close(), bp::std_out > out,
                      bp::std_err > err, io);
  } catch (const std::exception& e) {
    r.start_error = e.what();
    return r;
  }
  r.started = true;
  // Runs until both pipes are closed (the child exited or closed them) or the deadline.
  io.run_for(deadline);
  // Once its pipes are closed the child is normally gone, or about to be. Poll for that rather
  // than call child::wait_for: Boost 1.74's waits for SIGCHLD with sigtimedwait() without blocking
  // it, so a child that exits just before the call is only noticed at the deadline (seconds per
  // probe under emulation), and it swaps the process-wide SIGCHLD handler, which is not safe from
  // several threads (`run -j 2` could spin forever).
  const auto end = started + deadline;
  std::error_code ec;
  while (child.running(ec) && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (child.running(ec)) {
    r.timed_out = true;
    child.terminate(ec);
  }
  child.wait(ec);
  io.restart();
  io.run();  // the pipes close once the child is gone; finish reading them
  r.out = out.valid() ? out.get() : std::string();
  r.err = err.valid() ? err.get() : std::string();
  if (!r.timed_out) decode_status(child, r);
  r.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return r;
}

std::string self_executable() { return boost::dll::program_location().string(); }

}  // namespace lc::spawn
