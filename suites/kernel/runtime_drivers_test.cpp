// SPDX-License-Identifier: Apache-2.0
// The runtimes' transforms of a backlog (issue 14, docs/runtimes.md), measured: each driver of
// drivers/ runs its runtime's real API inside a worker's namespace with somaxconn at INT_MAX,
// and the backlog the kernel keeps must be the documented transform of the one requested. A
// runtime that is not installed here is skipped ("<runtime> not installed"), never an error.
// And after a run nothing is left: no driver process, no private directory, no System V segment.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "worker/worker_client.hpp"

namespace lc {
namespace {

using vocabulary::RuntimeDriver;

constexpr std::int64_t kIntMax = INT_MAX;

struct Transform {
  RuntimeDriver driver;
  std::optional<int> backlog;  // nullopt: the runtime's default
  std::int64_t kept;           // the documented backlog passed to listen(), as the kernel keeps it
  const char* source;          // where the transform is written (docs/runtimes.md has the quotes)
};

std::string label(const Transform& t) {
  std::string s = vocabulary::to_string(t.driver) + "_" + (t.backlog ? std::to_string(*t.backlog) : std::string("default"));
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

// (For ctest's names: gtest would print the struct's bytes, pointers included.)
void PrintTo(const Transform& t, std::ostream* os) { *os << label(t); }

// The runtime observation, or a skip for a runtime that is not here / a namespace we cannot make.
std::optional<RuntimeObservation> measure(RuntimeDriver driver, std::optional<int> backlog, int connections,
                                          std::string* skip, int somaxconn = INT_MAX) {
  RuntimeSpec spec;
  spec.somaxconn = somaxconn;
  spec.driver = driver;
  spec.backlog = backlog;
  spec.connections = connections;
  spec.start_timeout_ms = 60'000;  // a cold `go build`
  const auto run = worker::run_runtime_worker(spec, LC_WORKER_BINARY);
  if (!run.observation) {
    ADD_FAILURE() << "worker " << run.error_kind << ": " << run.error;
    return std::nullopt;
  }
  if (run.observation->not_installed) {
    *skip = vocabulary::to_string(driver) + " not installed (" + *run.observation->not_installed + ")";
    return std::nullopt;
  }
  if (run.observation->failure && run.observation->failure->kind == FailureKind::cannot_isolate) {
    *skip = run.observation->failure->message;
    return std::nullopt;
  }
  return run.observation;
}

class RuntimeTransform : public ::testing::TestWithParam<Transform> {};

// The kept backlog is the documented transform; the flood confirms it: with a kept backlog of
// b, b + 1 connections queue (Linux's accept queue holds backlog + 1) and the rest are not.
TEST_P(RuntimeTransform, KeptBacklogIsTheDocumentedTransform) {
  const Transform& t = GetParam();
  const int connections = 3;
  std::string skip;
  const auto obs = measure(t.driver, t.backlog, connections, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs);
  ASSERT_FALSE(obs->failure) << obs->failure->kind << ": " << obs->failure->message;
  EXPECT_EQ(obs->somaxconn, kIntMax) << "the worker sets net.core.somaxconn to INT_MAX before the driver starts";
  EXPECT_EQ(obs->kept_backlog, t.kept) << vocabulary::to_string(t.driver) << " " << obs->runtime_version << ": " << t.source;
  EXPECT_FALSE(obs->runtime_version.empty()) << "the driver reports its runtime's version";
  const std::int64_t fits = std::min<std::int64_t>(connections, t.kept + 1);
  EXPECT_EQ(obs->count(DriverOutcome::queued), fits) << "queued: the accept queue holds kept + 1";
  EXPECT_EQ(obs->queue_length, fits);
  EXPECT_EQ(obs->count(DriverOutcome::no_answer), connections - fits) << "the rest: SYN dropped (ListenOverflows)";
}

const Transform kTransforms[] = {
    {RuntimeDriver::python_socket, std::nullopt, 128, "socketmodule.c sock_listen: min(SOMAXCONN, 128)"},
    {RuntimeDriver::python_socket, -1, 0, "socketmodule.c sock_listen: negative -> 0"},
    {RuntimeDriver::python_socket, 7, 7, "passed through"},
    {RuntimeDriver::python_socketserver, std::nullopt, 5, "socketserver.py request_queue_size = 5"},
    {RuntimeDriver::python_asyncio, std::nullopt, 100, "base_events.py create_server(backlog=100)"},
    {RuntimeDriver::python_asyncio, -1, 0, "sock.listen(backlog): CPython's negative -> 0"},
    {RuntimeDriver::twisted_listentcp, std::nullopt, 50, "tcp.py Port(backlog=50)"},
    {RuntimeDriver::twisted_listentcp, -1, 0, "skt.listen(backlog): CPython's negative -> 0"},
    {RuntimeDriver::node_net, std::nullopt, 511, "net.js: backlog || 511"},
    {RuntimeDriver::node_net, 0, 511, "net.js: backlog || 511 (0 is falsy)"},
    {RuntimeDriver::node_net, -1, kIntMax, "net.js: a negative backlog is passed through"},
    {RuntimeDriver::java_serversocket, std::nullopt, 50, "ServerSocket.java: default 50"},
    {RuntimeDriver::java_serversocket, 0, 50, "ServerSocket.java: backlog < 1 -> 50"},
    {RuntimeDriver::java_serversocket, -1, 50, "ServerSocket.java: backlog < 1 -> 50"},
    {RuntimeDriver::ruby_tcpserver, std::nullopt, 4096, "ipsocket.c: SOMAXCONN, glibc >= 2.31: 4096"},
    {RuntimeDriver::ruby_tcpserver, -1, kIntMax, "TCPServer#listen(n) passes n"},
    // Go reads somaxconn with dtoi (net/parse.go), which gives up at 0xFFFFFF: at INT_MAX
    // maxListenerBacklog falls back to syscall.SOMAXCONN, 128 (sock_linux.go).
    {RuntimeDriver::go_net, std::nullopt, 128, "sock_linux.go maxListenerBacklog: dtoi fails -> SOMAXCONN"},
    {RuntimeDriver::nginx, std::nullopt, 511, "ngx_linux_config.h NGX_LISTEN_BACKLOG 511"},
    {RuntimeDriver::nginx, 7, 7, "listen ... backlog=7 verbatim"},
    {RuntimeDriver::redis, std::nullopt, 511, "config.c tcp-backlog 511"},
    {RuntimeDriver::redis, 0, 0, "anet.c listen(s, backlog) verbatim"},
    {RuntimeDriver::php_fpm, 7, 7, "fpm_sockets.c listen(sock, listen_backlog) verbatim"},
    {RuntimeDriver::rust_tcplistener, std::nullopt, 128, "std sys_common/net.rs TcpListener::bind: let backlog = 128"},
    // PostgreSQL 15: listen(fd, min(MaxBackends * 2, PG_SOMAXCONN 10000)) (pqcomm.c
    // StreamServerPort), MaxBackends = max_connections + autovacuum_max_workers (3) + 1 +
    // max_worker_processes (8) + max_wal_senders (10) (postinit.c); the driver's backlog is
    // max_connections (compiled default 100).
    {RuntimeDriver::postgresql, std::nullopt, 2 * (100 + 3 + 1 + 8 + 10), "pqcomm.c: MaxBackends * 2, max_connections 100"},
    {RuntimeDriver::postgresql, 7, 2 * (7 + 3 + 1 + 8 + 10), "pqcomm.c: MaxBackends * 2, max_connections 7"},
    {RuntimeDriver::postgresql, 6000, 10000, "pqcomm.c: clamped at PG_SOMAXCONN (pg_config_manual.h)"},
    // haproxy: the bind's backlog, else (0 is unset) the frontend's maxconn, which is the global
    // maxconn the driver pins at 3000 (listener.c listener_backlog, proxy.c).
    {RuntimeDriver::haproxy, std::nullopt, 3000, "listener.c listener_backlog: frontend maxconn = global maxconn"},
    {RuntimeDriver::haproxy, 7, 7, "bind ... backlog 7 verbatim"},
    {RuntimeDriver::haproxy, 0, 3000, "listener.c: backlog 0 is unset, the frontend's maxconn follows"},
};
INSTANTIATE_TEST_SUITE_P(Drivers, RuntimeTransform, ::testing::ValuesIn(kTransforms),
                         [](const auto& p) { return label(p.param); });

// Go passes somaxconn as it reads it (sock_linux.go maxListenerBacklog): above 65535 through
// maxAckBacklog, 32 bits wide on kernels >= 4.1; but dtoi (net/parse.go) gives up at 0xFFFFFF,
// and from there Go passes syscall.SOMAXCONN, 128.
TEST(RuntimeDefaults, GoPassesSomaxconnBelowTwoToTheTwentyFour) {
  for (const int somaxconn : {70000, 0xFFFFFE, 0xFFFFFF}) {
    std::string skip;
    const auto obs = measure(RuntimeDriver::go_net, std::nullopt, 1, &skip, somaxconn);
    if (!obs && !skip.empty()) GTEST_SKIP() << skip;
    ASSERT_TRUE(obs);
    ASSERT_FALSE(obs->failure) << obs->failure->kind << ": " << obs->failure->message;
    EXPECT_EQ(obs->somaxconn, somaxconn);
    EXPECT_EQ(obs->kept_backlog, somaxconn < 0xFFFFFF ? somaxconn : 128) << "somaxconn " << somaxconn << ", " << obs->runtime_version;
  }
}

// php-fpm's default moved (docs/runtimes.md): 511 before PHP 8.2, -1 on Linux from 8.2, which
// the kernel keeps as somaxconn (INT_MAX here).
TEST(RuntimeDefaults, PhpFpmDefaultFollowsItsVersion) {
  std::string skip;
  const auto obs = measure(RuntimeDriver::php_fpm, std::nullopt, 1, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs);
  ASSERT_FALSE(obs->failure) << obs->failure->kind << ": " << obs->failure->message;
  int major = 0, minor = 0;
  ASSERT_EQ(std::sscanf(obs->runtime_version.c_str(), "%d.%d", &major, &minor), 2) << obs->runtime_version;
  EXPECT_EQ(obs->kept_backlog, major > 8 || (major == 8 && minor >= 2) ? kIntMax : 511) << "PHP " << obs->runtime_version;
}

// Values the runtime itself refuses: nginx's ngx_atoi takes positive numbers only, redis's
// tcp-backlog is 0..INT_MAX. The refusal is the runtime's answer: a failure naming it.
TEST(RuntimeRefusals, NginxRefusesBacklogZero) {
  std::string skip;
  const auto obs = measure(RuntimeDriver::nginx, 0, 1, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs && obs->failure);
  EXPECT_EQ(obs->failure->kind, FailureKind::unsupported);
  EXPECT_NE(obs->failure->message.find("invalid backlog"), std::string::npos) << obs->failure->message;
  EXPECT_FALSE(obs->kept_backlog);
}

TEST(RuntimeRefusals, HaproxyRefusesNegativeBacklog) {
  std::string skip;
  const auto obs = measure(RuntimeDriver::haproxy, -1, 1, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs && obs->failure);
  EXPECT_EQ(obs->failure->kind, FailureKind::unsupported);
  // (The alert "'backlog' : invalid value -1, must be > 0" precedes this last line.)
  EXPECT_NE(obs->failure->message.find("Fatal errors found in configuration"), std::string::npos) << obs->failure->message;
  EXPECT_FALSE(obs->kept_backlog);
}

TEST(RuntimeRefusals, RedisRefusesNegativeBacklog) {
  std::string skip;
  const auto obs = measure(RuntimeDriver::redis, -1, 1, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs && obs->failure);
  EXPECT_EQ(obs->failure->kind, FailureKind::unsupported) << obs->failure->message;
  EXPECT_FALSE(obs->kept_backlog);
}

// ---- Nothing left behind ----------------------------------------------------------------------

// Every process whose process group is `pgid` (/proc/<pid>/stat field 5).
std::vector<long> group_members(long pgid) {
  std::vector<long> out;
  DIR* d = ::opendir("/proc");
  if (!d) return out;
  while (const dirent* e = ::readdir(d)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end) continue;
    std::ifstream stat(std::string("/proc/") + e->d_name + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    long ppid = 0, group = 0;
    if (rest >> state >> ppid >> group && group == pgid) out.push_back(pid);
  }
  ::closedir(d);
  return out;
}

// System V shared memory segments created by `pid` (/proc/sysvipc/shm, column cpid).
int sysv_segments_created_by(long pid) {
  std::ifstream shm("/proc/sysvipc/shm");
  std::string line;
  std::getline(shm, line);  // the header
  int n = 0;
  while (std::getline(shm, line)) {
    std::istringstream row(line);
    std::string key, shmid, perms, size;
    long cpid = 0;
    if (row >> key >> shmid >> perms >> size >> cpid && cpid == pid) ++n;
  }
  return n;
}

// Servers with a process tree: php-fpm (a pool child), postgresql (a postmaster under another
// user, its children, a cluster in the private directory, a System V segment), haproxy; the
// compiled rust-tcplistener; java-serversocket (a JVM writes outside its TMPDIR); python-socket,
// the plainest.
class RuntimeCleanup : public ::testing::TestWithParam<RuntimeDriver> {};

TEST_P(RuntimeCleanup, NoProcessDirectoryOrSegmentIsLeftAfterARun) {
  const RuntimeDriver driver = GetParam();
  std::string skip;
  // (postgresql: a backlog is max_connections, which must exceed superuser_reserved_connections, 3.)
  const auto obs = measure(driver, driver == RuntimeDriver::rust_tcplistener ? std::nullopt : std::optional<int>(10), 2, &skip);
  if (!obs && !skip.empty()) GTEST_SKIP() << skip;
  ASSERT_TRUE(obs);
  ASSERT_FALSE(obs->failure) << obs->failure->kind << ": " << obs->failure->message;
  const long leader = obs->driver_pid;
  ASSERT_GT(leader, 0) << "the observation names the driver's process";
  ASSERT_EQ(obs->private_directory.rfind("/lc-driver-"), obs->private_directory.size() - 17) << obs->private_directory;
  // The listener's owner, found in the driver's own process first (socket_owners' look_first).
  const std::string held = "listener held by pid " + std::to_string(leader) + " (";
  EXPECT_TRUE(std::any_of(obs->notes.begin(), obs->notes.end(), [&](const std::string& n) { return n.rfind(held, 0) == 0; }))
      << "no note \"" << held << "…\"";
  // The observation is written after the group was killed and reaped and the directory removed.
  EXPECT_EQ(::kill(static_cast<pid_t>(leader), 0), -1) << "the driver (pid " << leader << ") is still alive";
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(group_members(leader).empty()) << "processes of the driver's group are left";
  EXPECT_FALSE(std::filesystem::exists(obs->private_directory)) << obs->private_directory << " is left";
  EXPECT_EQ(sysv_segments_created_by(leader), 0) << "System V segments of the driver are left (ipcs -m)";
  // A JVM's performance-data file is /tmp/hsperfdata_<user>/<pid>, whatever TMPDIR says.
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/tmp", ec)) {
    if (d.path().filename().string().rfind("hsperfdata_", 0) != 0) continue;
    EXPECT_FALSE(std::filesystem::exists(d.path() / std::to_string(leader))) << (d.path() / std::to_string(leader)) << " is left";
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, RuntimeCleanup,
                         ::testing::Values(RuntimeDriver::php_fpm, RuntimeDriver::postgresql, RuntimeDriver::haproxy,
                                           RuntimeDriver::rust_tcplistener, RuntimeDriver::java_serversocket,
                                           RuntimeDriver::python_socket),
                         [](const auto& p) {
                           std::string s = vocabulary::to_string(p.param);
                           std::replace(s.begin(), s.end(), '-', '_');
                           return s;
                         });

// ---- A runtime that is not installed is a skip --------------------------------------------------

// The line of the build tree's marker beside the worker that names where compiled drivers are.
std::string compiled_drivers_directory() {
  std::ifstream marker(std::filesystem::path(LC_WORKER_BINARY).parent_path() / "listen-conformance-drivers.build-tree");
  std::string line;
  std::getline(marker, line);
  std::getline(marker, line);
  return line;
}

// The worker's answer for `driver` with `hidden` made absent (a directory: an empty tmpfs over
// it; a file: /dev/null bound over it, so it is no program) in a mount namespace of a child of
// ours: the drivers' own detection is what is tested, not a switch in the code. "" and a skip
// reason when this process cannot make the namespace.
std::string not_installed_with_hidden(RuntimeDriver driver, const std::vector<std::string>& hidden, std::string* skip) {
  int ends[2];
  if (::pipe(ends) != 0) return "pipe failed";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(ends[0]);
    std::string answer;
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      answer = "skip: cannot make a mount namespace: " + std::string(std::strerror(errno));
    } else {
      for (const auto& h : hidden) {
        std::error_code ec;
        if (!std::filesystem::exists(h, ec)) continue;
        const bool dir = std::filesystem::is_directory(h, ec);
        if ((dir ? ::mount("none", h.c_str(), "tmpfs", 0, nullptr) : ::mount("/dev/null", h.c_str(), nullptr, MS_BIND, nullptr)) != 0)
          answer = "cannot hide " + h + ": " + std::strerror(errno);
      }
      if (answer.empty()) {
        RuntimeSpec spec;
        spec.driver = driver;
        spec.connections = 1;
        spec.start_timeout_ms = 60'000;
        const auto run = worker::run_runtime_worker(spec, LC_WORKER_BINARY);
        if (!run.observation) answer = "worker: " + run.error;
        else if (run.observation->not_installed) answer = "not installed: " + *run.observation->not_installed;
        else if (run.observation->failure) answer = "failure: " + run.observation->failure->message;
        else answer = "measured: kept " + std::to_string(run.observation->kept_backlog.value_or(-1));
      }
    }
    (void)!::write(ends[1], answer.data(), answer.size());
    ::_exit(0);
  }
  ::close(ends[1]);
  std::string answer;
  char chunk[512];
  for (ssize_t n; (n = ::read(ends[0], chunk, sizeof chunk)) > 0;) answer.append(chunk, static_cast<std::size_t>(n));
  ::close(ends[0]);
  ::waitpid(child, nullptr, 0);
  if (answer.rfind("skip: ", 0) == 0) {
    *skip = answer.substr(6);
    return "";
  }
  return answer;
}

struct Hidden {
  RuntimeDriver driver;
  std::vector<std::string> paths;  // what "not installed" means for it
  const char* missing;             // what the driver then says is missing
};

void PrintTo(const Hidden& h, std::ostream* os) { *os << vocabulary::to_string(h.driver); }

class RuntimeNotInstalled : public ::testing::TestWithParam<Hidden> {};

TEST_P(RuntimeNotInstalled, IsReportedAsNotInstalledNotAsAnError) {
  const Hidden& h = GetParam();
  // What is hidden must be there: without the runtime, the driver says "X is not installed"
  // before anything could be hidden (the everyday case), which is not what this test looks at.
  for (const std::string& path : h.paths) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) GTEST_SKIP() << path << " is not here: nothing to hide";
  }
  std::string skip;
  const std::string answer = not_installed_with_hidden(h.driver, h.paths, &skip);
  if (!skip.empty()) GTEST_SKIP() << skip;
  EXPECT_EQ(answer.rfind("not installed: ", 0), 0U) << answer;
  EXPECT_NE(answer.find(h.missing), std::string::npos) << answer;
}

INSTANTIATE_TEST_SUITE_P(
    Drivers, RuntimeNotInstalled,
    ::testing::Values(Hidden{RuntimeDriver::postgresql, {"/usr/lib/postgresql"}, "missing /usr/lib/postgresql/*/bin/postgres"},
                      Hidden{RuntimeDriver::haproxy, {"/usr/sbin/haproxy"}, "missing /usr/sbin/haproxy"},
                      // The build's compiled driver hidden too: then rust_tcplistener.sh needs rustc.
                      Hidden{RuntimeDriver::rust_tcplistener, {compiled_drivers_directory(), "/usr/bin/rustc"},
                             "missing /usr/bin/rustc"}),
    [](const auto& p) {
      std::string s = vocabulary::to_string(p.param.driver);
      std::replace(s.begin(), s.end(), '-', '_');
      return s;
    });

}  // namespace
}  // namespace lc
