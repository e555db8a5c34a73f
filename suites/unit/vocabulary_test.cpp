// SPDX-License-Identifier: Apache-2.0
// The vocabulary (lc/vocabulary/vocabulary.hpp) and the two JSON Schemas that carry it: every
// enum, key list and required list of expectations.schema.json and results.schema.json that
// names vocabulary values must list exactly the texts of its C++ enum, both ways, and every
// enum of a schema must be one of those checked here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lc/vocabulary/bounded_read.hpp"
#include "lc/vocabulary/format_number.hpp"
#include "lc/vocabulary/glob_match.hpp"
#include "lc/vocabulary/vocabulary.hpp"

namespace lc::vocabulary {
namespace {

using nlohmann::json;

enum class SchemaFile { expectations, results };

std::string file_name(SchemaFile f) {
  return f == SchemaFile::expectations ? "expectations/schema/expectations.schema.json" : "runners/results/results.schema.json";
}

const json& schema(SchemaFile f) {
  static const json expectations = json::parse(read_bounded_file(std::string(LC_SOURCE_DIR) + "/" + file_name(SchemaFile::expectations)));
  static const json results = json::parse(read_bounded_file(std::string(LC_SOURCE_DIR) + "/" + file_name(SchemaFile::results)));
  return f == SchemaFile::expectations ? expectations : results;
}

// What the schema lists at `pointer`: the values of an "enum" or "required" array, or the keys
// of a "properties" object.
std::vector<std::string> listed(const json& at) {
  std::vector<std::string> out;
  if (at.is_array()) {
    for (const auto& v : at) out.push_back(v.get<std::string>());
  } else {
    for (const auto& [k, v] : at.items()) out.push_back(k);
  }
  return out;
}

// One place a schema names vocabulary values, and the values it must name.
struct Site {
  SchemaFile file;
  std::string pointer;             // to an "enum" or "required" array, or a "properties" object
  std::string enum_name;           // the C++ enum, for messages
  std::vector<std::string> texts;  // its texts, plus what the schema adds on purpose
};

template <Word E>
Site site(SchemaFile file, std::string pointer, std::string enum_name, std::vector<std::string> also = {}) {
  std::vector<std::string> texts = also;
  for (const auto& t : names<E>()) texts.push_back(t);
  return {file, std::move(pointer), "lc::vocabulary::" + enum_name, std::move(texts)};
}

std::vector<Site> sites() {
  const auto X = SchemaFile::expectations;
  const auto R = SchemaFile::results;
  return {
      site<Os>(X, "/definitions/answers_file/properties/platform/enum", "Os"),
      site<Os>(X, "/definitions/cases_file/properties/platform/enum", "Os"),
      site<SetupVariable>(X, "/definitions/answers_file/properties/facts/propertyNames/not/enum", "SetupVariable"),
      site<SetupVariable>(X, "/definitions/cases_file/properties/facts/propertyNames/not/enum", "SetupVariable"),
      site<Outcome>(X, "/definitions/outcome/enum", "Outcome"),
      site<ClaimKind>(X, "/definitions/case/properties/kind/enum", "ClaimKind"),
      site<ClaimKind>(X, "/definitions/answer/properties/kind/enum", "ClaimKind"),
      site<SetupKey>(X, "/definitions/setup/properties", "SetupKey"),
      site<Family>(X, "/definitions/setup/properties/family/oneOf/0/enum", "Family"),
      site<Family>(X, "/definitions/setup/properties/family/oneOf/1/items/enum", "Family"),
      site<RelistenKey>(X, "/definitions/setup/properties/relisten/properties", "RelistenKey"),
      site<Protocol>(X, "/definitions/setup/properties/protocol/oneOf/0/enum", "Protocol"),
      site<Protocol>(X, "/definitions/setup/properties/protocol/oneOf/1/items/enum", "Protocol"),
      site<ExpectKey>(X, "/definitions/expect/properties", "ExpectKey"),
      site<MemberNumber>(X, "/definitions/expect/properties/members/properties", "MemberNumber"),
      site<ExpectKey>(X, "/definitions/question/properties/observes/items/enum", "ExpectKey"),
      site<ListenTarget>(X, "/definitions/target/enum", "ListenTarget"),
      site<SourceEvidence>(X, "/definitions/evidence/enum", "SourceEvidence"),
      site<RuntimeDriver>(X, "/definitions/runtime-driver/enum", "RuntimeDriver"),

      site<Os>(R, "/properties/machine/properties/os/enum", "Os"),
      site<RunIsolation>(R, "/properties/machine/properties/isolation/enum", "RunIsolation"),
      site<Os>(R, "/properties/expectations/properties/platform/enum", "Os"),
      site<VerdictLabel>(R, "/properties/summary/properties", "VerdictLabel", {"total"}),
      site<VerdictLabel>(R, "/properties/summary/required", "VerdictLabel", {"total"}),
      site<Outcome>(R, "/definitions/outcome/enum", "Outcome"),
      site<ClaimKind>(R, "/definitions/result/properties/kind/enum", "ClaimKind"),
      site<SourceEvidence>(R, "/definitions/result/properties/cite/items/properties/evidence/enum", "SourceEvidence"),
      site<Verdict>(R, "/definitions/result/properties/verdict/enum", "Verdict"),
      site<ErrorKind>(R, "/definitions/result/properties/error_kind/enum", "ErrorKind", {""}),
      site<CheckStatus>(R, "/definitions/check/properties/status/enum", "CheckStatus"),
      site<Scenario>(R, "/definitions/probe_spec/properties/scenario/enum", "Scenario"),
      site<ListenTarget>(R, "/definitions/probe_spec/properties/target/enum", "ListenTarget"),
      site<Family>(R, "/definitions/probe_spec/properties/family/enum", "Family"),
      site<IsolationMode>(R, "/definitions/observation/properties/isolation/enum", "IsolationMode"),
      // Required are the outcomes of version 1 of the observation; those added since
      // (would_block, timed_out: AF_UNIX) are optional there, so that recorded results stay valid.
      Site{R, "/definitions/observation/properties/outcomes/required", "lc::vocabulary::Outcome (version 1)",
           {"accepted", "established_unaccepted", "reset", "refused", "no_answer"}},
      site<Evidence>(R, "/definitions/observation/properties/evidence/items/enum", "Evidence"),
      site<FailureKind>(R, "/definitions/observation/properties/failure/oneOf/1/properties/kind/enum", "FailureKind"),
  };
}

// Every disagreement between the schema and the enum at one site, one sentence each.
std::vector<std::string> mismatches(const Site& s) {
  const std::string where = file_name(s.file) + "#" + s.pointer;
  const json::json_pointer pointer(s.pointer);
  if (!schema(s.file).contains(pointer)) return {where + " does not exist (the schema moved: update vocabulary_test.cpp)"};
  const std::vector<std::string> in_schema = listed(schema(s.file).at(pointer));
  std::vector<std::string> out;
  for (const auto& t : in_schema) {
    if (std::find(s.texts.begin(), s.texts.end(), t) == s.texts.end())
      out.push_back(where + " has '" + t + "', which " + s.enum_name + " does not");
  }
  for (const auto& t : s.texts) {
    if (std::find(in_schema.begin(), in_schema.end(), t) == in_schema.end())
      out.push_back(where + " lacks '" + t + "' of " + s.enum_name);
  }
  return out;
}

TEST(VocabularySchemas, EveryListMatchesItsEnumBothWays) {
  for (const Site& s : sites()) {
    for (const auto& m : mismatches(s)) ADD_FAILURE() << m;
  }
}

// The pointer of every "enum" in a schema.
void collect_enums(const json& j, const std::string& at, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      std::string step = k;
      for (std::size_t i = 0; (i = step.find('~', i)) != std::string::npos; i += 2) step.replace(i, 1, "~0");
      for (std::size_t i = 0; (i = step.find('/', i)) != std::string::npos; i += 2) step.replace(i, 1, "~1");
      if (k == "enum") out.insert(at + "/enum");
      collect_enums(v, at + "/" + step, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) collect_enums(j[i], at + "/" + std::to_string(i), out);
  }
}

TEST(VocabularySchemas, EverySchemaEnumIsAVocabularyEnum) {
  for (const SchemaFile f : {SchemaFile::expectations, SchemaFile::results}) {
    std::set<std::string> enums;
    collect_enums(schema(f), "", enums);
    for (const Site& s : sites()) {
      if (s.file == f) enums.erase(s.pointer);
    }
    for (const auto& p : enums) {
      ADD_FAILURE() << file_name(f) << "#" << p << " is an enum no vocabulary enum is checked against: add its enum to "
                    << "lc/vocabulary/vocabulary.hpp and the site to vocabulary_test.cpp";
    }
  }
}

// The check above can fail: a schema list that lost a value, or has one too many, is named.
TEST(VocabularySchemas, AMismatchNamesTheValueAndTheSite) {
  Site s = site<FailureKind>(SchemaFile::results, "/definitions/observation/properties/failure/oneOf/1/properties/kind/enum",
                             "FailureKind");
  s.texts.erase(std::find(s.texts.begin(), s.texts.end(), "unsupported"));
  s.texts.push_back("no_such_kind");
  const auto m = mismatches(s);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], "runners/results/results.schema.json#/definitions/observation/properties/failure/oneOf/1/properties/kind/enum "
                  "has 'unsupported', which lc::vocabulary::FailureKind does not");
  EXPECT_EQ(m[1], "runners/results/results.schema.json#/definitions/observation/properties/failure/oneOf/1/properties/kind/enum "
                  "lacks 'no_such_kind' of lc::vocabulary::FailureKind");
}

