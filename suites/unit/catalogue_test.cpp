// One catalogue, answered per OS: the questions every OS answers line up in a merged matrix,
// a question an OS cannot be asked shows n/a (not "not run"), and `explain`'s numbers follow
// each OS's answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "expect/explain.hpp"
#include "expect/loader.hpp"
#include "report/merge.hpp"
#include "support/synthetic_results.hpp"

namespace lc {
namespace {

expect::ExpectationFile load(const std::string& os) {
  return expect::load_expectations(std::string(LC_SOURCE_DIR) + "/expectations/" + os + ".yaml");
}

const std::map<std::string, std::string> kKernels = {
    {"linux", "6.18.0"}, {"freebsd", "14.1-RELEASE"}, {"macos", "24.1.0"}, {"windows", "10.0.19045"}};

std::vector<report::MergeInput> four_machines() {
  std::vector<report::MergeInput> in;
  for (const auto& os : {"linux", "freebsd", "macos", "windows"}) {
    auto run = testing::synthesise_results(load(os), kKernels.at(os));
    // Through results.json and back, as merge reads it.
    in.push_back({std::string(os) + ".json", results::results_from_json(results::to_json(run)), os});
  }
  return in;
}

const report::Matrix::Row* row(const report::Matrix& m, const std::string& id) {
  for (const auto& r : m.rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

TEST(Catalogue, EveryOsAnswersTheCapacityQuestionUnderOneId) {
  const auto inputs = four_machines();
  const report::Matrix m = report::build_matrix(inputs);
  EXPECT_EQ(m.columns, (std::vector<std::string>{"linux", "freebsd", "macos", "windows"}));  // --label
  const auto* r = row(m, "accept-queue/capacity[backlog=5,family=ipv4]");
  ASSERT_NE(r, nullptr);
  for (std::size_t c = 0; c < 4; ++c) {
    ASSERT_NE(r->cells[c], nullptr) << m.columns[c] << " has no such instance";
    EXPECT_EQ(r->cells[c]->verdict, judge::Verdict::conforms) << m.columns[c] << ": " << r->cells[c]->reason;
  }
  // Linux 6, FreeBSD 8, macOS 5, Windows 5: the OSes differ, and such rows come first.
  EXPECT_EQ(r->agreement, report::Agreement::differ);
  EXPECT_EQ(m.rows.front().agreement, report::Agreement::differ);
  const auto first_same = std::find_if(m.rows.begin(), m.rows.end(), [](const auto& x) { return x.agreement != report::Agreement::differ; });
  EXPECT_TRUE(std::none_of(first_same, m.rows.end(), [](const auto& x) { return x.agreement == report::Agreement::differ; }));
  // The errors every OS answers: same question, one row.
  for (const char* id : {"errors/enotsock", "errors/eopnotsupp-udp[family=ipv4]", "errors/einval-connected[family=ipv6]", "errors/ebadf"}) {
    const auto* e = row(m, id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_TRUE(std::all_of(e->cells.begin(), e->cells.end(), [](const auto* c) { return c != nullptr; })) << id;
  }
  EXPECT_EQ(row(m, "errors/enotsock")->agreement, report::Agreement::same);
  EXPECT_EQ(row(m, "errors/ebadf")->agreement, report::Agreement::differ);  // Windows: ENOTSOCK
}

TEST(Catalogue, NotApplicableIsShownApartFromNotRun) {
  const auto inputs = four_machines();
  const report::Matrix m = report::build_matrix(inputs);
  const auto* r = row(m, "accept-queue/readback[backlog=1]");
  ASSERT_NE(r, nullptr);
  ASSERT_NE(r->cells[3], nullptr);
  EXPECT_TRUE(r->cells[3]->not_applicable);  // Windows cannot read the backlog back
  EXPECT_EQ(r->cells[3]->verdict, judge::Verdict::skipped);
  const std::string md = report::render_matrix_markdown(inputs);
  EXPECT_NE(md.find("n/a"), std::string::npos);
  const std::string html = report::render_matrix_html(inputs);
  EXPECT_NE(html.find("cell-not-applicable"), std::string::npos);
  EXPECT_NE(html.find("cell-missing"), std::string::npos);  // syncookie questions: not run off Linux
}

// The claims about a fresh namespace need one: their workers must isolate (or be skipped with
// the reason), never judge the host's settings.
TEST(Catalogue, FreshNamespaceClaimsRequireIsolation) {
  const auto f = load("linux");
  const auto instances = expect::plan_instances(f, {"linux", "6.18.0", "", "x86_64", expect::KernelVersion{6, 18, 0}});
  int required = 0;
  for (const auto& inst : instances) {
    const bool fresh = inst.def->id.rfind("somaxconn/namespace-default", 0) == 0 || inst.def->id == "listen.2/somaxconn-default-128";
    EXPECT_EQ(inst.spec.require_isolation, fresh) << inst.id;
    required += inst.spec.require_isolation ? 1 : 0;
  }
  EXPECT_EQ(required, 3);
}

// --- explain ---------------------------------------------------------------------------------

std::vector<expect::ExpectationFile> all_files() {
  return {load("linux"), load("freebsd"), load("macos"), load("windows")};
}

std::map<std::string, expect::ExplainRow> by_platform(const std::vector<expect::ExplainRow>& rows) {
  std::map<std::string, expect::ExplainRow> out;
  for (const auto& r : rows) out.emplace(r.platform, r);
  return out;
}

TEST(Explain, BacklogFifty) {
  const auto rows = by_platform(expect::explain_rows(all_files(), 50, false));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.at("linux").capacity, 51);
  EXPECT_EQ(rows.at("freebsd").capacity, 76);  // floor(3 * 50 / 2) + 1
  EXPECT_EQ(rows.at("macos").capacity, 50);
  EXPECT_EQ(rows.at("windows").capacity, 50);
  EXPECT_EQ(rows.at("linux").overflow, Outcome::no_answer);
  EXPECT_EQ(rows.at("freebsd").overflow, Outcome::reset);
  EXPECT_EQ(rows.at("windows").overflow, Outcome::refused);
  EXPECT_EQ(rows.at("linux").clamp, "net.core.somaxconn = 4096 (default)");
  EXPECT_EQ(rows.at("freebsd").clamp, "kern.ipc.soacceptqueue = 128 (default)");
  EXPECT_EQ(expect::weakest_evidence(rows.at("windows")), "inferred");
  EXPECT_EQ(expect::weakest_evidence(rows.at("macos")), "source");
  EXPECT_EQ(expect::weakest_evidence(rows.at("linux")), "documented");  // somaxconn's default: ip-sysctl
}

// Linux's default somaxconn depends on the kernel: 128 before 5.4 (19f92a030ca6).
TEST(Explain, LinuxBefore54DefaultsTo128) {
  const auto old = by_platform(expect::explain_rows(all_files(), 200, false, {}, {{"linux", expect::KernelVersion{5, 3, 0}}}));
  EXPECT_EQ(old.at("linux").capacity, 129);
  EXPECT_EQ(old.at("linux").clamp, "net.core.somaxconn = 128 (default)");
  const auto now = by_platform(expect::explain_rows(all_files(), 200, false, {}, {{"linux", expect::KernelVersion{5, 4, 0}}}));
  EXPECT_EQ(now.at("linux").capacity, 201);
}

// Each OS's rule, written out here from the sources (not from the files), against explain's
// number for random backlogs and limits.
TEST(Explain, FollowsEachOsRuleForAnyBacklogAndLimit) {
  const auto files = all_files();
  std::mt19937 rng(12);
  std::uniform_int_distribution<long long> any(-2147483648LL, 2147483647LL), small(-300, 70000), limit(0, 65535);
  for (int i = 0; i < 2000; ++i) {
    const long long b = i % 2 ? any(rng) : small(rng);
    const double lim = static_cast<double>(limit(rng));
    const auto rows = by_platform(expect::explain_rows(
        files, b, i % 3 == 0, {{"somaxconn", lim}, {"soacceptqueue", lim}, {"soqlimitcompat", 1}}));
    SCOPED_TRACE("backlog " + std::to_string(b) + ", limit " + std::to_string(lim));
    const double as_unsigned = static_cast<double>(static_cast<unsigned int>(b));
    EXPECT_EQ(*rows.at("linux").capacity, std::min(as_unsigned, lim) + 1);
    const double bd = static_cast<double>(b);  // |b| < 2^31: exact
    const double fb = b < 0 || bd > lim ? lim : bd;
    EXPECT_EQ(*rows.at("freebsd").capacity, std::floor(3 * fb / 2) + 1);
    const double mac = b <= 0 || bd > lim ? lim : bd;
    EXPECT_EQ(*rows.at("macos").capacity, mac);
    const double win = b < 0 ? std::clamp(-static_cast<double>(b), 200.0, 65535.0) : std::min(static_cast<double>(b), 200.0);
    EXPECT_EQ(*rows.at("windows").capacity, win);
  }
}

// explain sums up the answers it names: at every planned instance of those answers whose
// `accepted` is exact, explain (with the same backlog) predicts the same number, at the defaults.
TEST(Explain, AgreesWithTheAnswersItSumsUp) {
  int compared = 0;
  for (const auto& f : all_files()) {
    ASSERT_TRUE(f.explain.has_value()) << f.platform;
    const auto run = testing::synthesise_results(f, kKernels.at(f.platform));
    for (const auto& r : run.results) {
      if (std::find(f.explain->answers.begin(), f.explain->answers.end(), r.case_id) == f.explain->answers.end()) continue;
      if (!r.observation || r.spec.scenario != Scenario::flood || r.spec.relisten) continue;
      std::map<std::string, double> facts;
      for (const auto& [k, v] : r.spec.sysctls) {
        for (const auto& fact : f.facts) {
          if (fact.sysctl == k) facts[fact.name] = std::stod(v);
        }
      }
      const auto rows = expect::explain_rows({f}, r.spec.backlog, r.spec.family == Family::ipv6, facts);
      ASSERT_EQ(rows.size(), 1u);
      EXPECT_EQ(*rows[0].capacity, r.observation->accepted()) << r.id;
      ++compared;
    }
  }
  EXPECT_GE(compared, 20);
}

}  // namespace
}  // namespace lc
