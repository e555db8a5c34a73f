// SPDX-License-Identifier: Apache-2.0
// diff and merge on the fixed results of suites/golden/.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "golden.hpp"
#include "report/diff.hpp"
#include "lc/vocabulary/vocabulary.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "report/merge.hpp"

namespace lc::report {
namespace {

using lc::testing::expect_golden;
using lc::testing::newkernel_results;
using lc::testing::small_results;

const FieldChange* field(const InstanceChange& c, const std::string& name) {
  for (const auto& f : c.fields) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

DiffOptions with_environment() {
  DiffOptions o;
  o.include_environment = true;
  return o;
}

judge::CaseResult* result(results::RunResults& run, const std::string& id) {
  for (auto& r : run.results) {
    if (r.id == id) return &r;
  }
  ADD_FAILURE() << "no " << id;
  return nullptr;
}

TEST(Diff, SameResultsHaveNoChange) {
  const auto d = diff_runs(small_results(), small_results(), {});
  EXPECT_FALSE(d.changed());
  EXPECT_EQ(d.unchanged, 9);
  const auto with_env = diff_runs(small_results(), small_results(), with_environment());
  EXPECT_FALSE(with_env.changed());
}

// Found by results_fuzzer: two checks of one name (or names whose facets coincide, "a" and
// "a expected") made a file differ from itself.
TEST(Diff, RepeatedCheckNamesAreMatchedInOrder) {
  results::RunResults run = small_results();
  auto& checks = run.results[0].checks;
  judge::Check again = checks.front();
  again.expected = again.observed = "different";
  checks.push_back(again);
  judge::Check colliding = checks.front();
  colliding.name += " expected";
  checks.push_back(colliding);
  EXPECT_FALSE(diff_runs(run, run, {}).changed());
  EXPECT_FALSE(diff_runs(run, run, with_environment()).changed());
  results::RunResults fewer = run;
  fewer.results[0].checks.pop_back();
  const auto d = diff_runs(run, fewer, {});
  ASSERT_EQ(d.instances.size(), 1u);
  EXPECT_NE(field(d.instances[0], "check " + colliding.name), nullptr);
}

TEST(Diff, OneChangedObservationIsTheOnlyChangeAndEnvironmentIsIgnored) {
  const auto d = diff_runs(small_results(), newkernel_results(), {});
  ASSERT_EQ(d.instances.size(), 1u);
  const InstanceChange& c = d.instances[0];
  EXPECT_EQ(c.kind, ChangeKind::changed);
  EXPECT_EQ(c.id, "somaxconn/truncates[backlog=100,family=ipv4]");
  const FieldChange* eb = field(c, "observation.effective_backlog");
  ASSERT_NE(eb, nullptr);
  EXPECT_EQ(eb->base, "16");
  EXPECT_EQ(eb->next, "100");
  const FieldChange* verdict = field(c, "verdict");
  ASSERT_NE(verdict, nullptr);
  EXPECT_EQ(verdict->base, "conforms");
  EXPECT_EQ(verdict->next, "deviates");
  EXPECT_EQ(field(c, "elapsed_ms"), nullptr);
  EXPECT_EQ(field(c, "observation.sysctls.net.ipv4.tcp_max_syn_backlog"), nullptr);
  EXPECT_EQ(d.unchanged, 8);
  EXPECT_TRUE(d.machine.empty());
}

TEST(Diff, IncludeEnvironmentComparesTimingsScaledSysctlsAndTrafficCounters) {
  const auto d = diff_runs(small_results(), newkernel_results(), with_environment());
  EXPECT_EQ(d.count(ChangeKind::changed), 9);  // every instance's timing differs
  bool saw_syn_backlog = false, saw_tw = false, saw_elapsed = false;
  for (const auto& c : d.instances) {
    saw_syn_backlog = saw_syn_backlog || field(c, "observation.sysctls.net.ipv4.tcp_max_syn_backlog");
    saw_tw = saw_tw || field(c, "observation.counters.TcpExt.TW");
    saw_elapsed = saw_elapsed || field(c, "elapsed_ms");
  }
  EXPECT_TRUE(saw_syn_backlog);
  EXPECT_TRUE(saw_tw);
  EXPECT_TRUE(saw_elapsed);
  ASSERT_EQ(d.machine.size(), 1u);
  EXPECT_EQ(d.machine[0].field, "machine.sysctls_at_start.net.ipv4.tcp_max_syn_backlog");
}

TEST(Diff, ChecksDerivedFromAnEnvironmentScaledFactCompareOnlyTheirStatus) {
  // A case whose formula reads max_syn_backlog without its setup setting it.
  results::RunResults a = small_results(), b = small_results();
  for (auto* run : {&a, &b}) {
    for (auto& r : run->results) {
      if (r.id.rfind("syn-queue/", 0) != 0) continue;
      // As if the case said `accepted: max_syn_backlog - idiv(max_syn_backlog, 4) + 1` without
      // setting the sysctl: the value follows the machine's memory.
      r.spec.sysctls = {{"net.ipv4.tcp_syncookies", "0"}};
      const double msb = run == &a ? 2048 : 512;
      for (auto& c : r.checks) {
        if (c.name == vocabulary::check_name(vocabulary::ExpectKey::accepted)) {
          c.bindings = {{"max_syn_backlog", msb}};
          c.expected = c.observed = vocabulary::format_number(msb - msb / 4 + 1);
        }
      }
      if (run == &b) {
        r.spec.connections += 100;
        r.observation->sysctls["net.ipv4.tcp_max_syn_backlog"] = "512";
        r.observation->attempts.resize(r.observation->attempts.size() + 100);
      }
    }
  }
  EXPECT_FALSE(diff_runs(a, b, {}).changed());
  EXPECT_TRUE(diff_runs(a, b, with_environment()).changed());
  // A status change is still a change.
  for (auto& r : b.results) {
    if (r.id.rfind("syn-queue/", 0) == 0) r.checks.back().status = judge::CheckStatus::fail;
  }
  EXPECT_TRUE(diff_runs(a, b, {}).changed());
}

TEST(Diff, InstancesInOnlyOneFileAreAddedOrRemoved) {
  results::RunResults fewer = small_results();
  fewer.results.erase(fewer.results.begin());
  const auto d = diff_runs(small_results(), fewer, {});
  ASSERT_EQ(d.instances.size(), 1u);
  EXPECT_EQ(d.instances[0].kind, ChangeKind::removed);
  EXPECT_EQ(d.instances[0].id, "accept-queue/capacity[backlog=1,family=ipv4]");
  const auto back = diff_runs(fewer, small_results(), {});
  ASSERT_EQ(back.instances.size(), 1u);
  EXPECT_EQ(back.instances[0].kind, ChangeKind::added);
}

TEST(Diff, ASkipMeasuredAnywayIsComparedByItsObservation) {
  // On the older kernel the case is outside its `when` range but was measured anyway (run
  // --measure-version-skipped): the difference is in the observation, not only in the verdict.
  const std::string id = "accept-queue/capacity[backlog=5,family=ipv4]";
  results::RunResults older = small_results(), newer = small_results();
  judge::CaseResult* r = result(older, id);
  ASSERT_NE(r, nullptr);
  r->verdict = judge::Verdict::skipped;
  r->reason = "kernel 5.10.223 is outside >= 5.10.234 (measured anyway: would deviate: accepted expected 6, observed 5)";
  for (auto& c : r->checks) {
    if (c.name == vocabulary::check_name(vocabulary::ExpectKey::accepted)) c.observed = "5", c.status = judge::CheckStatus::fail;
  }
  auto& attempts = r->observation->attempts;
  for (std::size_t i = 5; i < attempts.size(); ++i) attempts[i].outcome = Outcome::no_answer;
  const auto d = diff_runs(older, newer, {});
  ASSERT_EQ(d.instances.size(), 1u);
  const InstanceChange& c = d.instances[0];
  EXPECT_EQ(c.id, id);
  ASSERT_NE(field(c, "verdict"), nullptr);
  EXPECT_EQ(field(c, "verdict")->base, "skipped");
  ASSERT_NE(field(c, "observation.outcomes.accepted"), nullptr);
  EXPECT_EQ(field(c, "observation.outcomes.accepted")->base, "5");
  EXPECT_EQ(field(c, "observation.outcomes.accepted")->next, "6");
  ASSERT_NE(field(c, "check accepted observed"), nullptr);
  EXPECT_EQ(field(c, "reason"), nullptr);  // the kernel version in it is environment

  // Not measured on one side: the verdict and that it was not measured, not every field.
  r->observation.reset();
  r->checks.clear();
  const auto unmeasured = diff_runs(older, newer, {});
  ASSERT_EQ(unmeasured.instances.size(), 1u);
  const InstanceChange& u = unmeasured.instances[0];
  ASSERT_EQ(u.fields.size(), 2u);
  EXPECT_EQ(u.fields[0].field, "verdict");
  EXPECT_EQ(u.fields[1].field, "observation");
  EXPECT_EQ(u.fields[1].base, "none");
  EXPECT_EQ(u.fields[1].next, "measured");
}

TEST(Diff, ExcludedInstancesAreNotComparedButListedWithTheReason) {
  DiffOptions o;
  o.exclude = {"somaxconn/truncates[*", "no/such-case"};
  o.exclude_reason = "unstable between two runs on the same kernel";
  const auto d = diff_runs(small_results(), newkernel_results(), o);
  EXPECT_FALSE(d.changed());
  ASSERT_EQ(d.excluded.size(), 1u);
  EXPECT_EQ(d.excluded[0], "somaxconn/truncates[backlog=100,family=ipv4]");
  EXPECT_EQ(d.unchanged, 8);
  const std::string md = render_diff_markdown(d);
  EXPECT_NE(md.find("### Not compared (1)"), std::string::npos) << md;
  EXPECT_NE(md.find("unstable between two runs on the same kernel"), std::string::npos) << md;
  EXPECT_NE(md.find("1 not compared"), std::string::npos) << md;
  const auto j = nlohmann::json::parse(render_diff_json(d));
  EXPECT_EQ(j["summary"]["excluded"], 1);
  EXPECT_EQ(j["excluded"]["instances"][0], "somaxconn/truncates[backlog=100,family=ipv4]");
  EXPECT_EQ(j["excluded"]["reason"], "unstable between two runs on the same kernel");
  EXPECT_NE(render_diff_html(d).find("Not compared (1)"), std::string::npos);
}

// The diff page colours by direction (issue 16): a regression red, a fix green, a change with the
// same verdict grey. small → newkernel turns somaxconn/truncates from conforms to deviates.
TEST(DiffDirection, RegressionFixAndNeutralAreColouredApart) {
  const results::RunResults base = small_results(), next = newkernel_results();
  auto box_class = [](const std::string& html, const std::string& id) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
    const auto box = doc.select_node(("//div[@id='changed-" + id + "']").c_str()).node();
    EXPECT_TRUE(box) << id;
    const auto value = box.select_node("table/tr[2]/td[3]").node();
    return std::pair{std::string(box.attribute("class").value()), std::string(value.attribute("class").value())};
  };
  const std::string id = "somaxconn/truncates[backlog=100,family=ipv4]";
  const RunDiff worse = diff_runs(base, next, {});
  ASSERT_EQ(worse.instances.size(), 1u);
  EXPECT_EQ(direction_of(worse.instances[0]), ChangeDirection::regression);
  EXPECT_EQ(box_class(render_diff_html(worse), id), (std::pair<std::string, std::string>{"change change-regression", "change-regression"}));
  EXPECT_EQ(nlohmann::json::parse(render_diff_json(worse))["instances"][0]["direction"], "regression");
  const RunDiff better = diff_runs(next, base, {});
  EXPECT_EQ(direction_of(better.instances.at(0)), ChangeDirection::fix);
  EXPECT_EQ(box_class(render_diff_html(better), id), (std::pair<std::string, std::string>{"change change-fix", "change-fix"}));
  // Timings differ between the two files: with the environment compared, instances whose verdict
  // stayed the same change too, neutrally.
  const RunDiff env = diff_runs(base, next, {true, {}, {}});
  int neutral = 0;
  for (const auto& c : env.instances) {
    if (c.kind != ChangeKind::changed || c.base->label() != c.next->label()) continue;
    EXPECT_EQ(direction_of(c), ChangeDirection::neutral) << c.id;
    EXPECT_EQ(box_class(render_diff_html(env), c.id).first, "change change-neutral") << c.id;
    ++neutral;
  }
  EXPECT_GT(neutral, 0);
}

TEST(DiffGolden, Markdown) {
  expect_golden("diff.md", render_diff_markdown(diff_runs(small_results(), newkernel_results(), {})));
}
TEST(DiffGolden, Json) {
  expect_golden("diff.json", render_diff_json(diff_runs(small_results(), newkernel_results(), {})));
}
TEST(DiffGolden, Html) {
  const std::string html = render_diff_html(diff_runs(small_results(), newkernel_results(), {}));
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
  expect_golden("diff.html", html);
}

std::vector<MergeInput> two_machines() {
  return {{"a/results.json", small_results()}, {"b/results.json", newkernel_results()}};
}

TEST(Merge, MatrixHasOneColumnPerMachineAndOneRowPerInstance) {
  const Matrix m = build_matrix(two_machines());
  ASSERT_EQ(m.columns.size(), 2u);
  EXPECT_EQ(m.columns[0], "linux 6.1.0-test x86_64");
  EXPECT_EQ(m.columns[1], "linux 6.12.0-test x86_64");
  ASSERT_EQ(m.rows.size(), 9u);
  EXPECT_EQ(m.rows[0].family, "accept-queue");
  for (const auto& row : m.rows) {
    EXPECT_NE(row.cells[0], nullptr);
    EXPECT_NE(row.cells[1], nullptr);
  }
}

TEST(Merge, SameMachineTwiceGetsDistinctColumnsAndMissingInstancesShow) {
  results::RunResults fewer = small_results();
  fewer.results.pop_back();
  const Matrix m = build_matrix({{"x/one.json", small_results()}, {"y/two.json", fewer}});
  EXPECT_EQ(m.columns[0], "linux 6.1.0-test x86_64 (one.json)");
  EXPECT_EQ(m.columns[1], "linux 6.1.0-test x86_64 (two.json)");
  EXPECT_EQ(m.rows.back().cells[1], nullptr);
}

TEST(Merge, HtmlHasTheMatrixAndAChartLinePerMachine) {
  const std::string html = render_matrix_html(two_machines());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
  const auto header = doc.select_nodes("//table[@class='matrix']/tr[1]/th");
  ASSERT_EQ(header.size(), 4u);
  EXPECT_STREQ(header[1].node().text().get(), "OSes");
  EXPECT_STREQ(header[2].node().text().get(), "linux 6.1.0-test x86_64");
  EXPECT_STREQ(header[3].node().text().get(), "linux 6.12.0-test x86_64");
  const auto chart = doc.select_node("//svg[@aria-label='accept-queue/capacity']").node();
  ASSERT_TRUE(chart);
  EXPECT_EQ(chart.select_nodes("g[@class='series']/polyline[@class='observed']").size(), 2u);
  EXPECT_TRUE(doc.select_node("//td[@class='cell-deviates']"));
  expect_golden("matrix.html", html);
}

// Each machine's clamp is a line in the per-case charts too, labelled and attributed to the
// machine: both fixtures run somaxconn/truncates with net.core.somaxconn = 16 set by the case.
TEST(Merge, ChartsLabelEachMachinesClamp) {
  const std::string html = render_matrix_html(two_machines());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
  const auto chart = doc.select_node("//svg[@aria-label='somaxconn/truncates']").node();
  ASSERT_TRUE(chart);
  ASSERT_TRUE(chart.select_node(".//line[@class='clamp'][@data-x='16']").node());
  const std::string label = chart.select_node(".//text[@class='clamp-label']").node().text().get();
  EXPECT_NE(label.find("net.core.somaxconn = 16"), std::string::npos) << label;
  const auto capacity = doc.select_node("//svg[@aria-label='accept-queue/capacity']").node();
  ASSERT_TRUE(capacity);
  EXPECT_TRUE(capacity.select_node(".//line[@class='clamp'][@data-x='4096']").node()) << "the x-axis stops at the data";
}

TEST(Merge, MarkdownGolden) { expect_golden("matrix.md", render_matrix_markdown(two_machines())); }

// merge --format json: the matrix's rows in its order, a null cell where a machine has no such
// instance, the counts of agreeing and differing rows.
TEST(Merge, JsonHasTheMatrixRowsAndNullForAMissingInstance) {
  results::RunResults fewer = small_results();
  fewer.results.pop_back();
  results::RunResults refused = newkernel_results();  // its first instance's listen() failed
  ASSERT_TRUE(refused.results.at(0).observation);
  refused.results[0].observation->listen_ok = false;
  refused.results[0].observation->listen_error = "EINVAL";
  const std::vector<MergeInput> inputs = {
      {"a/results.json", small_results()}, {"b/results.json", refused}, {"c/results.json", fewer}};
  const auto j = nlohmann::json::parse(render_matrix_json(inputs));
  EXPECT_EQ(j["format"], "listen-conformance/matrix");
  EXPECT_EQ(j["version"], 1);
  ASSERT_EQ(j["machines"].size(), 3u);
  EXPECT_EQ(j["machines"][1]["column"], "linux 6.12.0-test x86_64");
  EXPECT_EQ(j["machines"][1]["kernel_release"], "6.12.0-test");
  EXPECT_EQ(j["machines"][0]["summary"]["conforms"], small_results().summary.conforms);
  const Matrix m = build_matrix(inputs);
  ASSERT_EQ(j["rows"].size(), m.rows.size());
  int differ = 0;
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    EXPECT_EQ(j["rows"][i]["id"], m.rows[i].id);
    differ += m.rows[i].agreement == Agreement::differ;
  }
  EXPECT_EQ(differ, 1) << "the instance whose listen() failed on b";
  EXPECT_EQ(j["summary"]["differ"], differ);
  EXPECT_EQ(j["rows"][0]["agreement"], "differ");  // rows that differ come first
  EXPECT_EQ(j["rows"][0]["id"], refused.results[0].id);
  EXPECT_EQ(j["rows"][0]["cells"][1]["observed"], "EINVAL");
  const std::string dropped = fewer.results.size() < small_results().results.size() ? small_results().results.back().id : "";
  for (const auto& row : j["rows"]) {
    EXPECT_EQ(row["cells"][2].is_null(), row["id"] == dropped) << row["id"];
    EXPECT_EQ(row["cells"].size(), 3u);
  }
  expect_golden("matrix.json", render_matrix_json(two_machines()));
}

}  // namespace
}  // namespace lc::report
