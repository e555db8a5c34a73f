// SPDX-License-Identifier: Apache-2.0
#include "answer.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "report_common.hpp"

namespace lc::report {
namespace {

constexpr const char* kSomaxconn = "net.core.somaxconn";

bool sets_sysctl(const judge::CaseResult& r, const std::string& key) {
  return std::any_of(r.spec.sysctls.begin(), r.spec.sysctls.end(), [&](const auto& kv) { return kv.first == key; });
}

// A flood whose case sets sysctls other than somaxconn (no syncookies, a small SYN queue) measures
// those, not what backlog = N holds.
bool only_somaxconn_set(const judge::CaseResult& r) {
  return std::all_of(r.spec.sysctls.begin(), r.spec.sysctls.end(), [](const auto& kv) { return kv.first == kSomaxconn; });
}

std::optional<long long> number(const std::map<std::string, std::string>& m, const std::string& key) {
  const auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  try {
    return std::stoll(it->second);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// What the first connection past the queue got, as a reader would say it.
std::string outcome_words(Outcome o) {
  switch (o) {
    case Outcome::no_answer: return "the next connection's SYN is dropped silently (no answer; the client retries)";
    case Outcome::refused: return "the next connection is refused (RST to its SYN, ECONNREFUSED)";
    case Outcome::reset: return "the next connection is reset once established (ECONNRESET)";
    case Outcome::established_unaccepted: return "the next connection completes on the client's side but is never queued for accept()";
    case Outcome::accepted: break;
  }
  return "the next connection is accepted";
}

std::string offset_words(long long k) {
  if (k == 0) return "N";
  return k > 0 ? "N+" + std::to_string(k) : "N" + std::to_string(k);
}

}  // namespace

std::string answer_sentence(const results::RunResults& run) {
  // Capacity: floods of a plain listener (no relisten), each with the somaxconn in force in its
  // own namespace; the queue holds accepted - min(backlog, somaxconn) more than it was asked for.
  std::map<long long, int> offsets;  // offset -> floods
  int floods = 0, clamped = 0;
  std::optional<long long> default_somaxconn;
  for (const auto& r : run.results) {
    if (!r.observation || r.observation->failure || !r.observation->listen_ok) continue;
    if (r.spec.scenario != Scenario::flood || r.spec.relisten || r.spec.backlog < 0 || !only_somaxconn_set(r)) continue;
    const Observation& o = *r.observation;
    const auto somaxconn = number(o.sysctls, kSomaxconn);
    if (!somaxconn) continue;
    if (!sets_sysctl(r, kSomaxconn) && !default_somaxconn) default_somaxconn = somaxconn;
    const long long held = o.count(Outcome::accepted);
    if (held >= r.spec.connections) continue;  // never full: says nothing about the capacity
    const long long asked = std::min<long long>(r.spec.backlog, *somaxconn);
    clamped += r.spec.backlog > *somaxconn;
    ++offsets[held - asked];
    ++floods;
  }

  // Overflow: what the first attempt after the accepted ones got, with the default settings.
  std::map<Outcome, int> next;
  int overflowed = 0;
  for (const auto& r : run.results) {
    if (!r.observation || r.observation->failure || r.spec.scenario != Scenario::flood || !r.spec.sysctls.empty()) continue;
    const auto& attempts = r.observation->attempts;
    const auto first = std::find_if(attempts.begin(), attempts.end(), [](const auto& a) { return a.outcome != Outcome::accepted; });
    if (first == attempts.end()) continue;
    ++next[first->outcome];
    ++overflowed;
  }

  std::string s = "Here (" + machine_label(run) + "), ";
  if (floods == 0) {
    s += "this run measured no full accept queue";
    if (!run.filter.empty()) s += " (filter " + run.filter + ")";
    s += ", so it cannot say what backlog = N holds";
  } else {
    const auto most = std::max_element(offsets.begin(), offsets.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    s += "listen(fd, N) holds " + offset_words(most->first) + " completed connections";
    if (default_somaxconn) s += ", up to somaxconn = " + std::to_string(*default_somaxconn);
    s += " (" + offset_words(most->first) + " in " + std::to_string(most->second) + " of " + plural(floods, "flood", "floods");
    if (clamped > 0) s += ", " + std::to_string(clamped) + " clamped by somaxconn";
    for (const auto& [k, n] : offsets) {
      if (k != most->first) s += "; " + offset_words(k) + " in " + std::to_string(n);
    }
    s += ")";
  }
  if (overflowed > 0) {
    const auto most = std::max_element(next.begin(), next.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    s += "; when the queue is full, " + outcome_words(most->first) + " (in " + std::to_string(most->second) + " of " +
         plural(overflowed, "flood", "floods") + " with default settings)";
  }
  return s + ".";
}

}  // namespace lc::report
