// SPDX-License-Identifier: Apache-2.0
// report.html's capacity chart on the fixed results of suites/golden/: the x-axis reaches the
// clamp in force (net.core.somaxconn = 4096 there, though no flood went past backlog 128), each
// plateau is labelled with the sysctl that makes it, and a series drawn on top of another one
// says so in the legend. Read from the rendered page, as a reader's browser would get it.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "golden.hpp"
#include "report/report_writers.hpp"

namespace lc::report {
namespace {

using lc::testing::small_results;

struct Chart {
  pugi::xml_document doc;
  pugi::xml_node svg;
};

void render_chart(const results::RunResults& r, Chart& out) {
  const std::string html = render(r, Format::html);
  ASSERT_TRUE(out.doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
  out.svg = out.doc.select_node("//svg[@class='chart']").node();
  ASSERT_TRUE(out.svg);
}

// The labels under the x-axis, left to right.
std::vector<std::string> x_tick_labels(const pugi::xml_node& svg) {
  std::vector<std::string> labels;
  for (const auto& n : svg.select_nodes("g[@class='ticks']/text[@text-anchor='middle']")) labels.emplace_back(n.node().text().get());
  return labels;
}

std::vector<std::string> texts(const pugi::xml_node& svg, const char* xpath) {
  std::vector<std::string> out;
  for (const auto& n : svg.select_nodes(xpath)) out.push_back(pugi::xpath_query("string(.)").evaluate_string(n.node()));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v) {
    if (s.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Drops every trace of somaxconn's value: the host's, the cases' settings, the namespaces'.
results::RunResults without_somaxconn(results::RunResults r) {
  r.machine.sysctls_at_start.erase("net.core.somaxconn");
  for (auto& c : r.results) {
    std::erase_if(c.spec.sysctls, [](const auto& kv) { return kv.first == "net.core.somaxconn"; });
    if (c.observation) c.observation->sysctls.erase("net.core.somaxconn");
  }
  return r;
}

TEST(CapacityChart, XAxisReachesTheSomaxconnInForceBeyondTheLargestBacklog) {
  Chart c;
  render_chart(small_results(), c);  // largest backlog charted: 128; somaxconn = 4096
  const auto labels = x_tick_labels(c.svg);
  ASSERT_FALSE(labels.empty());
  EXPECT_EQ(labels.back(), "4096") << "the x-axis stops at the data, not at the clamp";
}

TEST(CapacityChart, XAxisStopsAtTheDataWhenTheClampIsUnknown) {
  Chart c;
  render_chart(without_somaxconn(small_results()), c);
  const auto labels = x_tick_labels(c.svg);
  ASSERT_FALSE(labels.empty());
  EXPECT_EQ(labels.back(), "128");
  EXPECT_TRUE(c.svg.select_nodes("//*[@class='clamp-label']").empty());
}

TEST(CapacityChart, PlateauSetByTheCaseIsLabelledWithItsSysctl) {
  Chart c;
  render_chart(small_results(), c);  // somaxconn/truncates sets net.core.somaxconn = 16 in its namespace
  const auto labels = texts(c.svg, "//*[@class='clamp-label']");
  EXPECT_TRUE(contains(labels, "net.core.somaxconn = 16")) << ::testing::PrintToString(labels);
  const auto line = c.svg.select_node("//line[@class='clamp'][@data-x='16']").node();
  EXPECT_TRUE(line) << "no marker where the plateau starts";
}

TEST(CapacityChart, ClampInForceByDefaultIsLabelledWithItsSysctl) {
  Chart c;
  render_chart(small_results(), c);
  const auto labels = texts(c.svg, "//*[@class='clamp-label']");
  EXPECT_TRUE(contains(labels, "net.core.somaxconn = 4096")) << ::testing::PrintToString(labels);
  EXPECT_TRUE(c.svg.select_node("//line[@class='clamp'][@data-x='4096']").node());
}

TEST(CapacityChart, HostValueLabelsTheClampWhereTheObservationsDoNotSay) {
  results::RunResults r = small_results();
  r.machine.sysctls_at_start["net.core.somaxconn"] = "512";
  for (auto& res : r.results) {
    if (res.observation && res.spec.sysctls.empty()) res.observation->sysctls.erase("net.core.somaxconn");
  }
  Chart c;
  render_chart(r, c);
  EXPECT_EQ(x_tick_labels(c.svg).back(), "512");
  EXPECT_TRUE(contains(texts(c.svg, "//*[@class='clamp-label']"), "net.core.somaxconn = 512"));
}

// A worker's namespace starts from the kernel's default, not from the host's value: the chart
// labels what was in force where the flood ran.
TEST(CapacityChart, ValueInForceInTheWorkersNamespaceWinsOverTheHosts) {
  results::RunResults r = small_results();
  r.machine.sysctls_at_start["net.core.somaxconn"] = "512";  // the observations say 4096
  Chart c;
  render_chart(r, c);
  const auto labels = texts(c.svg, "//*[@class='clamp-label']");
  EXPECT_TRUE(contains(labels, "net.core.somaxconn = 4096")) << ::testing::PrintToString(labels);
  EXPECT_FALSE(contains(labels, "net.core.somaxconn = 512")) << ::testing::PrintToString(labels);
}

TEST(CapacityChart, SeriesOnTopOfAnotherSaysSoInTheLegend) {
  results::RunResults r = small_results();
  // A second case with the same three capacity points as accept-queue/capacity.
  const std::size_t n = r.results.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (r.results[i].case_id != "accept-queue/capacity") continue;
    judge::CaseResult copy = r.results[i];
    copy.case_id = "twin/capacity";
    copy.id = "twin/" + copy.id;
    r.results.push_back(copy);
  }
  r.summary = results::summarise(r.results);
  Chart c;
  render_chart(r, c);
  const auto legend = texts(c.svg, "g[@class='legend-row']");
  EXPECT_TRUE(contains(legend, "same as accept-queue/capacity")) << ::testing::PrintToString(legend);
  EXPECT_FALSE(contains(texts(c.svg, "g[@class='legend-row'][1]"), "same as")) << "the first series is drawn first";
}

}  // namespace
}  // namespace lc::report
