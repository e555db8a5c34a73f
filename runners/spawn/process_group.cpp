// SPDX-License-Identifier: Apache-2.0
#include "process_group.hpp"

#include <array>
#include <atomic>
#include <cstring>

#if !defined(_WIN32)
#include <cerrno>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#if defined(__linux__)
#if __has_include(<linux/close_range.h>)
#include <linux/close_range.h>
#endif
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif
#else
#include <process.h>
#endif

namespace lc::spawn {
namespace {

// Lock-free, so that a signal handler can read it: one slot per running child. -j is at most 64;
// a child that finds no free slot is still ended by its own run_child() polling the flag.
std::array<std::atomic<long>, 256> g_groups{};
std::atomic<bool> g_cancelled{false};
static_assert(std::atomic<long>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "read from a signal handler");

#if !defined(_WIN32)
// Every descriptor above stderr is closed by exec in the child. Boost.Process v1 (up to 1.85)
// makes its pipes without O_CLOEXEC, so a worker forked by one thread while another had just
// made the pipes of its own worker kept them open: the first worker's output never ended
// while the second ran (a crashed worker beside a slow one was reported only at the slow one's
// end, and then as hung). Async-signal-safe: system calls only.
void close_on_exec_above_stderr() noexcept {
#if defined(__linux__)
#if defined(SYS_close_range) && defined(CLOSE_RANGE_CLOEXEC)
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;  // Linux >= 5.11
#endif
  // Older kernels: the open descriptors, from /proc/self/fd read with getdents64.
  const int dir = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    alignas(8) char buf[4096];
    for (long n; (n = ::syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0;) {
      for (long at = 0; at < n;) {
        // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
        unsigned short reclen = 0;
        std::memcpy(&reclen, buf + at + 16, sizeof reclen);
        const char* name = buf + at + 19;
        int fd = 0;
        bool number = *name != '\0';
        for (const char* c = name; *c; ++c) {
          if (*c < '0' || *c > '9') number = false;
          fd = fd * 10 + (*c - '0');
        }
        if (number && fd > 2 && fd != dir) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        at += reclen;
      }
    }
    ::close(dir);
    return;
  }
#endif
  const long max = ::sysconf(_SC_OPEN_MAX);
  for (long fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}
#endif

}  // namespace

long current_pid() noexcept {
#if defined(_WIN32)
  return static_cast<long>(::_getpid());
#else
  return static_cast<long>(::getpid());
#endif
}

int prepare_child([[maybe_unused]] long parent) noexcept {
#if defined(_WIN32)
  return 0;
#else
  close_on_exec_above_stderr();
  if (::setpgid(0, 0) != 0) return errno;
#if defined(__linux__)
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return errno;
  if (static_cast<long>(::getppid()) != parent) return ESRCH;  // the runner died before the line above
#endif
  return 0;
#endif
}

GroupRegistration::GroupRegistration(long pid) noexcept : pid_(pid), slot_(-1) {
  for (std::size_t i = 0; i < g_groups.size(); ++i) {
    long empty = 0;
    if (g_groups[i].compare_exchange_strong(empty, pid)) {
      slot_ = static_cast<int>(i);
      break;
    }
  }
}

void GroupRegistration::release() noexcept {
  if (slot_ >= 0) g_groups[static_cast<std::size_t>(slot_)].store(0);
  released_ = true;
}

GroupRegistration::~GroupRegistration() {
  if (released_) return;
  kill_group(pid_);  // left by an exception: the child must not outlive the call that started it
  release();
}

void kill_group([[maybe_unused]] long pid) noexcept {
#if !defined(_WIN32)
  if (pid > 0) ::kill(static_cast<pid_t>(-pid), SIGKILL);
#endif
}

bool has_exited_unreaped([[maybe_unused]] long pid) noexcept {
#if defined(_WIN32)
  return false;
#else
  siginfo_t info{};
  info.si_pid = 0;
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno != EINTR;
  return info.si_pid != 0;
#endif
}

void cancel_all_children() noexcept {
  g_cancelled.store(true);
  for (auto& g : g_groups) kill_group(g.load());
}

bool children_cancelled() noexcept { return g_cancelled.load(); }

}  // namespace lc::spawn
