// SPDX-License-Identifier: Apache-2.0
#include "accel.hpp"

#include <sstream>

#include "lc/vocabulary/atomic_write.hpp"
#include "results/results.hpp"
#include "tool.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;

std::string accel_host_key() {
  auto first_line = [](const std::string& s) { return s.substr(0, s.find('\n')); };
  std::string qemu;
  try {
    qemu = first_line(run_tool("qemu-system-x86_64", {"--version"}, std::chrono::seconds(20)));
  } catch (const ToolError&) {
    qemu = "no qemu";
  }
  return first_line(read_text("/proc/sys/kernel/osrelease")) + " " + first_line(read_text("/proc/sys/kernel/version")) +
         " | " + qemu;
}

AccelChoice choose_accel(const std::string& mode, const fs::path& cache_root, const std::function<std::string()>& probe) {
  if (mode == "tcg") return {"tcg", "TCG (--accel tcg)"};
  std::error_code ec;
  if (!fs::exists("/dev/kvm", ec)) {
    if (mode == "kvm") return {"", "--accel kvm: there is no /dev/kvm"};
    return {"tcg", "TCG: there is no /dev/kvm"};
  }
  const std::string key = accel_host_key();
  const fs::path cache = cache_root / "kvm-verdict";
  // One line: key TAB verdict TAB note.
  std::istringstream in(read_text(cache));
  std::string line;
  if (std::getline(in, line)) {
    std::istringstream cols(line);
    std::string k, verdict, note;
    std::getline(cols, k, '\t');
    std::getline(cols, verdict, '\t');
    std::getline(cols, note);
    if (k == key && (verdict == "kvm" || verdict == "tcg")) {
      if (mode == "kvm" && verdict != "kvm") return {"", "--accel kvm: KVM is unusable here (cached verdict: " + note + ")"};
      return {verdict, (verdict == "kvm" ? "KVM" : "TCG") + std::string(" (cached verdict for this host: ") + note + ")"};
    }
  }
  const std::string failure = probe();
  const std::string verdict = failure.empty() ? "kvm" : "tcg";
  const std::string note = failure.empty() ? "a probe boot with KVM returned results" : "KVM unusable: " + failure;
  try {
    fs::create_directories(cache_root);
    vocabulary::write_file_atomically(cache, key + "\t" + verdict + "\t" + note + "\n");
  } catch (const std::exception&) {
    // Not cached: the next run probes again.
  }
  if (mode == "kvm" && verdict != "kvm") return {"", "--accel kvm: " + note};
  return {verdict, (verdict == "kvm" ? "KVM: " : "TCG: ") + note + " (probed now; cached)"};
}

}  // namespace lc::kernels
