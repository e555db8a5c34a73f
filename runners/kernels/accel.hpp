// SPDX-License-Identifier: Apache-2.0
// KVM or TCG for the guests. KVM is used only when a real boot with it works; the verdict is
// cached per host (its kernel and qemu's version) in <cache>/kvm-verdict, so that a host whose
// KVM fails (e.g. "failed to set MSR 0x10a" under nested virtualisation) pays the probe once.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace lc::kernels {

struct AccelChoice {
  std::string accel;  // "kvm" or "tcg"
  std::string note;   // why, for the page: "cached verdict (...): unusable: ..."
};

// mode: auto, kvm (KVM or fail) or tcg. `probe` boots one guest with KVM and says "" when it
// returned results, else why not. Never probes when /dev/kvm is missing.
AccelChoice choose_accel(const std::string& mode, const std::filesystem::path& cache_root,
                         const std::function<std::string()>& probe);

// "<kernel release> <kernel version> | <qemu --version first line>": what the verdict depends on.
std::string accel_host_key();

}  // namespace lc::kernels