// ---- The conversions --------------------------------------------------------------------

template <Word E>
void expect_round_trip() {
  std::set<std::string> seen;
  for (const E v : all<E>()) {
    const std::string text = to_string(v);
    EXPECT_TRUE(seen.insert(text).second) << text << " twice in " << noun<E>();
    EXPECT_EQ(from_string<E>(text), v) << text;
  }
  EXPECT_EQ(seen.size(), count<E>);
  EXPECT_FALSE(from_string<E>("")) << noun<E>();
  EXPECT_FALSE(from_string<E>("no such value")) << noun<E>();
}

TEST(Vocabulary, EveryValueRoundTripsThroughItsText) {
  expect_round_trip<Outcome>();
  expect_round_trip<Evidence>();
  expect_round_trip<Family>();
  expect_round_trip<ListenTarget>();
  expect_round_trip<Scenario>();
  expect_round_trip<FailureKind>();
  expect_round_trip<IsolationMode>();
  expect_round_trip<RunIsolation>();
  expect_round_trip<Os>();
  expect_round_trip<ClaimKind>();
  expect_round_trip<SetupKey>();
  expect_round_trip<RelistenKey>();
  expect_round_trip<AxisKind>();
  expect_round_trip<SetupVariable>();
  expect_round_trip<ExpectedNumber>();
  expect_round_trip<ExpectKey>();
  expect_round_trip<MemberNumber>();
  expect_round_trip<Verdict>();
  expect_round_trip<VerdictLabel>();
  expect_round_trip<CheckStatus>();
  expect_round_trip<ErrorKind>();
  expect_round_trip<ChangeKind>();
}

