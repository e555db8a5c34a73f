// The report writers on the fixed results of suites/golden/: golden files, and structural checks
// that do not depend on the exact text (JUnit parsed back, HTML parsed as XML, the chart's points).
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <algorithm>
#include <random>
#include <regex>

#include "golden.hpp"
#include "report/markdown.hpp"
#include "report/report_common.hpp"
#include "report/report_writers.hpp"

namespace lc::report {
namespace {

using lc::testing::expect_golden;
using lc::testing::small_results;

pugi::xml_document parse_xml(const std::string& text) {
  pugi::xml_document doc;
  const auto ok = doc.load_string(text.c_str(), pugi::parse_default | pugi::parse_doctype);
  EXPECT_TRUE(ok) << "not well-formed: " << ok.description() << " at offset " << ok.offset << ": "
                  << text.substr(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, ok.offset - 60)), 120);
  return doc;
}

TEST(ReportGolden, Json) { expect_golden("small.results.json", render(small_results(), Format::json)); }
TEST(ReportGolden, JUnit) { expect_golden("small.junit.xml", render(small_results(), Format::junit)); }
TEST(ReportGolden, Markdown) { expect_golden("small.summary.md", render(small_results(), Format::markdown)); }
TEST(ReportGolden, Html) { expect_golden("small.report.html", render(small_results(), Format::html)); }

TEST(ResultsJson, RoundTripsThroughTheReader) {
  const std::string once = render(small_results(), Format::json);
  const auto again = results::results_from_json(nlohmann::json::parse(once));
  EXPECT_EQ(render(again, Format::json), once);
  EXPECT_EQ(again.fact_sysctls.at("max_syn_backlog"), "net.ipv4.tcp_max_syn_backlog");
}

TEST(JUnit, ParsesBackWithOneTestcasePerInstanceAndTheRightCounts) {
  const auto doc = parse_xml(render(small_results(), Format::junit));
  const pugi::xml_node suites = doc.child("testsuites");
  ASSERT_TRUE(suites);
  EXPECT_EQ(suites.attribute("tests").as_int(), 9);
  EXPECT_EQ(suites.attribute("failures").as_int(), 1);  // the behaviour deviation; drift is not a failure
  EXPECT_EQ(suites.attribute("errors").as_int(), 1);
  EXPECT_EQ(suites.attribute("skipped").as_int(), 1);
  int testcases = 0, failures = 0, errors = 0, skipped = 0, suites_n = 0, drift = 0;
  for (pugi::xml_node suite : suites.children("testsuite")) {
    ++suites_n;
    int in_suite = 0;
    for (pugi::xml_node tc : suite.children("testcase")) {
      ++testcases;
      ++in_suite;
      EXPECT_STREQ(tc.attribute("classname").value(), suite.attribute("name").value());
      failures += static_cast<bool>(tc.child("failure"));
      errors += static_cast<bool>(tc.child("error"));
      skipped += static_cast<bool>(tc.child("skipped"));
      drift += static_cast<bool>(tc.child("properties").find_child_by_attribute("property", "name", "documentation_drift"));
    }
    EXPECT_EQ(suite.attribute("tests").as_int(), in_suite) << suite.attribute("name").value();
  }
  EXPECT_EQ(suites_n, 5);  // accept-queue, listen.2, somaxconn, syn-queue, errors
  EXPECT_EQ(testcases, 9);
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(errors, 1);
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(drift, 1);

  const pugi::xml_node failure =
      doc.select_node("//testcase[@name='capacity[backlog=1,family=ipv4]']/failure").node();
  ASSERT_TRUE(failure);
  const std::string text = failure.text().get();
  EXPECT_NE(text.find("accepted: expected backlog + 1 = 2 (backlog=1), observed 1"), std::string::npos) << text;
  EXPECT_NE(text.find("source: include/net/sock.h"), std::string::npos) << text;
  const pugi::xml_node skip = doc.select_node("//testcase[@name='namespace-default-before-5.4']/skipped").node();
  ASSERT_TRUE(skip);
  EXPECT_NE(std::string(skip.attribute("message").value()).find("outside < 5.4"), std::string::npos);
  const pugi::xml_node error = doc.select_node("//testcase[@name='ebadf']/error").node();
  ASSERT_TRUE(error);
  EXPECT_STREQ(error.attribute("type").value(), "hung");
}

