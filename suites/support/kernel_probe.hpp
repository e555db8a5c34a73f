// SPDX-License-Identifier: Apache-2.0
// Runs one spec through a real worker process (the built listen-conformance binary), as the
// runner does: the test process itself never changes namespaces or sysctls.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "lc/observation.hpp"
#include "worker/worker_client.hpp"

namespace lc::testing {

// The observation, or a test failure naming why there is none. A worker that could not
// isolate itself is reported through `skip_reason` so that the test can GTEST_SKIP.
inline std::optional<Observation> probe(const ProbeSpec& spec, std::string* skip_reason) {
  const auto run = worker::run_worker(spec, worker::default_deadline(spec), LC_BINARY);
  if (!run.observation) {
    ADD_FAILURE() << "worker " << run.error_kind << ": " << run.error;
    return std::nullopt;
  }
  if (run.observation->failure) {
    if (run.observation->failure->kind == FailureKind::cannot_isolate) {
      *skip_reason = run.observation->failure->message;
    } else {
      ADD_FAILURE() << "probe failed (" << run.observation->failure->kind << "): " << run.observation->failure->message;
    }
    return std::nullopt;
  }
  return run.observation;
}

inline ProbeSpec flood_spec(int backlog, int connections) {
  ProbeSpec s;
  s.backlog = backlog;
  s.connections = connections;
  return s;
}

// 8 handshakes wait in the SYN queue (backlog 8, TCP_DEFER_ACCEPT; 8 fit before and after
// 3479c7549fb1), then the backlog is lowered to 2 and each client writes: the first 3 reach the
// accept queue, the other 5 find it full.
inline ProbeSpec completing_ack_overflow(const char* abort_on_overflow) {
  ProbeSpec s = flood_spec(8, 8);
  s.defer_accept = true;
  s.relisten = Relisten{2, 8};
  s.sysctls = {{"net.ipv4.tcp_abort_on_overflow", abort_on_overflow}};
  s.settle_ms = 3000;  // bounded; the late accepts come after one client RTO (>= 200 ms)
  return s;
}

// Counters are evidence only in a namespace of the worker's own; without one (no privileges, no
// user namespaces) the engine decides drops by timeouts and reports no counter deltas.
inline bool counters_are_evidence(const Observation& obs) { return obs.isolation != IsolationMode::none; }

inline std::int64_t counter(const Observation& obs, const std::string& name) {
  auto it = obs.counters.find(name);
  return it == obs.counters.end() ? 0 : it->second;
}

}  // namespace lc::testing

// Declares `obs` (an Observation) from a spec, or skips/fails the test.
#define LC_PROBE_OR_RETURN(obs, spec)                                  \
  std::string obs##_skip;                                              \
  const auto obs##_opt = ::lc::testing::probe((spec), &obs##_skip);    \
  if (!obs##_skip.empty()) {                                           \
    GTEST_SKIP() << obs##_skip;                                        \
  }                                                                    \
  if (!obs##_opt) return;                                              \
  const ::lc::Observation& obs = *obs##_opt
