// The pure logic of `kernels`: Debian versions, targets, the archive's build list, the
// changelog's candidate commits and the guests' cpio archive. No network, no qemu.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "kernels/archive.hpp"
#include "kernels/bisect.hpp"
#include "kernels/debian_version.hpp"
#include "kernels/initramfs.hpp"
#include "kernels/pages.hpp"
#include "kernels/targets.hpp"

namespace {

using namespace lc::kernels;

TEST(DebianVersion, OrdersAsDpkgDoes) {
  // Each pair as `dpkg --compare-versions a lt b` says.
  const std::vector<std::pair<std::string, std::string>> less = {
      {"5.10.218-1", "5.10.223-1"},          {"5.10.223-1", "5.10.251-5"},        {"5.10.251-4", "5.10.251-5"},
      {"6.1.180-1~deb11u1", "6.1.180-1"},    {"6.12.117-1~deb12u1", "6.12.117-1"}, {"7.3~rc7-1~exp1", "7.3-1"},
      {"7.2.13-1", "7.3~rc7-1~exp1"},        {"6.1.192-2", "6.1.192-3"},           {"2.0", "1:1.0"},
      {"1.0~", "1.0"},                       {"1.0", "1.0a"},                      {"1.0a", "1.0+"},
      {"6.12.9-1", "6.12.10-1"}};
  for (const auto& [a, b] : less) {
    EXPECT_LT(compare_debian_versions(a, b), 0) << a << " < " << b;
    EXPECT_GT(compare_debian_versions(b, a), 0) << b << " > " << a;
  }
  EXPECT_EQ(compare_debian_versions("5.10.223-1", "5.10.223-1"), 0);
  EXPECT_EQ(compare_debian_versions("0:1.0-1", "1.0-1"), 0);
}

TEST(DebianVersion, UpstreamAndSeries) {
  EXPECT_EQ(upstream_of("5.10.223-1"), "5.10.223");
  EXPECT_EQ(upstream_of("6.12.117-1~deb12u1"), "6.12.117");
  EXPECT_EQ(upstream_of("7.3~rc7-1~exp1"), "7.3-rc7");
  EXPECT_EQ(series_of("5.10.223"), "5.10");
  EXPECT_EQ(series_of("7.3-rc7"), "7.3");
  EXPECT_EQ(series_of("6.1"), "6.1");
}

TEST(Targets, ParsesEveryForm) {
  EXPECT_EQ(parse_target("host").kind, TargetSpec::Kind::host);
  const auto s = parse_target("debian:5.10");
  EXPECT_EQ(s.kind, TargetSpec::Kind::debian_series);
  EXPECT_EQ(s.series, "5.10");
  EXPECT_FALSE(s.oldest);
  EXPECT_TRUE(parse_target("debian:oldest:6.12").oldest);
  EXPECT_EQ(parse_target("debian:sid").kind, TargetSpec::Kind::debian_suite);
  const auto p = parse_target("debian:linux-image-5.10.0-32-cloud-amd64=5.10.223-1");
  EXPECT_EQ(p.kind, TargetSpec::Kind::debian_package);
  EXPECT_EQ(p.package, "linux-image-5.10.0-32-cloud-amd64");
  EXPECT_EQ(p.version, "5.10.223-1");
  const auto f = parse_target("file:arch/x86/boot/bzImage");
  EXPECT_EQ(f.kind, TargetSpec::Kind::file);
  EXPECT_EQ(f.path, "arch/x86/boot/bzImage");
}

TEST(Targets, RejectsWhatItDoesNotKnow) {
  for (const char* bad : {"", "debian:", "debian:oldest:sid", "file:", "debian:linux-image-x=1;rm", "5.10", "debian:Sid!"}) {
    EXPECT_THROW(parse_target(bad), std::invalid_argument) << bad;
  }
}

// As `apt-cache madison` prints them (a meta package, a 7.x image that moved to linux-binary-*,
// one version in two suites).
const char* kMadison =
    "linux-binary-7.3-cloud-amd64 | 7.3~rc7-1~exp1 | http://deb.debian.org/debian experimental/main amd64 Packages\n"
    "linux-image-7.3-cloud-amd64 | 7.3~rc7-1~exp1 | http://deb.debian.org/debian experimental/main amd64 Packages\n"
    "linux-image-5.10.0-30-cloud-amd64 | 5.10.218-1 | http://deb.debian.org/debian bullseye/main amd64 Packages\n"
    "linux-image-5.10.0-46-cloud-amd64 | 5.10.262-1 | http://deb.debian.org/debian-security bullseye-security/main amd64 Packages\n"
    "linux-image-6.1-cloud-amd64 | 6.1.180-1~deb11u1 | http://deb.debian.org/debian-security bullseye-security/main amd64 Packages\n"
    "linux-image-6.1.0-50-cloud-amd64 |  6.1.176-1 | http://deb.debian.org/debian bookworm/main amd64 Packages\n"
    "linux-image-6.1.0-50-cloud-amd64 |  6.1.176-1 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages\n"
    "linux-image-6.1.0-0.deb11.50-cloud-amd64 | 6.1.176-1~deb11u1 | http://deb.debian.org/debian-security bullseye-security/main amd64 Packages\n"
    "linux-image-7.2.13+deb14-cloud-amd64 |   7.2.13-1 | http://deb.debian.org/debian sid/main amd64 Packages\n"
    "linux-binary-7.2.13+deb14-cloud-amd64 |   7.2.13-1 | http://deb.debian.org/debian sid/main amd64 Packages\n";

TEST(Archive, BuildsFromMadison) {
  const auto builds = builds_from_madison(kMadison, "cloud-amd64");
  std::vector<std::string> got;
  for (const auto& b : builds) got.push_back(b.package + "=" + b.version);
  EXPECT_EQ(got, (std::vector<std::string>{"linux-image-5.10.0-30-cloud-amd64=5.10.218-1",
                                           "linux-image-5.10.0-46-cloud-amd64=5.10.262-1",
                                           "linux-image-6.1.0-0.deb11.50-cloud-amd64=6.1.176-1~deb11u1",
                                           "linux-image-6.1.0-50-cloud-amd64=6.1.176-1",
                                           "linux-binary-7.2.13+deb14-cloud-amd64=7.2.13-1",
                                           "linux-binary-7.3-cloud-amd64=7.3~rc7-1~exp1"}));
  EXPECT_EQ(builds[3].suites, (std::vector<std::string>{"bookworm", "bookworm-security"}));
  EXPECT_EQ(builds[5].series, "7.3");
  EXPECT_EQ(builds[5].upstream, "7.3-rc7");
}

TEST(Archive, ImagePackageNamesOfOneFlavour) {
  const auto names = image_package_names(
      "linux-image-5.10.0-30-cloud-amd64\nlinux-image-5.10.0-30-amd64\nlinux-headers-5.10.0-30-cloud-amd64\n"
      "linux-image-5.10.0-30-cloud-amd64-unsigned\nlinux-binary-7.3-cloud-amd64\nlinux-image-cloud-amd64\n",
      "cloud-amd64");
  EXPECT_EQ(names, (std::vector<std::string>{"linux-binary-7.3-cloud-amd64", "linux-image-5.10.0-30-cloud-amd64"}));
}

TEST(Targets, PickBuildNewestOldestSuitePackage) {
  const auto builds = builds_from_madison(kMadison, "cloud-amd64");
  EXPECT_EQ(pick_build(parse_target("debian:5.10"), builds)->version, "5.10.262-1");
  EXPECT_EQ(pick_build(parse_target("debian:oldest:5.10"), builds)->version, "5.10.218-1");
  EXPECT_EQ(pick_build(parse_target("debian:6.1"), builds)->version, "6.1.176-1");
  EXPECT_EQ(pick_build(parse_target("debian:sid"), builds)->version, "7.2.13-1");
  EXPECT_EQ(pick_build(parse_target("debian:experimental"), builds)->package, "linux-binary-7.3-cloud-amd64");
  EXPECT_EQ(pick_build(parse_target("debian:bullseye"), builds)->version, "6.1.176-1~deb11u1");
  EXPECT_FALSE(pick_build(parse_target("debian:4.19"), builds).has_value());
  EXPECT_FALSE(pick_build(parse_target("debian:linux-image-5.10.0-30-cloud-amd64=5.10.219-1"), builds).has_value());
}

// The shape of `dpkg-parsechangelog -S Changes` over Debian's kernel changelog.
const char* kChanges =
    " linux (5.10.234-1) bullseye-security; urgency=high\n"
    " .\n"
    "   * New upstream stable update:\n"
    "     https://www.kernel.org/pub/linux/kernel/v5.x/ChangeLog-5.10.234\n"
    "     - tcp/dccp: complete lockless accesses to sk->sk_max_ack_backlog\n"
    "     - tcp/dccp: allow a connection when sk_max_ack_backlog is zero\n"
    "     - wifi: mac80211: ocb: skip rx_no_sta when interface is not joined\n"
    "       (CVE-2025-71224)\n"
    "     https://www.kernel.org/pub/linux/kernel/v5.x/ChangeLog-5.10.235\n"
    "     - net: fix tcp_conn_request() when the listener is closing\n"
    " .\n"
    "   * [rt] Update to 5.10.234-rt127\n";

TEST(Bisect, ChangelogItemsCarryTheirStableRelease) {
  const auto items = changelog_items(kChanges);
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].title, "New upstream stable update:");
  EXPECT_EQ(items[2].release, "5.10.234");
  EXPECT_EQ(items[2].title, "tcp/dccp: allow a connection when sk_max_ack_backlog is zero");
  EXPECT_EQ(items[3].title, "wifi: mac80211: ocb: skip rx_no_sta when interface is not joined (CVE-2025-71224)");
  EXPECT_EQ(items[4].release, "5.10.235");
  EXPECT_EQ(items[5].release, "");  // Debian's own change
}