TEST(Html, IsWellFormedXhtmlWithoutExternalResourcesOrScripts) {
  const std::string html = render(small_results(), Format::html);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  const auto doc = parse_xml(html);
  EXPECT_FALSE(doc.select_node("//script"));
  EXPECT_FALSE(doc.select_node("//link"));
  EXPECT_FALSE(doc.select_node("//*[@src]"));
  EXPECT_TRUE(doc.select_node("//head/style"));
  // No element an HTML parser would leave open: every non-void HTML element has an end tag.
  EXPECT_EQ(html.find("<td />"), std::string::npos);
  EXPECT_EQ(html.find("<div />"), std::string::npos);
  EXPECT_EQ(std::regex_search(html, std::regex("<(td|th|div|p|span|ul|li|table|tr|h[1-6]|code|strong|a|blockquote)( [^>]*)? />")),
            false);
}

TEST(Html, ChartHasTheExpectedLineAndOnePointPerCapacityInstance) {
  const auto doc = parse_xml(render(small_results(), Format::html));
  const auto svg = doc.select_node("//svg[@class='chart']").node();
  ASSERT_TRUE(svg);
  // Series: accept-queue/capacity (backlog 1, 5, 128), listen.2/queue-length-is-backlog (5),
  // somaxconn/truncates (100).
  const auto series = svg.select_nodes("g[@class='series']");
  ASSERT_EQ(series.size(), 3u);
  const pugi::xml_node capacity = svg.select_node("g[@data-series='accept-queue/capacity']").node();
  ASSERT_TRUE(capacity);
  const pugi::xml_node expected_line = capacity.select_node("polyline[@class='expected']").node();
  ASSERT_TRUE(expected_line);
  const std::string pts = expected_line.attribute("points").value();
  EXPECT_EQ(std::count(pts.begin(), pts.end(), ','), 3) << pts;
  std::vector<std::pair<std::string, std::string>> observed, expected;
  for (const auto& n : capacity.select_nodes("circle[@class='observed-point']"))
    observed.emplace_back(n.node().attribute("data-x").value(), n.node().attribute("data-y").value());
  for (const auto& n : capacity.select_nodes("circle[@class='expected-point']"))
    expected.emplace_back(n.node().attribute("data-x").value(), n.node().attribute("data-y").value());
  using P = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(observed, (P{{"1", "1"}, {"5", "6"}, {"128", "129"}}));  // backlog 1 deviates: 1 instead of 2
  EXPECT_EQ(expected, (P{{"1", "2"}, {"5", "6"}, {"128", "129"}}));
  EXPECT_TRUE(capacity.select_node("circle[@class='fail-point']"));
  EXPECT_TRUE(svg.select_node("g[@data-series='listen.2/queue-length-is-backlog']/circle[@class='drift-point']"));
}

TEST(Html, DriftIsHighlightedAndOverflowOutcomesAreTabulated) {
  const auto doc = parse_xml(render(small_results(), Format::html));
  const auto drift = doc.select_nodes("//div[@class='finding drift']");
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_STREQ(drift.first().node().attribute("id").value(), "finding-listen.2/queue-length-is-backlog[backlog=5]");
  EXPECT_TRUE(doc.select_node("//tr[@class='row-drift']"));
  // Overflow table: the six flood instances that have an observation.
  const auto rows = doc.select_nodes("//table[@class='overflow']/tr[td]");
  EXPECT_EQ(rows.size(), 6u);
  const pugi::xml_node first = rows.first().node();
  EXPECT_STREQ(first.first_child().text().get(), "accept-queue/capacity[backlog=1,family=ipv4]");
  // accepted 1, no_answer 9 of 10 attempts
  std::vector<std::string> cells;
  for (pugi::xml_node td : first.children("td")) cells.push_back(td.text().get());
  ASSERT_GE(cells.size(), 9u);
  EXPECT_EQ(cells[2], "10");
  EXPECT_EQ(cells[3], "1");
  EXPECT_EQ(cells[7], "9");
  EXPECT_EQ(cells[8], "1 accepted, 2..10 no_answer");
}

TEST(Html, EscapesTextFromTheResults) {
  const std::string html = render(small_results(), Format::html);
  EXPECT_NE(html.find("Escaping: &lt;b&gt;&amp;amp;&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>&amp;</b>"), std::string::npos);
}

TEST(Markdown, DeviationsAndDriftComeBeforeTheFamilyTables) {
  const std::string md = render(small_results(), Format::markdown);
  const auto deviations = md.find("### ❌ Deviations (1)");
  const auto drift = md.find("### 📄 Documentation drift (1)");
  const auto errors = md.find("### 💥 Errors (1)");
  const auto families = md.find("### Results by family");
  ASSERT_NE(deviations, std::string::npos);
  ASSERT_NE(drift, std::string::npos);
  ASSERT_NE(errors, std::string::npos);
  ASSERT_NE(families, std::string::npos);
  EXPECT_LT(deviations, drift);
  EXPECT_LT(drift, families);
  EXPECT_LT(errors, families);
  for (const char* family : {"#### accept-queue (4)", "#### listen.2 (1)", "#### somaxconn (2)", "#### syn-queue (1)", "#### errors (1)"})
    EXPECT_NE(md.find(family), std::string::npos) << family;
}

