// The expectation-file model: what each OS's documentation and source promise about listen(),
// claim by claim, with citations. Loaded from expectations/<os>.yaml (see
// expectations/README.md for the format and expectations/schema/ for its JSON Schema).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lc/outcome.hpp"
#include "lc/vocabulary/vocabulary.hpp"

namespace lc::expect {

// Where something stands in its file; 1-based.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
  std::string str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }
};

struct Source {
  std::string id;
  std::string title;
  std::string url;
  std::string quote;  // the sentence relied on, where one exists
};

// A named fact formulas can use: a sysctl in force in the worker's namespace, or a constant.
struct FactDef {
  std::string name;
  std::string sysctl;           // set: read from the observation (and known before the run
                                // when the case's setup sets it)
  std::optional<double> value;  // set: a constant of the platform
  SourcePos pos;
};

// An expected number: a formula for an exact value, or bounds.
struct NumberExpect {
  std::optional<std::string> equals;
  std::optional<std::string> min;
  std::optional<std::string> max;
  SourcePos pos;
};

struct Expect {
  std::optional<std::string> listen;    // vocabulary::kListenOk ("ok") or an errno name, e.g. "EINVAL"
  std::optional<std::string> relisten;  // the same
  std::vector<std::pair<vocabulary::ExpectedNumber, NumberExpect>> numbers;
  std::vector<std::pair<Outcome, NumberExpect>> outcomes;
  std::optional<Outcome> overflow;  // the outcome of every attempt past the accepted ones
  SourcePos overflow_pos;
  std::vector<std::pair<std::string, NumberExpect>> counters;  // "TcpExt.ListenOverflows", ...
  std::vector<std::pair<std::string, std::string>> sysctls;     // value in force, as text
};

// One setup dimension; a list in the file makes it a matrix axis.
struct Axis {
  std::string name;  // vocabulary::axis_name(): backlog, relisten.after, sysctl:<key>, ...
  std::vector<std::string> values;
  SourcePos pos;
};

using vocabulary::ClaimKind;

struct CaseDef {
  std::string id;
  std::string summary;
  ClaimKind kind = ClaimKind::behaviour;
  std::vector<std::string> cite;
  std::vector<std::string> tags;
  std::optional<std::string> when_kernel;  // a VersionRange text, over this OS's kernel version
  std::string when_reason;                 // why the condition exists (commit)
  std::vector<Axis> axes;
  std::vector<std::pair<std::string, std::string>> let;  // named formulas, in order
  std::optional<std::string> connections;                // flood size formula; none = listen() only
  SourcePos connections_pos;
  Expect expect;
  SourcePos pos;
};

struct ExpectationFile {
  std::string path;
  int schema = 1;
  std::string platform;  // linux, freebsd, macos, windows
  std::string title;
  std::map<std::string, Source> sources;
  std::vector<FactDef> facts;
  std::vector<CaseDef> cases;
};

// Names usable in every formula of a case, besides facts and earlier lets: the texts of
// vocabulary::SetupVariable.

}  // namespace lc::expect
