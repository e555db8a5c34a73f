// SPDX-License-Identifier: Apache-2.0
// The founding question's one-line answer per runtime (issue 14).
#include <gtest/gtest.h>

#include <climits>

#include "console/runtime_answer_line.hpp"

namespace lc::console {
namespace {

using vocabulary::RuntimeDriver;

TEST(RuntimeAnswerLine, TwistedsDefaultWithTheOtherOses) {
  RuntimeAnswer a{RuntimeDriver::twisted_listentcp, std::nullopt, "22.4.0", 50, INT_MAX, 51, 53, {{"freebsd", 76}, {"macos", 50}}};
  EXPECT_EQ(runtime_answer_line(a),
            "twisted-listentcp (22.4.0): `reactor.listenTCP(port, factory)` → `listen(fd, 50)` → 51 connections on this "
            "Linux; `explain` says freebsd would hold 76, macos 50");
}

TEST(RuntimeAnswerLine, ANegativeBacklogIsShownAsKeptAtSomaxconn) {
  RuntimeAnswer a{RuntimeDriver::node_net, -1, "20.20.2", INT_MAX, INT_MAX, 10, 10, {}};
  EXPECT_EQ(runtime_answer_line(a), "node-net (20.20.2): `server.listen({port, backlog: -1})` → `listen(fd, -1)` (kept as "
                                    "2147483647, somaxconn here) → at least 10 connections on this Linux");
}

TEST(RuntimeAnswerLine, NoListenerSaysSo) {
  RuntimeAnswer a{RuntimeDriver::nginx, 0, "1.22.1", std::nullopt, INT_MAX, 0, 0, {}};
  EXPECT_EQ(runtime_answer_line(a), "nginx (1.22.1): `listen port backlog=0;` → no listener");
}

TEST(RuntimeAnswerLine, PythonsNegativeBacklogHoldsOne) {
  RuntimeAnswer a{RuntimeDriver::python_socket, -1, "3.11.2", 0, INT_MAX, 1, 3, {}};
  EXPECT_EQ(runtime_answer_line(a), "python-socket (3.11.2): `socket.listen(-1)` → `listen(fd, 0)` → 1 connection on this Linux");
}

TEST(RuntimeAnswerLine, WithoutAFloodNoCapacityIsClaimed) {
  RuntimeAnswer a{RuntimeDriver::php_fpm, std::nullopt, "8.2.36", 7, INT_MAX, 0, 0, {}};
  EXPECT_EQ(runtime_answer_line(a), "php-fpm (8.2.36): `a pool without listen.backlog` → `listen(fd, 7)` (not flooded here)");
}

}  // namespace
}  // namespace lc::console
