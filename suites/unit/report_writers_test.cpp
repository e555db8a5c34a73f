// SPDX-License-Identifier: Apache-2.0
// The report writers on the fixed results of suites/golden/: golden files, and structural checks
// that do not depend on the exact text (JUnit parsed back, HTML parsed as XML, the chart's points).
#include <gtest/gtest.h>

#include <pugixml.hpp>

#if !defined(_WIN32)
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <chrono>
#include <random>
#include <regex>

#include "golden.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "lc/vocabulary/vocabulary.hpp"
#include "report/answer.hpp"
#include "report/escape.hpp"
#include "report/html_writer.hpp"
#include "report/markdown.hpp"
#include "report/markdown_writer.hpp"
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

std::filesystem::path temp_dir(const char* tag) {
  const auto d = std::filesystem::temp_directory_path() / (std::string("lc-reports-") + tag + "-" + std::to_string(std::random_device{}()));
  std::filesystem::remove_all(d);
  return d;
}

results::RunResults with_tool_version(const std::string& v) {
  results::RunResults r = small_results();
  r.tool_version = v;
  return r;
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
  EXPECT_FALSE(suites.attribute("skipped")) << "junit-10.xsd has no testsuites@skipped";
  int testcases = 0, failures = 0, errors = 0, skipped = 0, suites_n = 0, drift = 0, skipped_attr = 0;
  for (pugi::xml_node suite : suites.children("testsuite")) {
    ++suites_n;
    int in_suite = 0;
    skipped_attr += suite.attribute("skipped").as_int();
    for (pugi::xml_node tc : suite.children("testcase")) {
      ++testcases;
      ++in_suite;
      // The suite is the family on this machine, so that merged files of several machines keep
      // their suites apart.
      EXPECT_EQ(std::string(suite.attribute("name").value()), std::string(tc.attribute("classname").value()) + " (linux 6.1.0-test x86_64)");
      failures += static_cast<bool>(tc.child("failure"));
      errors += static_cast<bool>(tc.child("error"));
      skipped += static_cast<bool>(tc.child("skipped"));
      EXPECT_FALSE(tc.child("properties")) << "junit-10.xsd allows no <properties> in a <testcase>";
    }
    for (pugi::xml_node p : suite.child("properties").children("property"))
      drift += std::string(p.attribute("name").value()) == "documentation_drift";
    EXPECT_EQ(suite.attribute("tests").as_int(), in_suite) << suite.attribute("name").value();
  }
  EXPECT_EQ(skipped_attr, 1);
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

// report.html's opening sentence comes from the observations: the golden run's floods hold
// backlog + 1 (one deviating instance holds backlog), somaxconn is 4096 in the namespaces, and the
// connection past the queue got no answer.
TEST(Answer, SaysWhatTheObservationsShow) {
  const std::string s = answer_sentence(small_results());
  EXPECT_NE(s.find("Here (linux 6.1.0-test x86_64), listen(fd, N) holds N+1 completed connections, up to somaxconn = 4096 "
                   "(N+1 in 4 of 5 floods, 1 clamped by somaxconn; N in 1)"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("the next connection's SYN is dropped silently"), std::string::npos) << s;
  const auto doc = parse_xml(render(small_results(), Format::html));
  EXPECT_EQ(std::string(doc.select_node("//*[local-name()='p'][@class='answer']").node().text().get()), s);
}

// Other observations, another sentence: each flood's last accepted attempt made a refusal.
TEST(Answer, FollowsTheObservationsNotTheExpectations) {
  results::RunResults run = small_results();
  for (auto& r : run.results) {
    if (!r.observation) continue;
    auto& attempts = r.observation->attempts;
    const auto last = std::find_if(attempts.rbegin(), attempts.rend(), [](const auto& a) { return a.outcome == Outcome::accepted; });
    if (last != attempts.rend()) last->outcome = Outcome::refused;
  }
  const std::string s = answer_sentence(run);
  EXPECT_NE(s.find("listen(fd, N) holds N completed connections"), std::string::npos) << s;
  EXPECT_NE(s.find("the next connection is refused"), std::string::npos) << s;
}

// The first screen: the answer, the counts, the chart, then the machine facts and the findings.
TEST(Answer, ComesFirstThenTheCountsAndTheChartBeforeTheFacts) {
  const std::string html = render(small_results(), Format::html);
  const auto answer = html.find("class=\"answer\""), counts = html.find("class=\"totals\""), chart = html.find("<svg"),
             facts = html.find("class=\"facts\""), findings = html.find("id=\"drift\"");
  ASSERT_NE(answer, std::string::npos);
  ASSERT_NE(chart, std::string::npos);
  ASSERT_NE(facts, std::string::npos);
  EXPECT_LT(answer, counts);
  EXPECT_LT(counts, chart);
  EXPECT_LT(chart, facts);
  EXPECT_LT(facts, findings);
}

TEST(Answer, SaysWhenNoFloodFilledTheQueue) {
  results::RunResults run = small_results();
  std::erase_if(run.results, [](const judge::CaseResult& r) { return r.spec.scenario == Scenario::flood; });
  run.filter = "errors/*";
  EXPECT_NE(answer_sentence(run).find("this run measured no full accept queue (filter errors/*)"), std::string::npos)
      << answer_sentence(run);
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
  for (const auto& n : capacity.select_nodes("*[@class='observed-point']"))
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
  // The id reads whole; <wbr/> only marks where it may wrap: before its parameters, after a comma.
  EXPECT_EQ(pugi::xpath_query("string(.)").evaluate_string(first.first_child()), "accept-queue/capacity[backlog=1,family=ipv4]");
  EXPECT_EQ(first.first_child().select_nodes("wbr").size(), 2u);
  // accepted 1, no_answer 9 of 10 attempts
  std::vector<std::string> cells;
  for (pugi::xml_node td : first.children("td")) cells.push_back(td.text().get());
  ASSERT_GE(cells.size(), 9u);
  EXPECT_EQ(cells[2], "10");
  EXPECT_EQ(cells[3], "1");
  EXPECT_EQ(cells[7], "9");
  EXPECT_EQ(cells[8], "1 accepted, 2..10 no_answer");
}

// A filtered run aimed at a directory holding a full run goes beside it (issue 16: it used to
// replace the full run silently); anything else goes where it was aimed.
TEST(ReportDirForRun, AFilteredRunGoesBesideAFullRunAndSaysSo) {
  const auto dir = temp_dir("beside");
  std::string note;
  EXPECT_EQ(report_dir_for_run(dir, "syn-queue/*", note), dir) << "no run there yet";
  EXPECT_TRUE(note.empty());
  write_report_set(dir, small_results(), {Format::json});  // a full run: filter ""
  EXPECT_EQ(report_dir_for_run(dir, "", note), dir) << "a full run replaces a full run";
  EXPECT_TRUE(note.empty());
  EXPECT_EQ(report_dir_for_run(dir, "syn-queue/*", note), dir / "filtered");
  EXPECT_NE(note.find("holds a full run (9 case instances"), std::string::npos) << note;
  EXPECT_NE(note.find("written beside it"), std::string::npos) << note;
  results::RunResults filtered = small_results();
  filtered.filter = "accept-queue/*";
  write_report_set(dir, filtered, {Format::json});
  EXPECT_EQ(report_dir_for_run(dir, "syn-queue/*", note), dir) << "a filtered run replaces a filtered run";
  EXPECT_TRUE(note.empty());
  lc::vocabulary::write_file_atomically(dir / "results.json", "not json");
  EXPECT_EQ(report_dir_for_run(dir, "syn-queue/*", note), dir) << "an unreadable file is no full run";
  std::filesystem::remove_all(dir);
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
  EXPECT_EQ(md::cell("one\ntwo|three"), "one; two\\|three");
  EXPECT_EQ(md::code("a`b"), "``a`b``");
  EXPECT_EQ(md::code("x || y", true), "`x \\|\\| y`");
  EXPECT_EQ(md::code("x || y"), "`x || y`");
  EXPECT_EQ(md::link("t", "https://e.org/a_(b)"), "[t](https://e.org/a_\\(b\\))");
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

TEST(WriteReportSet, WritesTheFourFiles) {
  const auto dir = temp_dir("set");
  const auto written = write_report_set(dir, small_results());
  ASSERT_EQ(written.size(), 4u);
  for (const char* name : {"results.json", "junit.xml", "summary.md", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  }
  EXPECT_EQ(lc::testing::read_file(dir / "junit.xml"), render(small_results(), Format::junit));
  std::filesystem::remove_all(dir);
}

// An interrupted run writes what finished through the same call; it reads back as interrupted.
TEST(WriteReportSet, AnInterruptedRunsPartialSet) {
  const auto dir = temp_dir("partial");
  results::RunResults partial = small_results();
  partial.results.resize(3);
  partial.summary = results::summarise(partial.results);
  partial.interrupted = true;
  write_report_set(dir, partial);
  const auto back = results::load_results(dir / "results.json");
  EXPECT_TRUE(back.interrupted);
  EXPECT_EQ(back.results.size(), 3u);
  EXPECT_NE(lc::testing::read_file(dir / "summary.md").find("interrupted"), std::string::npos);
  EXPECT_NE(lc::testing::read_file(dir / "junit.xml").find(R"(<property name="interrupted" value="true")"), std::string::npos);
  std::filesystem::remove_all(dir);
}

#if !defined(_WIN32)
// A disk that fills up while the set is written (here: RLIMIT_FSIZE, so that results.json can be
// written and junit.xml cannot) leaves the previous set whole: nothing is half new.
TEST(WriteReportSet, AFullDiskLeavesThePreviousSetWhole) {
  const auto dir = temp_dir("full");
  const auto before = with_tool_version("run-old");
  write_report_set(dir, before);
  auto after = with_tool_version("run-new");
  // A claim of 20,000 '<': one byte each in results.json (written first), four (&lt;) in
  // junit.xml (second): the limit lets the first file through and stops the second.
  after.results[0].summary = std::string(20000, '<');
  const std::size_t limit = render(after, Format::json).size() + 1;
  ASSERT_GT(render(after, Format::junit).size(), limit);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
    const rlimit small{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
    setrlimit(RLIMIT_FSIZE, &small);
    try {
      write_report_set(dir, after);
    } catch (const vocabulary::OutputError&) {
      _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3) << "the set was written although junit.xml could not be";
  for (Format f : all_formats()) {
    EXPECT_EQ(lc::testing::read_file(dir / report_file_name(f)), render(before, f)) << report_file_name(f) << " was replaced";
  }
  std::filesystem::remove_all(dir);
}

// A target that is not a regular file refuses the whole set before any file is replaced, and
// stays what it is.
TEST(WriteReportSet, ANonRegularTargetRefusesTheWholeSet) {
  const auto dir = temp_dir("fifo");
  const auto before = with_tool_version("run-old");
  write_report_set(dir, before);
  std::filesystem::remove(dir / "report.html");
  ASSERT_EQ(::mkfifo((dir / "report.html").c_str(), 0600), 0);
  try {
    write_report_set(dir, with_tool_version("run-new"));
    FAIL() << "replaced a FIFO";
  } catch (const vocabulary::OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("report.html: is a FIFO"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_fifo(std::filesystem::symlink_status(dir / "report.html")));
  for (Format f : {Format::json, Format::junit, Format::markdown}) {
    EXPECT_EQ(lc::testing::read_file(dir / report_file_name(f)), render(before, f)) << report_file_name(f) << " was replaced";
  }
  std::filesystem::remove_all(dir);
}
#endif

// Run A is switching its set into place (its results.json is in, the rest not yet) when run B
// writes into the same directory: B must not get in between. With the directory lock, B waits
// (here: refused at once, lock_wait 0) and A's set ends up whole.
TEST(WriteReportSet, TwoRunsIntoOneDirectoryNeverInterleave) {
  const auto dir = temp_dir("concurrent");
  const auto a = with_tool_version("run-A");
  const auto b = with_tool_version("run-B");
  int switched = 0;
  bool b_refused = false;
  vocabulary::FileSetOptions options;
  options.on_switched = [&](const std::filesystem::path&) {
    if (++switched != 1) return;
    vocabulary::FileSetOptions no_wait;
    no_wait.lock_wait = std::chrono::milliseconds(0);
    try {
      write_report_set(dir, b, all_formats(), no_wait);
    } catch (const vocabulary::OutputError& e) {
      b_refused = std::string(e.what()).find("another listen-conformance is writing") != std::string::npos;
    }
  };
  write_report_set(dir, a, all_formats(), options);
  EXPECT_TRUE(b_refused);
  for (Format f : all_formats()) {
    const std::string text = lc::testing::read_file(dir / report_file_name(f));
    EXPECT_NE(text.find("run-A"), std::string::npos) << report_file_name(f);
    EXPECT_EQ(text.find("run-B"), std::string::npos) << report_file_name(f) << " is from the other run";
  }
  // No staging directory is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().filename().string().find("staging"), std::string::npos) << entry.path();
  }
  std::filesystem::remove_all(dir);
}

// --- Renderers are bounded whatever the values (the loader refuses them; render() may still be
// given such results directly). ---

TEST(Chart, AHugeAcceptedValueStaysBounded) {
  results::RunResults r = small_results();
  for (auto& c : r.results[0].checks) {
    if (c.name == vocabulary::check_name(vocabulary::ExpectKey::accepted)) c.observed = "9e307";
  }
  for (auto& c : r.results[1].checks) {
    if (c.name == vocabulary::check_name(vocabulary::ExpectKey::accepted)) c.expected = "1.7976931348623157e308";
  }
  const std::string html = render(r, Format::html);  // looped forever (and grew without bound)
  EXPECT_LT(html.size(), 2u << 20);
  const auto doc = parse_xml(html);
  const auto ticks = doc.select_nodes("//svg[@class='chart']/g[@class='ticks']/text");
  EXPECT_GT(ticks.size(), 0u);
  EXPECT_LE(ticks.size(), 2u * 64u);
}

// --- Text from results files is escaped per format; only http(s) URLs are links. ---

results::RunResults hostile() {
  results::RunResults r = small_results();
  judge::CaseResult& c = r.results[0];  // a deviation: shown with its sources everywhere
  c.cite[0].url = "javascript:alert(document.cookie)";
  c.cite[0].title = "click me";
  c.cite[1].url = "https://e.org/a\n\n# injected heading\n[x](javascript:alert(1))";
  c.cite[1].title = "line\nbreak";
  c.summary = "bell\a esc\x1b[2J nul-free \x01\x7f c1\xc2\x9b end";
  c.reason = "reason \x1b]0;title\x07 \xff invalid";
  return r;
}

// XML 1.0 allows only tab, LF and CR below 0x20, as characters or as references.
void expect_xml10(const std::string& text, const char* what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    EXPECT_FALSE(c < 0x20 && c != '\t' && c != '\n' && c != '\r') << what << ": raw control character " << int(c) << " at " << i;
  }
  const std::regex reference("&#(x[0-9a-fA-F]+|[0-9]+);");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), reference); it != std::sregex_iterator(); ++it) {
    const std::string n = (*it)[1];
    const long v = n[0] == 'x' ? std::stol(n.substr(1), nullptr, 16) : std::stol(n);
    EXPECT_TRUE(v == 9 || v == 10 || v == 13 || v >= 0x20) << what << ": " << it->str();
  }
}

TEST(Escaping, JUnitIsValidXml10WithControlCharacters) {
  const std::string junit = render(hostile(), Format::junit);
  expect_xml10(junit, "junit.xml");
  const auto doc = parse_xml(junit);
  const std::string message = doc.select_node("//testcase/failure").node().attribute("message").value();
  EXPECT_NE(message.find("\\x1B]0;title\\x07"), std::string::npos) << message;  // shown, not executed
}

TEST(Escaping, HtmlLinksOnlyHttpUrlsAndShowsTheRest) {
  const std::string html = render(hostile(), Format::html);
  expect_xml10(html, "report.html");
  const auto doc = parse_xml(html);
  for (const auto& a : doc.select_nodes("//a[@href]")) {
    const std::string href = a.node().attribute("href").value();
    EXPECT_TRUE(href.rfind("https://", 0) == 0 || href.rfind("http://", 0) == 0) << href;
  }
  EXPECT_TRUE(doc.select_node("//code[@class='not-a-link'][.='javascript:alert(document.cookie)']"));
  EXPECT_NE(html.find("esc\\x1B[2J"), std::string::npos);
}

TEST(Escaping, MarkdownKeepsUrlsAndLineBreaksOutOfLinks) {
  const std::string md = render(hostile(), Format::markdown);
  std::string outside_code;  // what Markdown reads as markup: the text outside code spans
  bool in_code = false;
  for (char c : md) {
    if (c == '`') in_code = !in_code;
    if (!in_code && c != '`') outside_code += c;
  }
  EXPECT_EQ(outside_code.find("](javascript:"), std::string::npos) << md;
  EXPECT_EQ(md.find("\n# injected"), std::string::npos) << md;
  EXPECT_NE(md.find("click me (`javascript:alert(document.cookie)`)"), std::string::npos) << md;
  for (char c : md) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << "raw control character " << int(c);
  EXPECT_EQ(md.find("\xc2\x9b"), std::string::npos);  // C1 CSI
  EXPECT_NE(md.find("esc\\\\x1B\\[2J"), std::string::npos);
}

TEST(Escaping, OneFunctionPerFormat) {
  EXPECT_EQ(escape::visible("a\x1b[1mb\r\n\tc", true), "a\\x1B[1mb\n\tc");
  EXPECT_EQ(escape::visible("a\nb\tc", false), "a b c");
  EXPECT_EQ(escape::visible("\xc2\x85 \xef\xbf\xbf \xff \xc3\xa9", true), "\\u0085 \\uFFFF \xef\xbf\xbd \xc3\xa9");
  EXPECT_EQ(escape::visible(std::string("a\0b", 3), true), "a\\x00b");
  EXPECT_EQ(escape::link_target("HTTPS://e.org/x"), "HTTPS://e.org/x");
  EXPECT_FALSE(escape::link_target("javascript:alert(1)"));
  EXPECT_FALSE(escape::link_target(" https://e.org"));
  EXPECT_FALSE(escape::link_target("https://e.org/\nx"));
  EXPECT_FALSE(escape::link_target("data:text/html,x"));
  EXPECT_EQ(md::link("t", "javascript:x|y", true), "t (`javascript:x\\|y`)");
  EXPECT_EQ(md::text("a\nb"), "a b");
  EXPECT_EQ(md::cell("a\x1b\nb"), "a\\\\x1B; b");
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

namespace lc::report {
namespace {

// Each claim's sources carry their evidence level, shown in both reports: the reader sees which
// claims rest on code, documentation, a third party's report or an inference.
TEST(EvidenceLevel, ShownPerSourceInMarkdownAndHtml) {
  results::RunResults r = small_results();
  judge::CaseResult& c = r.results[0];  // a deviation: shown with its sources
  ASSERT_GE(c.cite.size(), 2u);
  c.cite[0].evidence = "inferred";
  c.cite[1].evidence = "";  // a file that states none: no label
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("- Source [inferred]: "), std::string::npos) << md;
  const std::string html = render_html(r);
  EXPECT_NE(html.find("Source [inferred]: "), std::string::npos);
  EXPECT_NE(html.find("Source: "), std::string::npos);
}

}  // namespace
}  // namespace lc::report
