// Rule 2 of this project, checked: the host's /proc/sys/net is the same after the suite as
// before it. ctest runs `Snapshot` first (FIXTURES_SETUP) and `UnchangedSinceSnapshot` last
// (FIXTURES_CLEANUP) around every test that starts workers.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> read_host_net_sysctls() {
  std::map<std::string, std::string> values;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator("/proc/sys/net", fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec || !it->is_regular_file(ec)) continue;
    std::ifstream in(it->path());
    std::stringstream text;
    if (in && (text << in.rdbuf())) values[it->path().string()] = text.str();
  }
  return values;
}

fs::path snapshot_file() {
  const char* dir = std::getenv("LC_HOST_SNAPSHOT");
  return dir ? fs::path(dir) : fs::temp_directory_path() / "lc-host-net-sysctls.snapshot";
}

TEST(HostNetSysctls, Snapshot) {
  const auto values = read_host_net_sysctls();
  ASSERT_GT(values.size(), 10u) << "cannot read /proc/sys/net";
  std::ofstream out(snapshot_file(), std::ios::trunc);
  for (const auto& [path, value] : values) out << path << '\t' << std::quoted(value) << '\n';
  ASSERT_TRUE(out.good());
}

TEST(HostNetSysctls, UnchangedSinceSnapshot) {
  std::ifstream in(snapshot_file());
  ASSERT_TRUE(in) << "no snapshot at " << snapshot_file() << " (run HostNetSysctls.Snapshot first)";
  std::map<std::string, std::string> before;
  std::string path, value;
  while (std::getline(in, path, '\t') && (in >> std::quoted(value))) {
    before[path] = value;
    in.ignore(1, '\n');
  }
  ASSERT_GT(before.size(), 10u);
  const auto after = read_host_net_sysctls();
  for (const auto& [p, v] : before) {
    auto it = after.find(p);
    if (it == after.end()) continue;  // e.g. a device that went away; not a sysctl we write
    EXPECT_EQ(it->second, v) << p << " changed on the host";
  }
  // The three the project's rules name, explicitly.
  for (const char* p : {"/proc/sys/net/core/somaxconn", "/proc/sys/net/ipv4/tcp_syncookies",
                        "/proc/sys/net/ipv4/tcp_abort_on_overflow"}) {
    EXPECT_TRUE(before.count(p)) << p << " missing from the snapshot";
  }
}

}  // namespace
