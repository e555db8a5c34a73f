// SPDX-License-Identifier: Apache-2.0
#include "host.hpp"

#include "lc/vocabulary/vocabulary.hpp"
#include "worker/worker_client.hpp"

namespace lc::orchestration {
namespace {

// The OS this program was built for: certain without asking anyone.
constexpr vocabulary::Os kBuiltFor =
#if defined(_WIN32)
    vocabulary::Os::windows;
#elif defined(__APPLE__)
    vocabulary::Os::macos;
#elif defined(__FreeBSD__)
    vocabulary::Os::freebsd;
#else
    vocabulary::Os::linux_;
#endif

}  // namespace

Host query_host(const std::string& worker_executable) {
  const worker::HostReportRun run = worker::run_host_report(worker_executable);
  if (!run.report) {
    Host unknown{expect::platform_facts(vocabulary::to_string(kBuiltFor), "", "", ""), {}, ""};
    unknown.unknown_because = "a worker could not report the host's facts (" +
                              vocabulary::to_string(run.error_kind.value_or(vocabulary::ErrorKind::crashed)) +
                              "): " + run.error;
    return unknown;
  }
  const HostReport& r = *run.report;
  return Host{expect::platform_facts(r.os, r.kernel, r.build, r.arch), r.sysctls, ""};
}

}  // namespace lc::orchestration
