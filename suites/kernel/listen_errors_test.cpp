// SPDX-License-Identifier: Apache-2.0
// listen() error returns, as listen(2) ERRORS documents them (LTP listen01 covers the first
// three): EBADF, ENOTSOCK, EOPNOTSUPP; EINVAL on a connected socket (__inet_listen_sk only
// accepts TCP_CLOSE or TCP_LISTEN); EADDRINUSE when another socket listens on the port.
#include <gtest/gtest.h>

#include "support/kernel_probe.hpp"

namespace lc {
namespace {

struct ErrorCase {
  ListenTarget target;
  const char* errno_name;
};

class ListenErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ListenErrorTest, ReturnsTheDocumentedErrno) {
  ProbeSpec s;
  s.scenario = Scenario::listen_call;
  s.target = GetParam().target;
  s.backlog = 5;
  LC_PROBE_OR_RETURN(obs, s);
  EXPECT_FALSE(obs.listen_ok);
  EXPECT_EQ(obs.listen_error, GetParam().errno_name);
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ListenErrorTest,
    ::testing::Values(ErrorCase{ListenTarget::bad_fd, "EBADF"}, ErrorCase{ListenTarget::not_socket, "ENOTSOCK"},
                      ErrorCase{ListenTarget::udp, "EOPNOTSUPP"}, ErrorCase{ListenTarget::connected, "EINVAL"},
                      ErrorCase{ListenTarget::port_in_use, "EADDRINUSE"}),
    [](const auto& test_param) { return to_string(test_param.param.target); });

TEST(ListenCall, ReadsBackABacklogTooLargeToFlood) {
  ProbeSpec s;
  s.scenario = Scenario::listen_call;
  s.backlog = 1'000'000;
  s.sysctls = {{"net.core.somaxconn", "2147483647"}};
  LC_PROBE_OR_RETURN(obs, s);
  ASSERT_TRUE(obs.listen_ok) << obs.listen_error;
  EXPECT_EQ(obs.effective_backlog, 1'000'000);
}

}  // namespace
}  // namespace lc
