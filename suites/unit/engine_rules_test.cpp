// SPDX-License-Identifier: Apache-2.0
// Pure rules of the probe engine: which client errors are outcomes of listen() at all, and the
// sysctl allowlist the worker enforces before it touches /proc/sys.
#include <gtest/gtest.h>

#include "lc/outcome.hpp"
#include "lc/vocabulary/sysctl_allowlist.hpp"

namespace lc {
namespace {

TEST(ClientErrorOutcome, RefusalResetAndTimeoutAreOutcomes) {
  EXPECT_EQ(outcome_of_client_error("ECONNREFUSED"), Outcome::refused);
  EXPECT_EQ(outcome_of_client_error("ECONNRESET"), Outcome::reset);
  EXPECT_EQ(outcome_of_client_error("EPIPE"), Outcome::reset);
  EXPECT_EQ(outcome_of_client_error("ETIMEDOUT"), Outcome::no_answer);
}

// lo down (ENETUNREACH), a firewall (EACCES, EPERM), an interrupted poll (EINTR): none of them
// says anything about the listener, so none may be counted as a refusal (or anything else).
TEST(ClientErrorOutcome, OtherErrorsAreNoOutcome) {
  for (const char* name : {"ENETUNREACH", "EHOSTUNREACH", "EACCES", "EPERM", "EINTR", "ENOBUFS", "EINVAL", ""}) {
    EXPECT_EQ(outcome_of_client_error(name), std::nullopt) << name;
  }
}

// net.netfilter.nf_hooks_lwtunnel is writable in a fresh network namespace but switches a
// static key of the whole kernel: the worker must refuse it before opening /proc/sys.
TEST(SysctlRefusal, AKernelWideNetKeyIsRefusedOnLinux) {
  const auto why = vocabulary::sysctl_refusal("linux", "net.netfilter.nf_hooks_lwtunnel");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("net.netfilter.nf_hooks_lwtunnel"), std::string::npos) << *why;
}

TEST(SysctlRefusal, TheKeysTheWorkerSetsItselfAreAllowed) {
  EXPECT_EQ(vocabulary::sysctl_refusal("linux", "net.ipv4.ip_local_port_range"), std::nullopt);
  EXPECT_EQ(vocabulary::sysctl_refusal("linux", "net.core.somaxconn"), std::nullopt);
}

TEST(SysctlRefusal, PathsAndPrefixesOfAllowedKeysAreRefused) {
  EXPECT_TRUE(vocabulary::sysctl_refusal("linux", "net/core/somaxconn").has_value());
  EXPECT_TRUE(vocabulary::sysctl_refusal("linux", "net.core").has_value());
  EXPECT_TRUE(vocabulary::sysctl_refusal("linux", "net.core.somaxconn ").has_value());
  EXPECT_TRUE(vocabulary::sysctl_refusal("linux", "").has_value());
}

}  // namespace
}  // namespace lc
