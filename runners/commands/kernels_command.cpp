// SPDX-License-Identifier: Apache-2.0
// `listen-conformance kernels [TARGET...]`: the suite under several kernels (Debian's builds in
// qemu, any kernel image, the host) compared with the program's own diff and merge; or
// `--bisect SERIES` to find the build, and the upstream commits, where a behaviour changed.
// Exit 0 every target gave results (bisect: the first differing build was found), 1 (bisect) no
// build differs, 2 bad input or a target that is an error, 77 --offline and something is missing.
#include <iostream>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "verbosity.hpp"
#include "expect/expectations_path.hpp"
#include "kernels/matrix.hpp"
#include "lc/vocabulary/vocabulary.hpp"
#include "spawn/child_process.hpp"

namespace lc::commands {

Handler add_kernels_command(CLI::App& app) {
  auto o = std::make_shared<kernels::KernelsOptions>();
  o->jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App* cmd = app.add_subcommand(
      "kernels",
      "Run the suite under several kernels and compare them: host, debian:SERIES (newest build), debian:oldest:SERIES, "
      "debian:SUITE, debian:PACKAGE=VERSION, file:PATH (a bzImage/vmlinuz). Default: the oldest and newest 5.10, 6.1 "
      "and 6.12, the newest sid and experimental kernels, and the host");
  cmd->add_option("targets", o->targets, "Targets (default: the matrix above)");
  cmd->add_option("--bisect", o->bisect,
                  "SERIES, or two Debian targets: find the first build whose observations differ from the older "
                  "side's, and the candidate upstream commits")
      ->expected(1, 2);
  cmd->add_option("--out", o->out, "Output directory")->capture_default_str();
  cmd->add_option("-j,--jobs", o->jobs, "Targets at a time (each guest is one emulated CPU)")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--accel", o->accel, "auto (KVM when a boot with it works; the verdict is cached), kvm or tcg")
      ->check(CLI::IsMember({"auto", "kvm", "tcg"}))->capture_default_str();
  cmd->add_option("--timeout", o->timeout_s, "Seconds for one guest, boot to power-off")->check(CLI::Range(10, 3600))->capture_default_str();
  cmd->add_option("--reference", o->reference, "The target the others are compared with (default: the newest guest kernel)");
  cmd->add_option("--flavour", o->flavour, "Debian kernel flavour")->capture_default_str();
  cmd->add_option("--cache", o->cache, "Kernel cache (default: $LC_KERNELS_CACHE or /var/cache/listen-conformance)");
  cmd->add_option("--expectations", o->expectations, "Expectation file (default: linux.yaml from the expectations directory)");
  cmd->add_flag("--offline", o->offline, "Never download: exit 77 (skip) when a kernel or a tool is missing");
  auto verbosity = std::make_shared<Verbosity>(Verbosity::normal);
  add_verbosity_flags(*cmd, *verbosity, "Print only the closing lines (where the pages are, whether every target gave results)", "");
  return [o, verbosity]() {
    o->quiet = *verbosity == Verbosity::quiet;
    o->program = spawn::self_executable();
    if (o->expectations.empty()) o->expectations = expect::default_expectations_file(vocabulary::to_string(vocabulary::Os::linux_), o->program);
    if (o->expectations.empty()) {
      std::cerr << "listen-conformance kernels: no linux.yaml found; pass --expectations FILE\n";
      return 2;
    }
    o->expectations = std::filesystem::absolute(o->expectations);
    return kernels::run_kernels(*o);
  };
}

}  // namespace lc::commands
