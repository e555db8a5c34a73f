// SPDX-License-Identifier: Apache-2.0
// Booting one kernel in qemu with the suite in its initramfs, and collecting what it measured.
// The guest's /init (busybox sh) runs the job it finds in /opt/lc/job, writes the results as a
// base64 gzipped tar framed by ==KMATRIX-RESULTS-BEGIN==/END== to the second serial port (a file
// on the host), and powers off; the first serial port is the console (console.log).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "initramfs.hpp"

namespace lc::kernels {

// What a guest is asked to do.
struct GuestJob {
  enum class Mode { suite, rerun, probe } mode = Mode::suite;
  std::vector<std::string> ids;  // rerun: the case instances, each with `run --filter ID`
};

// The files every guest gets: busybox, the program and its shared libraries, the static worker,
// the Linux expectation file and /init. Built once per command.
struct GuestPayload {
  CpioWriter base;
  std::string description;  // for the progress line
};
// Throws ToolError when busybox, ldd or a library is missing.
GuestPayload build_payload(const std::filesystem::path& program, const std::filesystem::path& expectations,
                           const std::filesystem::path& work_dir);

struct BootOptions {
  std::string accel = "tcg";  // tcg or kvm
  std::chrono::seconds timeout{300};
  long long thash_entries = 0;  // the host's TCP hash size for a new namespace (0 = kernel default)
  std::function<void(const std::string& stage)> on_stage;  // "running" once /init has started
};

struct GuestOutcome {
  bool ok = false;              // results came back
  std::string reason;           // when not ok: why, in one line
  std::string console_tail;     // the console's last lines (errors)
  std::string kernel_release;   // uname -r in the guest
  double wall_s = 0;            // qemu, start to exit
  std::optional<double> init_s; // /proc/uptime when /init started
  std::optional<double> run_s;  // the payload's own time in the guest
  std::filesystem::path results_dir;  // the unpacked /results of the guest
};

// Boots `image` with the payload and the job into `dir` (console.log, results.serial, qemu.cmdline,
// results/). Never throws for a guest's failure: that is an outcome that is not ok.
GuestOutcome boot_guest(const std::filesystem::path& image, const GuestPayload& payload, const GuestJob& job,
                        const std::filesystem::path& dir, const BootOptions& options);

// Whether a file looks like something qemu can boot as an x86 kernel: a bzImage (boot sector
// signature 0x55AA and "HdrS" at 0x202) or an ELF image. nullopt when it is; else why not.
std::optional<std::string> not_bootable_reason(const std::filesystem::path& image);

// The size of the TCP established hash a new network namespace gets on this host
// (tcp_max_tw_buckets there is half of it); 0 when it cannot be found.
long long host_thash_entries();

}  // namespace lc::kernels
