// SPDX-License-Identifier: Apache-2.0
// A worker that misbehaves on purpose, for the fault tests: `run --worker lc_fault_worker`.
// It speaks the worker interface (`worker --spec JSON`) and picks its fault from the spec's
// backlog; any other backlog is measured by the real worker, so a run mixes faults and
// real observations.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace {

// With LC_FAULT_PID_DIR set, a hanging worker says who it is (a file named after its pid), so
// that a test can wait for it to run and then check that it is gone.
void announce(pid_t pid) {
  if (const char* dir = std::getenv("LC_FAULT_PID_DIR")) std::ofstream(std::string(dir) + "/" + std::to_string(pid)) << pid;
}

[[noreturn]] void hang() {
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::strcmp(argv[1], "worker") != 0 || std::strcmp(argv[2], "--spec") != 0) return 64;
  const int backlog = nlohmann::json::parse(argv[3]).at("backlog").get<int>();
  switch (backlog) {
    case 1001:  // killed mid-case, after part of its output
      std::fputs("{\"format\": \"listen-conformance/observation\", \"attem", stdout);
      std::fflush(stdout);
      std::raise(SIGKILL);
      return 0;
    case 1002:  // hangs
      announce(::getpid());
      hang();
    case 1006:  // hangs, and so does a child of its own (in its process group)
      if (const pid_t child = ::fork(); child == 0) {
        announce(::getpid());
        hang();
      }
      announce(::getpid());
      hang();
    case 1003:  // garbage on stdout
      std::puts("this is not an observation");
      return 0;
    case 1004:  // fails with a message carrying a terminal escape (an OSC that retitles the terminal)
      std::fputs("fault worker: simulated failure \x1b]0;retitled\x07\n", stderr);
      return 3;
    case 1007:  // bytes that are not UTF-8, on both streams
      std::fputs("\xff\xfe not UTF-8 \xc3", stdout);
      std::fputs("fault worker: \xff\xfe not UTF-8 \xc3", stderr);
      return 0;
    case 1005:  // slow but real (for interrupting a run)
      announce(::getpid());
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      break;
    default:
      break;
  }
  // Remaining cases: the real worker, with backlog 1005 measured as 5.
  std::string spec = argv[3];
  if (backlog == 1005) {
    auto j = nlohmann::json::parse(spec);
    j["backlog"] = 5;
    spec = j.dump();
  }
  execl(LC_BINARY, LC_BINARY, "worker", "--spec", spec.c_str(), static_cast<char*>(nullptr));
  std::perror("exec " LC_BINARY);
  return 127;
}