TEST(Bisect, CandidatesAreTheCitedCommitThenWhatNamesTheCitedCode) {
  const std::vector<lc::judge::Citation> cites = {
      {"commit-3479c7549fb1",
       "3479c7549fb1 'tcp/dccp: allow a connection when sk_max_ack_backlog is zero' (v6.13; stable 5.10.234)", "", "", "source"},
      {"tcp_conn_request", "net/ipv4/tcp_input.c tcp_conn_request() and tcp_syn_flood_action(): SYN queue full", "", "", "source"}};
  const CitedTerms terms = cited_terms(cites);
  EXPECT_EQ(terms.commit_subjects, (std::vector<std::string>{"tcp/dccp: allow a connection when sk_max_ack_backlog is zero"}));
  EXPECT_NE(std::find(terms.identifiers.begin(), terms.identifiers.end(), "sk_max_ack_backlog"), terms.identifiers.end());
  EXPECT_NE(std::find(terms.identifiers.begin(), terms.identifiers.end(), "tcp_conn_request"), terms.identifiers.end());
  const auto c = candidate_commits(changelog_items(kChanges), terms);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_TRUE(c[0].cited_commit);
  EXPECT_EQ(c[0].item.title, "tcp/dccp: allow a connection when sk_max_ack_backlog is zero");
  EXPECT_EQ(c[0].item.release, "5.10.234");
  EXPECT_EQ(c[1].matched, "sk_max_ack_backlog");
  EXPECT_EQ(c[2].matched, "tcp_conn_request");
  // The wifi change names nothing the differing instances cite.
  for (const auto& x : c) EXPECT_EQ(x.item.title.find("wifi"), std::string::npos);
}