// Every table row has as many cells as its header: no unescaped '|' from the results.
TEST(Markdown, TableRowsKeepTheirColumnCount) {
  const std::string md = render(small_results(), Format::markdown);
  std::istringstream in(md);
  std::string line;
  int expected_cells = -1, rows = 0;
  auto cells = [](const std::string& l) {
    int n = 0;
    for (std::size_t i = 0; i < l.size(); ++i) {
      if (l[i] == '\\') {
        ++i;
      } else if (l[i] == '|') {
        ++n;
      }
    }
    return n - 1;
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '|') {
      expected_cells = -1;
      continue;
    }
    if (expected_cells < 0) {
      expected_cells = cells(line);
    } else {
      EXPECT_EQ(cells(line), expected_cells) << line;
      ++rows;
    }
  }
  EXPECT_GT(rows, 10);
}

TEST(MarkdownText, EscapesMarkupAndPipes) {
  EXPECT_EQ(md::text("a|b <i>*x*</i> [l](u) `c` _u_ #"), "a\\|b \\<i\\>\\*x\\*\\</i\\> \\[l\\](u) \\`c\\` \\_u\\_ \\#");
  EXPECT_EQ(md::text("x86_64 tcp_max_syn_backlog _a"), "x86_64 tcp_max_syn_backlog \\_a");
  EXPECT_EQ(md::cell("one\ntwo|three"), "one<br>two\\|three");
  EXPECT_EQ(md::code("a`b"), "``a`b``");
  EXPECT_EQ(md::code("x || y", true), "`x \\|\\| y`");
  EXPECT_EQ(md::code("x || y"), "`x || y`");
  EXPECT_EQ(md::link("t", "https://e.org/a (b)"), "[t](https://e.org/a%20\\(b\\))");
}

TEST(ReportCommon, FamiliesAndCapacityPoints) {
  EXPECT_EQ(family_of("accept-queue/capacity[backlog=1]"), "accept-queue");
  EXPECT_EQ(name_in_family("accept-queue/capacity[backlog=1]"), "capacity[backlog=1]");
  EXPECT_EQ(family_of("plain"), "plain");
  const auto points = capacity_points(small_results());
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[0].case_id, "accept-queue/capacity");
  EXPECT_EQ(points[0].backlog, 1);
  EXPECT_FALSE(points[0].pass);
  EXPECT_TRUE(points[3].drift);
  EXPECT_EQ(points[4].expected, 17);
}

TEST(WriteAllReports, WritesTheFourFiles) {
  const auto dir = std::filesystem::temp_directory_path() / ("lc-reports-" + std::to_string(std::random_device{}()));
  std::filesystem::remove_all(dir);
  const auto written = write_all_reports(small_results(), dir);
  ASSERT_EQ(written.size(), 4u);
  for (const char* name : {"results.json", "junit.xml", "summary.md", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  }
  EXPECT_EQ(lc::testing::read_file(dir / "junit.xml"), render(small_results(), Format::junit));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lc::report

namespace lc::report {
namespace {

// A value the platform does not report is neither shown as a failure nor as a pass.
TEST(Unobservable, ChecksAreNotFailuresAndAreMutedInTheHtml) {
  results::RunResults r = lc::testing::small_results();
  judge::CaseResult& c = r.results[1];  // accept-queue/capacity[backlog=5,family=ipv4], conforms
  for (auto& check : c.checks) {
    if (check.name.rfind("counters.", 0) == 0) {
      check.status = judge::CheckStatus::unobservable;
      check.observed = "not reported";
    }
  }
  EXPECT_TRUE(checks_to_show(c, false).empty());
  const auto doc = parse_xml(render(r, Format::junit));
  EXPECT_EQ(doc.child("testsuites").attribute("failures").as_int(), 1);
  const std::string md = render(r, Format::markdown);
  EXPECT_EQ(md.find("not reported"), std::string::npos);
  const auto html = parse_xml(render(r, Format::html));
  EXPECT_EQ(html.select_nodes("//tr[@id='result-accept-queue/capacity[backlog=5,family=ipv4]']//li[@class='muted']").size(), 2u);
}

}  // namespace
}  // namespace lc::report
