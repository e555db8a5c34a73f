// SPDX-License-Identifier: Apache-2.0
// The founding question, answered in one line per runtime (issue 14): what a program's
// `backlog = N` became on its way through the runtime to listen(), how many connections the
// kernel then held here, and what the other OSes' models (`explain`) say they would hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lc/vocabulary/vocabulary.hpp"

namespace lc::console {

struct RuntimeAnswer {
  vocabulary::RuntimeDriver driver = vocabulary::RuntimeDriver::python_socket;
  std::optional<int> requested;        // what the program gave its runtime; nullopt: the API's default
  std::string runtime_version;         // as the driver reported it
  std::optional<std::int64_t> kept;    // the backlog the kernel kept (somaxconn at `somaxconn`)
  std::int64_t somaxconn = 2147483647;  // in force while the driver listened
  int queued = 0;                      // attempts the accept queue took
  int connections = 0;                 // attempts made
  // Other OSes' capacities for the backlog passed (`explain`'s rows), e.g. {"freebsd", 76}.
  std::vector<std::pair<std::string, double>> elsewhere;
};

// How the program asks: "reactor.listenTCP(port, factory, backlog=50)".
std::string runtime_api_call(vocabulary::RuntimeDriver driver, std::optional<int> requested);

// The backlog the runtime passed to listen(), as far as the kept one tells: a kept backlog equal
// to somaxconn at INT_MAX was a negative value (the kernel's unsigned compare) or INT_MAX itself;
// nullopt when nothing was kept.
std::optional<std::int64_t> passed_backlog(const RuntimeAnswer& a);

// "twisted-listentcp (22.4.0): `reactor.listenTCP(port, factory, backlog=50)` → `listen(fd, 50)`
// → 51 connections on this Linux; `explain` says freebsd would hold 76, macos 50".
std::string runtime_answer_line(const RuntimeAnswer& a, const std::string& os = "Linux");

}  // namespace lc::console