TEST(Vocabulary, TextsAreTheWireFormat) {
  EXPECT_EQ(to_string(IsolationMode::userns_netns), "userns+netns");
  EXPECT_EQ(to_string(RunIsolation::not_applicable), "n/a");
  EXPECT_EQ(to_string(Os::linux_), "linux");
  EXPECT_EQ(to_string(FailureKind::unsupported), "unsupported");
  EXPECT_EQ(to_string(AxisKind::relisten_after), "relisten.after");
}

TEST(Vocabulary, ExtendedListsKeepPositionAndText) {
  for (const FailureKind k : all<FailureKind>()) EXPECT_EQ(to_string(widen<ErrorKind>(k)), to_string(k));
  for (const Verdict v : all<Verdict>()) EXPECT_EQ(to_string(widen<VerdictLabel>(v)), to_string(v));
  for (const IsolationMode m : all<IsolationMode>()) EXPECT_EQ(to_string(widen<RunIsolation>(m)), to_string(m));
}

TEST(Vocabulary, DriftIsItsOwnLabel) {
  EXPECT_EQ(label_of(Verdict::deviates, true), VerdictLabel::drift);
  EXPECT_EQ(label_of(Verdict::deviates, false), VerdictLabel::deviates);
  EXPECT_EQ(label_of(Verdict::conforms, false), VerdictLabel::conforms);
  EXPECT_EQ(label_of(Verdict::error, false), VerdictLabel::error);
}

