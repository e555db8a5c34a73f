#include "host.hpp"

#include "worker/worker_client.hpp"

namespace lc::orchestration {

HostQuery query_host(const std::string& worker_executable) {
  HostQuery q;
  const worker::HostReportRun run = worker::run_host_report(worker_executable);
  if (!run.report) {
    q.error = "a worker could not report the host's facts (" + vocabulary::to_string(run.error_kind.value_or(vocabulary::ErrorKind::crashed)) + "): " + run.error;
    return q;
  }
  const HostReport& r = *run.report;
  q.host = Host{expect::platform_facts(r.os, r.kernel, r.build, r.arch), r.sysctls};
  return q;
}

}  // namespace lc::orchestration