TEST(Initramfs, NewcEntriesAreAlignedAndTerminated) {
  CpioWriter w;
  w.directory("/bin");
  w.file("/init", "#!/bin/sh\n", 0755);
  const std::string a = w.finish();
  EXPECT_EQ(a.compare(0, 6, "070701"), 0);
  EXPECT_EQ(a.size() % 4, 0u);
  // The name follows the 110-byte header; the mode field (the 2nd) of /bin says directory 0755.
  EXPECT_EQ(a.substr(110, 4), std::string("bin\0", 4));
  EXPECT_EQ(a.substr(14, 8), "000041ED");
  EXPECT_NE(a.find(std::string("init\0", 5)), std::string::npos);
  EXPECT_NE(a.find("TRAILER!!!"), std::string::npos);
  EXPECT_EQ(w.data().find("TRAILER!!!"), std::string::npos);  // finish() leaves the writer open
}

}  // namespace

namespace {

TEST(Pages, BlocksRenderTheSameValuesAsMarkdownAndHtml) {
  using lc::kernels::PageBlock;
  PageBlock table = PageBlock::table("Booted", {"Build", "Verdict"});
  table.rows = {{"linux-image-5.10.0-43-cloud-amd64 5.10.251-5", "differs | from <the> old side"}};
  PageBlock list = PageBlock::list("Questions that changed");
  list.items = {"backlog-zero/without-cookies: observation.outcomes.accepted 0 → 1"};
  const std::vector<PageBlock> blocks = {PageBlock::paragraph("Builds searched: 5.10.218-1 5.10.262-1."), table, list};
  const std::string md = lc::kernels::render_blocks_markdown("bisect", blocks);
  EXPECT_NE(md.find("### Booted"), std::string::npos);
  EXPECT_NE(md.find("differs \\| from"), std::string::npos) << "a '|' in a cell must not split the table";
  EXPECT_NE(md.find("- backlog-zero/without-cookies"), std::string::npos);
  const std::string html = lc::kernels::render_blocks_html("bisect", blocks);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str())) << "not well-formed XHTML";
  EXPECT_EQ(doc.select_nodes("//td").size(), 2u);
  EXPECT_STREQ(doc.select_node("//td[2]").node().child_value(), "differs | from <the> old side");
  EXPECT_EQ(doc.select_nodes("//li").size(), 1u);
}

}  // namespace