TEST(Vocabulary, CheckNamesAndTheirItems) {
  EXPECT_EQ(check_name(ExpectKey::overflow), "overflow");
  EXPECT_EQ(check_name(ExpectKey::counters, "TcpExt.ListenDrops"), "counters.TcpExt.ListenDrops");
  EXPECT_EQ(check_item("counters.TcpExt.ListenDrops", ExpectKey::counters), "TcpExt.ListenDrops");
  EXPECT_EQ(check_item("sysctls.net.core.somaxconn", ExpectKey::sysctls), "net.core.somaxconn");
  EXPECT_FALSE(check_item("counters", ExpectKey::counters));
  EXPECT_FALSE(check_item("counters.", ExpectKey::counters));
  EXPECT_FALSE(check_item("countersX.a", ExpectKey::counters));
  EXPECT_FALSE(check_item("accepted", ExpectKey::counters));
}

TEST(Vocabulary, AxisNames) {
  EXPECT_EQ(axis_name(AxisKind::relisten_backlog), "relisten.backlog");
  EXPECT_EQ(axis_name(AxisKind::sysctl, "net.core.somaxconn"), "sysctl:net.core.somaxconn");
  EXPECT_EQ(axis_sysctl("sysctl:net.core.somaxconn"), "net.core.somaxconn");
  EXPECT_FALSE(axis_sysctl("sysctl:"));
  EXPECT_FALSE(axis_sysctl("backlog"));
  EXPECT_FALSE(axis_sysctl("sysctls:x"));
}

TEST(Vocabulary, OneOfForMessages) {
  EXPECT_EQ(one_of<Family>(), "ipv4, ipv6, unix-stream or unix-seqpacket");
  EXPECT_EQ(one_of<ListenTarget>(), "tcp, bad_fd, not_socket, udp, connected, port_in_use or unbound");
  EXPECT_EQ(one_of(std::vector<std::string>{"a"}), "a");
}

TEST(Vocabulary, EnvironmentScaledSysctls) {
  EXPECT_TRUE(environment_scaled("net.ipv4.tcp_max_syn_backlog"));
  EXPECT_TRUE(environment_scaled("net.ipv4.tcp_mem"));
  EXPECT_FALSE(environment_scaled("net.core.somaxconn"));
  EXPECT_EQ(environment_scaled_sysctls().size(), 6u);
}

// The pure utilities every room shares with the vocabulary: how numbers are written (the
// judge's checks, the reports) and the glob of --filter and --ignore.
TEST(FormatNumber, IntegersPrintWithoutADecimalPoint) {
  EXPECT_EQ(format_number(17), "17");
  EXPECT_EQ(format_number(-1), "-1");
  EXPECT_EQ(format_number(4294967295.0), "4294967295");
}

TEST(FormatNumber, FractionsPrintWithSixSignificantDigits) {
  EXPECT_EQ(format_number(1.5), "1.5");
  EXPECT_EQ(format_number(2.0 / 3.0), "0.666667");
}

TEST(Glob, MatchesWholeIds) {
  EXPECT_TRUE(glob_match("accept-queue/*", "accept-queue/capacity[backlog=0,family=ipv4]"));
  EXPECT_TRUE(glob_match("*family=ipv6*", "accept-queue/capacity[backlog=0,family=ipv6]"));
  EXPECT_TRUE(glob_match("errors/e?adf", "errors/ebadf"));
  EXPECT_FALSE(glob_match("errors", "errors/ebadf"));
  EXPECT_FALSE(glob_match("*ipv6", "x[family=ipv6]"));
}

}  // namespace
}  // namespace lc::vocabulary
