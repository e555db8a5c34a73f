// SPDX-License-Identifier: Apache-2.0
// The expectation-file model: what each OS's documentation and source promise about listen(),
// claim by claim, with citations. The questions (what is done and observed) live once, in
// expectations/questions.yaml; each expectations/<os>.yaml answers them for one OS. Loaded into
// one CaseDef per answered question (expectations/README.md; the format's definition is the JSON
// Schema in expectations/schema/).
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
  // How the source knows it: source, documented, reported, inferred (vocabulary::SourceEvidence);
  // "" only for the title-only shorthand of a self-contained case file (tests).
  std::string evidence;
};

// A named fact formulas can use: a sysctl in force in the worker's namespace, or a constant.
struct FactDef {
  std::string name;
  std::string sysctl;           // set: read from the observation (and known before the run
                                // when the case's setup sets it)
  std::optional<double> value;  // set: a constant of the platform
  std::optional<double> default_value;  // the OS's default of the sysctl (`explain` uses it)
  // An older default, on kernels in this range (`default_if: {kernel: "< 5.4", value: 128}`).
  std::optional<std::string> default_if_kernel;
  std::optional<double> default_if_value;
  std::vector<std::string> cite;        // where the default is stated
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
  // SO_REUSEPORT groups: per member, a formula over `member` (its index) judged for each.
  std::vector<std::pair<vocabulary::MemberNumber, NumberExpect>> members;
};

// One setup dimension; a list in the file makes it a matrix axis.
struct Axis {
  std::string name;  // vocabulary::axis_name(): backlog, relisten.after, sysctl:<key>, ...
  std::vector<std::string> values;
  SourcePos pos;
  // Named in instance ids ("[backlog=5]"): the question's axis has several values. An answer
  // may ask a subset, even one value, and its ids still line up with the other OSes'.
  bool in_id = false;
};

using vocabulary::ClaimKind;

// An answer saying the question cannot be asked on this OS, and why.
struct NotApplicable {
  std::string reason;
  std::vector<std::string> cite;
};

struct CaseDef {
  std::string id;       // the question's id (shared by every OS that answers it)
  std::string summary;  // the answer's summary, or the question's where the answer has none
  std::string question_summary;
  ClaimKind kind = ClaimKind::behaviour;
  std::vector<std::string> cite;
  std::vector<std::string> tags;
  std::optional<std::string> when_kernel;  // a VersionRange text, over this OS's kernel version
  std::string when_reason;                 // why the condition exists (commit)
  // A VersionRange over the runtime's own version (php-fpm "8.2.36"), for the answers about a
  // runtime driver: known only once the driver has run (it is in the observation), so it is
  // judged then: outside the range, the instance is skipped.
  std::optional<std::string> when_runtime;
  std::vector<Axis> axes;
  std::vector<std::pair<std::string, std::string>> let;  // named formulas, in order
  std::optional<std::string> connections;                // flood size formula; none = listen() only
  SourcePos connections_pos;
  Expect expect;
  // The claim is about a network namespace of its own (a fresh one's defaults): without one it
  // is skipped, not judged against the host's settings.
  bool requires_isolation = false;
  std::optional<NotApplicable> not_applicable;
  SourcePos pos;
};

// What `listen-conformance explain` prints for the OS: formulas over `backlog`, `ipv6` and the
// facts (bound to their defaults), summarising the answers listed in `answers`.
struct ExplainDef {
  std::string capacity;  // completed connections held
  Outcome overflow = Outcome::no_answer;  // what the client past the capacity gets
  std::string clamp;     // the limit's name (net.core.somaxconn, SOMAXCONN_HINT, ...)
  std::vector<std::string> cite;
  std::vector<std::string> answers;  // question ids whose answers this summarises
  SourcePos pos;
};

struct ExpectationFile {
  std::string path;
  int schema = 1;
  std::string platform;  // linux, freebsd, macos, windows
  std::string title;
  std::string catalogue;  // the questions file the answers refer to ("" for a file of cases)
  std::map<std::string, Source> sources;
  std::vector<FactDef> facts;
  std::vector<CaseDef> cases;  // one per answer (or per case of a self-contained file)
  std::optional<ExplainDef> explain;
};

// Names usable in every formula of a case, besides facts and earlier lets: the texts of
// vocabulary::SetupVariable.

}  // namespace lc::expect
