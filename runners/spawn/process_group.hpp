// SPDX-License-Identifier: Apache-2.0
// The children run_child() starts, as a set the runner can end at once. On POSIX each child leads
// a process group of its own, so that a deadline or an interrupt kills it together with whatever
// it forked (the worker's socket-holder processes), and on Linux it dies with the thread that
// started it (PR_SET_PDEATHSIG), so that even a SIGKILLed runner leaves no worker behind.
// cancel_all_children() is what the runner's signal handler calls: it is async-signal-safe.
// Windows has no process groups here: run_child() terminates its child itself when cancelled.
#pragma once

namespace lc::spawn {

// In the child between fork and exec (async-signal-safe): no descriptor of the runner's but
// stdin/stdout/stderr survives the exec, a process group of its own, and on Linux death with
// its parent. `parent` is the runner's pid, read before the fork: a parent that
// died before the death signal was armed is noticed. Returns 0 or an errno.
int prepare_child(long parent) noexcept;

// The current process id, for prepare_child().
long current_pid() noexcept;

// While alive, `pid`'s group can be killed by cancel_all_children(). run_child() holds one from
// the spawn until the child is reaped (never after: its pid could be reused), and kills the group
// when it is destroyed without release() (an exception on the way).
class GroupRegistration {
 public:
  explicit GroupRegistration(long pid) noexcept;
  ~GroupRegistration();
  GroupRegistration(const GroupRegistration&) = delete;
  GroupRegistration& operator=(const GroupRegistration&) = delete;
  void release() noexcept;

 private:
  long pid_;
  int slot_;
  bool released_ = false;
};

// SIGKILL to the process group `pid` leads (POSIX; nothing elsewhere). Only for a child that is
// not yet reaped.
void kill_group(long pid) noexcept;

// Whether the child `pid` has ended, without reaping it (POSIX: waitid(WNOWAIT)), so that its
// group can still be swept and its pid is not reused meanwhile. Elsewhere: always false (the
// caller asks Boost.Process).
bool has_exited_unreaped(long pid) noexcept;

// Async-signal-safe: from now on run_child() starts nothing and returns its running children as
// cancelled; every registered group is killed at once.
void cancel_all_children() noexcept;
bool children_cancelled() noexcept;

}  // namespace lc::spawn
