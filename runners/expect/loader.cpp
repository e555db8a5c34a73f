// SPDX-License-Identifier: Apache-2.0
// yaml-cpp based loader. Strict: unknown keys, wrong types, bad formulas, unknown citations and
// duplicate ids are errors with the position of the offending node.
#include "loader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <exception>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "checked_number.hpp"
#include "excerpt.hpp"
#include "formula.hpp"
#include "kernel_version.hpp"
#include "lc/vocabulary/bounded_read.hpp"
#include "lc/vocabulary/sysctl_allowlist.hpp"

namespace lc::expect {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

using vocabulary::AxisKind;
using vocabulary::ExpectedNumber;
using vocabulary::ExpectKey;
using vocabulary::SetupKey;

// The texts of a vocabulary enum, as the set of keys a mapping may have.
template <vocabulary::Word E>
std::set<std::string> key_set() {
  const auto names = vocabulary::names<E>();
  return {names.begin(), names.end()};
}

// A regex that matches exactly the texts of a vocabulary enum.
template <vocabulary::Word E>
std::regex any_of() {
  std::string alternatives;
  for (const auto& n : vocabulary::names<E>()) alternatives += (alternatives.empty() ? "" : "|") + n;
  return std::regex(alternatives);
}

const std::set<std::string> kPlatforms = key_set<vocabulary::Os>();

// Names (ids, keys, errno names, sysctl keys) are short; a longer one is refused before any
// regex sees it: libstdc++'s matcher recurses once per character and a 2 MB id overflowed the
// stack.
constexpr std::size_t kMaxNameChars = 200;

// Every fact is bound in every case instance, and every let evaluated there (copying the
// bindings): 20000 lets over 1000 instances kept `validate` busy for more than ten minutes.
// The shipped files have at most 4 facts and 1 let per case.
constexpr std::size_t kMaxFacts = 64;
constexpr std::size_t kMaxLets = 32;
constexpr std::size_t kMaxSysctls = 16;  // more than any OS's allowlist

bool matches(const std::string& text, const std::regex& re) { return text.size() <= kMaxNameChars && std::regex_match(text, re); }

// A sysctl key as the OS spells it: dot-separated words of letters, digits and _ (no "/" and
// no "..": the key names a file under /proc/sys on Linux).
bool plausible_sysctl_name(const std::string& key) {
  static const std::regex re(R"([A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*)");
  return matches(key, re);
}

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  // Also remembered as the last position looked at: where an unexpected exception is reported.
  SourcePos pos(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.is_null()) return last_;
    last_ = SourcePos{path_, m.line + 1, m.column + 1};
    return last_;
  }
  const SourcePos& last_pos() const { return last_; }
  void error(const YAML::Node& n, const std::string& msg) { error(pos(n), msg); }
  void error(const SourcePos& p, const std::string& msg) { problems_.add(p.str() + ": " + msg); }
  void add_problem(std::string problem) { problems_.add(std::move(problem)); }  // already "file:line:col: ..."
  std::vector<std::string> problems() const { return problems_.list(); }
  bool ok() const { return problems_.empty(); }
  const std::string& path() const { return path_; }

  // A mapping key as text; YAML allows lists and maps as keys, this format does not.
  std::string key(const YAML::Node& k) {
    if (k.IsScalar()) return k.Scalar();
    error(k, "a key must be a plain name, not a list or a mapping");
    return "<bad key>";
  }

  // A mapping, with each key once (yaml-cpp keeps duplicates: `backlog: 1, backlog: 2` was read
  // as whichever came last, and 100000 copies of one sysctl made 100000 matrix axes).
  bool is_map(const YAML::Node& n, const std::string& what) {
    if (!n.IsMap()) {
      error(n, what + " must be a mapping");
      return false;
    }
    std::map<std::string, SourcePos> seen;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) continue;  // reported by key()
      const auto [it, first] = seen.emplace(kv.first.Scalar(), pos(kv.first));
      if (!first) error(kv.first, "duplicate key '" + excerpt(it->first) + "' (first at " + it->second.str() + ")");
    }
    return true;
  }

  // Reports keys not in `allowed`.
  void only_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
    for (const auto& kv : map) {
      const std::string key = this->key(kv.first);
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        error(kv.first, "unknown key '" + excerpt(key) + "' in " + where + " (allowed: " + list + ")");
      }
    }
  }

  std::optional<std::string> scalar(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar()) {
      error(n, what + " must be a scalar");
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::optional<std::string> string(const YAML::Node& map, const char* key, const std::string& where, bool required) {
    const YAML::Node n = map[key];
    if (!n) {
      if (required) error(map, "missing '" + std::string(key) + "' in " + where);
      return std::nullopt;
    }
    return scalar(n, "'" + std::string(key) + "' in " + where);
  }

  std::optional<long long> integer(const YAML::Node& n, const std::string& what, const IntegerRange& range) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    const auto v = checked_integer(*s, range);
    if (!v.value) error(n, what + ": " + v.problem);
    return v.value;
  }

  std::optional<bool> boolean(const YAML::Node& n, const std::string& what) {
    if (!scalar(n, what)) return std::nullopt;
    try {
      return n.as<bool>();
    } catch (const YAML::Exception&) {
      error(n, what + " must be true or false");
      return std::nullopt;
    }
  }

 private:
  std::string path_;
  ProblemList problems_{path_};
  mutable SourcePos last_{path_, 0, 0};
};

// The values of a setup key: one scalar, or a non-empty list of scalars (a matrix axis).
std::vector<std::string> axis_values(Reader& r, const YAML::Node& n, const std::string& what) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    if (n.size() == 0) r.error(n, what + ": an empty list would expand to no cases");
    for (const auto& item : n) {
      if (auto s = r.scalar(item, what + " entry")) out.push_back(*s);
    }
  } else if (auto s = r.scalar(n, what)) {
    out.push_back(*s);
  }
  return out;
}

// Applies `check` to the value, or to each value of a list; a bad one is reported at its own
// position.
template <typename Check>
void each_value(const YAML::Node& n, const Check& check) {
  if (n.IsSequence()) {
    for (const auto& item : n) {
      if (item.IsScalar()) check(item);
    }
  } else if (n.IsScalar()) {
    check(n);
  }
}

void check_values(Reader& r, const YAML::Node& n, const Axis& axis, const std::regex& re, const std::string& expected) {
  each_value(n, [&](const YAML::Node& item) {
    if (!matches(item.Scalar(), re)) r.error(item, "setup " + axis.name + ": '" + excerpt(item.Scalar()) + "' is not " + expected);
  });
}

// The integer setup keys: each value within the range the engine accepts.
void check_integers(Reader& r, const YAML::Node& n, const Axis& axis, AxisKind kind) {
  const IntegerRange* range = setup_integer_range(kind);
  each_value(n, [&](const YAML::Node& item) {
    if (const auto v = checked_integer(item.Scalar(), *range); !v.value) r.error(item, "setup " + axis.name + ": " + v.problem);
  });
}

// A value a worker writes to a sysctl: integers separated by spaces ("4096", "32768 60999"),
// which is all the allowlisted keys take.
void check_sysctl_values(Reader& r, const YAML::Node& n, const std::string& key) {
  static const std::regex fields(R"(-?\d+([ \t]+-?\d+)*)");
  static constexpr IntegerRange kSysctlInteger{LLONG_MIN, LLONG_MAX, "a sysctl's integer"};
  static constexpr std::size_t kMaxValueChars = 64;
  each_value(n, [&](const YAML::Node& item) {
    const std::string& v = item.Scalar();
    bool ok = v.size() <= kMaxValueChars && std::regex_match(v, fields);
    for (std::size_t at = 0; ok && at < v.size();) {
      const std::size_t end = std::min(v.find_first_of(" \t", at), v.size());
      ok = checked_integer(std::string_view(v).substr(at, end - at), kSysctlInteger).value.has_value();
      at = v.find_first_not_of(" \t", end);
      if (at == std::string::npos) break;
    }
    if (!ok) r.error(item, "sysctl " + key + ": '" + excerpt(v) + "' is not a sysctl value (integers separated by spaces, e.g. 4096 or 32768 60999)");
  });
}

// A sysctl the case sets: a plausible name on the allowlist of the file's OS.
void check_sysctl_key(Reader& r, const YAML::Node& k, const std::string& key, const std::string& platform) {
  if (!plausible_sysctl_name(key)) {
    r.error(k, "sysctl '" + excerpt(key) + "' is not a sysctl name (dot-separated letters, digits and _)");
  } else if (kPlatforms.count(platform)) {  // an unknown platform is reported on its own
    if (const auto refusal = lc::vocabulary::sysctl_refusal(platform, key)) r.error(k, "setup sysctls: " + *refusal);
  }
}

// `driver:` names a driver of the closed RuntimeDriver list (drivers/), never a program: a
// path or a command line is refused with a message saying so (README, Security).
void check_drivers(Reader& r, const YAML::Node& n) {
  each_value(n, [&](const YAML::Node& item) {
    const std::string& v = item.Scalar();
    if (vocabulary::from_string<vocabulary::RuntimeDriver>(v)) return;
    const bool program = v.find_first_of("/\\ \t;|&$`") != std::string::npos;
    r.error(item, "setup driver: '" + excerpt(v) + "' is not a driver" +
                      (program ? " (a driver is named from the list, never given as a path or command)" : "") + "; one of " +
                      vocabulary::one_of<vocabulary::RuntimeDriver>());
  });
}

// `driver_backlog:` an int (what the program passes to its runtime's API) or "default" (the API
// without a backlog).
void check_driver_backlogs(Reader& r, const YAML::Node& n) {
  static constexpr IntegerRange kInt{INT_MIN, INT_MAX, "an API's int"};
  each_value(n, [&](const YAML::Node& item) {
    if (item.Scalar() == "default") return;
    if (const auto v = checked_integer(item.Scalar(), kInt); !v.value)
      r.error(item, "setup driver_backlog: " + v.problem + " (an integer or 'default')");
  });
}

void read_setup(Reader& r, const YAML::Node& setup, CaseDef& c, const std::string& platform) {
  if (!r.is_map(setup, "setup")) return;
  r.only_keys(setup, key_set<SetupKey>(), "setup");
  static const std::regex families = any_of<vocabulary::Family>();
  static const std::regex targets = any_of<vocabulary::ListenTarget>();
  static const std::regex booleans("true|false");
  static const std::regex protocols = any_of<vocabulary::Protocol>();
  auto add = [&](AxisKind kind, const YAML::Node& n, const std::regex& re, const std::string& expected) {
    const std::string name = vocabulary::axis_name(kind);
    Axis a{name, axis_values(r, n, "setup " + name), r.pos(n)};
    check_values(r, n, a, re, expected);
    c.axes.push_back(std::move(a));
  };
  auto add_integer = [&](AxisKind kind, const YAML::Node& n) {
    const std::string name = vocabulary::axis_name(kind);
    Axis a{name, axis_values(r, n, "setup " + name), r.pos(n)};
    check_integers(r, n, a, kind);
    c.axes.push_back(std::move(a));
  };
  for (const auto& kv : setup) {
    const auto key = vocabulary::from_string<SetupKey>(r.key(kv.first));
    if (!key) continue;  // reported by only_keys
    const YAML::Node& v = kv.second;
    switch (*key) {
      case SetupKey::backlog: add_integer(AxisKind::backlog, v); break;
      case SetupKey::family: add(AxisKind::family, v, families, vocabulary::one_of<vocabulary::Family>()); break;
      case SetupKey::target: add(AxisKind::target, v, targets, "one of " + vocabulary::one_of<vocabulary::ListenTarget>()); break;
      case SetupKey::defer_accept: add(AxisKind::defer_accept, v, booleans, "true or false"); break;
      case SetupKey::retry_unanswered: add(AxisKind::retry_unanswered, v, booleans, "true or false"); break;
      case SetupKey::settle_ms: add_integer(AxisKind::settle_ms, v); break;
      case SetupKey::source_addresses: add_integer(AxisKind::source_addresses, v); break;
      case SetupKey::protocol: add(AxisKind::protocol, v, protocols, "one of " + vocabulary::one_of<vocabulary::Protocol>()); break;
      case SetupKey::reuseport: add_integer(AxisKind::reuseport, v); break;
      case SetupKey::reuseport_member: add_integer(AxisKind::reuseport_member, v); break;
      case SetupKey::close_member: add_integer(AxisKind::close_member, v); break;
      case SetupKey::tcp_fastopen_queue: add_integer(AxisKind::tcp_fastopen_queue, v); break;
      case SetupKey::fastopen_hold_clients: add(AxisKind::fastopen_hold_clients, v, booleans, "true or false"); break;
      case SetupKey::blocking_connect_ms: add_integer(AxisKind::blocking_connect_ms, v); break;
      case SetupKey::accept_after_ms: add_integer(AxisKind::accept_after_ms, v); break;
      case SetupKey::abstract: add(AxisKind::abstract, v, booleans, "true or false"); break;
      case SetupKey::attempt_timeout_ms: add_integer(AxisKind::attempt_timeout_ms, v); break;
      case SetupKey::driver: {
        Axis a{vocabulary::axis_name(AxisKind::driver), axis_values(r, v, "setup driver"), r.pos(v)};
        check_drivers(r, v);
        c.axes.push_back(std::move(a));
        break;
      }
      case SetupKey::driver_backlog: {
        Axis a{vocabulary::axis_name(AxisKind::driver_backlog), axis_values(r, v, "setup driver_backlog"), r.pos(v)};
        check_driver_backlogs(r, v);
        c.axes.push_back(std::move(a));
        break;
      }
      case SetupKey::driver_somaxconn: add_integer(AxisKind::driver_somaxconn, v); break;
      case SetupKey::relisten: {
        if (!r.is_map(v, "setup relisten")) break;
        r.only_keys(v, key_set<vocabulary::RelistenKey>(), "setup relisten");
        const std::string backlog = vocabulary::to_string(vocabulary::RelistenKey::backlog);
        const std::string after = vocabulary::to_string(vocabulary::RelistenKey::after);
        if (!v[backlog]) r.error(v, "setup relisten needs '" + backlog + "'");
        else add_integer(AxisKind::relisten_backlog, v[backlog]);
        if (v[after]) add_integer(AxisKind::relisten_after, v[after]);
        break;
      }
      case SetupKey::sysctls: {
        if (!r.is_map(v, "setup sysctls")) break;
        if (v.size() > kMaxSysctls) r.error(v, "a case sets at most " + std::to_string(kMaxSysctls) + " sysctls, not " + std::to_string(v.size()));
        for (const auto& s : v) {
          const std::string name = r.key(s.first);
          if (!s.first.IsScalar()) continue;
          check_sysctl_key(r, s.first, name, platform);
          check_sysctl_values(r, s.second, excerpt(name));
          c.axes.push_back(Axis{vocabulary::axis_name(AxisKind::sysctl, name), axis_values(r, s.second, "sysctl " + excerpt(name)),
                                r.pos(s.second)});
        }
        break;
      }
    }
  }
}

std::optional<NumberExpect> read_number(Reader& r, const YAML::Node& n, const std::string& what) {
  NumberExpect e;
  e.pos = r.pos(n);
  if (n.IsMap() && r.is_map(n, what)) {
    r.only_keys(n, {"equals", "min", "max"}, what);
    if (n["equals"]) e.equals = r.scalar(n["equals"], what + " equals");
    if (n["min"]) e.min = r.scalar(n["min"], what + " min");
    if (n["max"]) e.max = r.scalar(n["max"], what + " max");
    if (!e.equals && !e.min && !e.max) r.error(n, what + " needs equals, min or max");
    if (e.equals && (e.min || e.max)) r.error(n, what + ": equals excludes min/max");
  } else if (auto s = r.scalar(n, what)) {
    e.equals = *s;
  } else {
    return std::nullopt;
  }
  return e;
}

void read_expect(Reader& r, const YAML::Node& n, CaseDef& c) {
  if (!r.is_map(n, "expect")) return;
  r.only_keys(n, key_set<ExpectKey>(), "expect");
  static const std::regex errno_re(std::string(vocabulary::kListenOk) + "|E[A-Z0-9]+");
  for (const ExpectKey k : {ExpectKey::listen, ExpectKey::relisten}) {
    const std::string key = vocabulary::to_string(k);
    if (!n[key]) continue;
    auto s = r.scalar(n[key], "expect " + key);
    if (s && !matches(*s, errno_re))
      r.error(n[key], "expect " + key + " must be '" + std::string(vocabulary::kListenOk) + "' or an errno name such as EINVAL");
    (k == ExpectKey::listen ? c.expect.listen : c.expect.relisten) = s;
  }
  for (const auto& kv : n) {
    const std::string key = r.key(kv.first);
    if (const auto number = vocabulary::from_string<ExpectedNumber>(key)) {
      if (auto e = read_number(r, kv.second, "expect " + key)) c.expect.numbers.emplace_back(*number, *e);
    }
  }
  const auto node = [&](ExpectKey key) { return n[vocabulary::to_string(key)]; };
  if (const YAML::Node o = node(ExpectKey::outcomes)) {
    if (r.is_map(o, "expect outcomes")) {
      for (const auto& kv : o) {
        const std::string name = r.key(kv.first);
        const auto outcome = vocabulary::from_string<Outcome>(name);
        if (!outcome) {
          r.error(kv.first, "unknown outcome '" + excerpt(name) + "' (" + vocabulary::one_of<Outcome>() + ")");
          continue;
        }
        if (auto e = read_number(r, kv.second, "outcome " + excerpt(name))) c.expect.outcomes.emplace_back(*outcome, *e);
      }
    }
  }
  if (const YAML::Node o = node(ExpectKey::overflow)) {
    c.expect.overflow_pos = r.pos(o);
    if (auto s = r.scalar(o, "expect overflow")) {
      c.expect.overflow = vocabulary::from_string<Outcome>(*s);
      if (!c.expect.overflow) r.error(o, "unknown outcome '" + excerpt(*s) + "'");
    }
    bool has_accepted = false;
    for (const auto& [k, v] : c.expect.numbers) has_accepted = has_accepted || (k == ExpectedNumber::accepted && v.equals);
    if (!has_accepted) r.error(o, "expect overflow needs an exact 'accepted' (the attempts before it are the accepted ones)");
  }
  if (const YAML::Node o = node(ExpectKey::counters)) {
    if (r.is_map(o, "expect counters")) {
      static const std::regex counter_re(R"([A-Za-z0-9]+\.[A-Za-z0-9_]+)");
      for (const auto& kv : o) {
        const std::string name = r.key(kv.first);
        if (!matches(name, counter_re)) r.error(kv.first, "counter '" + excerpt(name) + "' must be Group.Name, e.g. TcpExt.ListenOverflows");
        if (auto e = read_number(r, kv.second, "counter " + excerpt(name))) c.expect.counters.emplace_back(name, *e);
      }
    }
  }
  if (const YAML::Node o = node(ExpectKey::members)) {
    // One formula per number, judged for every member of the group with `member` bound to its
    // index (member 0 listened first).
    if (r.is_map(o, "expect members")) {
      r.only_keys(o, key_set<vocabulary::MemberNumber>(), "expect members");
      for (const auto& kv : o) {
        const std::string name = r.key(kv.first);
        const auto number = vocabulary::from_string<vocabulary::MemberNumber>(name);
        if (!number) continue;  // reported by only_keys
        if (auto e = read_number(r, kv.second, "expect members " + name)) c.expect.members.emplace_back(*number, *e);
      }
    }
  }
  if (const YAML::Node o = node(ExpectKey::sysctls)) {
    if (r.is_map(o, "expect sysctls")) {
      for (const auto& kv : o) {
        // Only read (compared with the value in force), so not subject to the allowlist.
        const std::string key = r.key(kv.first);
        if (kv.first.IsScalar() && !plausible_sysctl_name(key))
          r.error(kv.first, "sysctl '" + excerpt(key) + "' is not a sysctl name (dot-separated letters, digits and _)");
        if (auto s = r.scalar(kv.second, "expect sysctl")) c.expect.sysctls.emplace_back(key, *s);
      }
    }
  }
}

// `kernel:` (or `runtime:`) of a mapping: a version range (">= 4.10 || >= 4.4.177, < 4.5"),
// checked here.
std::optional<std::string> version_range(Reader& r, const YAML::Node& map, const std::string& where, bool required,
                                         const char* key = "kernel") {
  auto text = r.string(map, key, where, required);
  if (!text) return text;
  try {
    VersionRange range(*text);
    (void)range;
  } catch (const std::invalid_argument& e) {
    r.error(map[key], e.what());
  }
  return text;
}

// A list of source ids, each of which must be under `sources:`.
std::vector<std::string> read_cites(Reader& r, const YAML::Node& cite, const ExpectationFile& file) {
  std::vector<std::string> out;
  for (const auto& s : axis_values(r, cite, "cite")) {
    out.push_back(s);
    if (!file.sources.count(s)) r.error(cite, "cites unknown source '" + excerpt(s) + "' (add it under sources:)");
  }
  return out;
}

// What is done and observed: id, summary, tags, requires, setup, flood. `platform` is "" for
// the shared catalogue (its setup sysctls are checked against each answering OS's allowlist).
void read_question_parts(Reader& r, const YAML::Node& n, CaseDef& c, const std::string& platform) {
  static const std::regex id_re(R"([a-z0-9][a-z0-9_./-]*)");
  if (auto id = r.string(n, "id", "case", true)) {
    c.id = *id;
    if (!matches(c.id, id_re))
      r.error(n["id"], "case id '" + excerpt(c.id) + "' must be lower-case letters, digits and _ . / - (at most " +
                           std::to_string(kMaxNameChars) + ")");
  }
  const std::string where = c.id.empty() ? "case" : "case " + excerpt(c.id);
  if (auto s = r.string(n, "summary", where, true)) c.summary = c.question_summary = *s;
  if (const YAML::Node tags = n["tags"]) c.tags = axis_values(r, tags, "tags");
  if (const YAML::Node req = n["requires"]) {
    if (auto s = r.scalar(req, "requires"); s && *s != "isolation") r.error(req, "requires must be 'isolation'");
    c.requires_isolation = true;
  }
  if (const YAML::Node setup = n["setup"]) read_setup(r, setup, c, platform);
  for (Axis& a : c.axes) a.in_id = a.values.size() >= 2;
  if (const YAML::Node flood = n["flood"]; flood && r.is_map(flood, "flood")) {
    r.only_keys(flood, {"connections"}, "flood");
    c.connections = r.string(flood, "connections", "flood", true);
    if (flood["connections"]) c.connections_pos = r.pos(flood["connections"]);
  }
}

// One OS's answer: kind, cite, when, let, expect.
void read_answer_parts(Reader& r, const YAML::Node& n, CaseDef& c, const ExpectationFile& file, const std::string& where) {
  if (auto k = r.string(n, "kind", where, false)) {
    if (const auto kind = vocabulary::from_string<ClaimKind>(*k)) c.kind = *kind;
    else r.error(n["kind"], "kind must be " + vocabulary::one_of<ClaimKind>());
  }
  if (const YAML::Node cite = n["cite"]) {
    c.cite = read_cites(r, cite, file);
  } else {
    r.error(n, where + " has no 'cite': every claim cites a source");
  }
  if (const YAML::Node when = n["when"]; when && r.is_map(when, "when")) {
    r.only_keys(when, {"kernel", "runtime", "reason"}, "when");
    c.when_kernel = version_range(r, when, "when", false);
    c.when_runtime = version_range(r, when, "when", false, "runtime");
    if (auto reason = r.string(when, "reason", "when", false)) c.when_reason = *reason;
  }
  if (const YAML::Node let = n["let"]; let && r.is_map(let, "let")) {
    if (let.size() > kMaxLets) r.error(let, "a case has at most " + std::to_string(kMaxLets) + " lets, not " + std::to_string(let.size()));
    for (const auto& kv : let) {
      if (auto s = r.scalar(kv.second, "let " + excerpt(r.key(kv.first)))) c.let.emplace_back(r.key(kv.first), *s);
    }
  }
  if (const YAML::Node expect = n["expect"]) {
    read_expect(r, expect, c);
  } else {
    r.error(n, where + " has no 'expect'");
  }
}

// A case of a self-contained file: a question and its answer in one place.
CaseDef read_case(Reader& r, const YAML::Node& n, const ExpectationFile& file) {
  CaseDef c;
  c.pos = r.pos(n);
  if (!r.is_map(n, "a case")) return c;
  r.only_keys(n, {"id", "summary", "kind", "cite", "tags", "requires", "when", "setup", "let", "flood", "expect"}, "case");
  read_question_parts(r, n, c, file.platform);
  read_answer_parts(r, n, c, file, c.id.empty() ? "case" : "case " + excerpt(c.id));
  return c;
}

// A question of the catalogue, with the expect keys it observes.
struct Question {
  CaseDef def;
  std::set<std::string> observes;
};

Question read_question(Reader& r, const YAML::Node& n) {
  Question q;
  q.def.pos = r.pos(n);
  if (!r.is_map(n, "a question")) return q;
  r.only_keys(n, {"id", "summary", "tags", "requires", "setup", "flood", "observes"}, "question");
  read_question_parts(r, n, q.def, "");
  if (const YAML::Node o = n["observes"]) {
    const auto keys = key_set<ExpectKey>();
    for (const auto& k : axis_values(r, o, "observes")) {
      if (!keys.count(k)) r.error(o, "observes: '" + excerpt(k) + "' is not an expect key (" + vocabulary::one_of<ExpectKey>() + ")");
      q.observes.insert(k);
    }
  } else {
    r.error(n, "question " + excerpt(q.def.id) + " has no 'observes' (the expect keys its answers may use)");
  }
  return q;
}

// An answer's `setup:` narrows the question's matrix: each key an axis of the question, each
// value one of the question's.
void narrow_setup(Reader& r, const YAML::Node& setup, CaseDef& c, const std::string& platform) {
  CaseDef narrowed;
  read_setup(r, setup, narrowed, platform);
  for (Axis& a : narrowed.axes) {
    auto it = std::find_if(c.axes.begin(), c.axes.end(), [&](const Axis& q) { return q.name == a.name; });
    if (it == c.axes.end()) {
      r.error(a.pos, "setup " + a.name + " is not an axis of question " + excerpt(c.id) + " (an answer only narrows the question's matrix)");
      continue;
    }
    for (const auto& v : a.values) {
      if (std::find(it->values.begin(), it->values.end(), v) == it->values.end())
        r.error(a.pos, "setup " + a.name + ": " + excerpt(v) + " is not among question " + excerpt(c.id) + "'s values");
    }
    it->values = a.values;
    it->pos = a.pos;
  }
}

// One OS's answer to a question of the catalogue: the question's CaseDef with the answer's
// claims, or not_applicable with a reason.
CaseDef read_answer(Reader& r, const YAML::Node& n, const ExpectationFile& file, const std::map<std::string, Question>& questions) {
  CaseDef c;
  c.pos = r.pos(n);
  if (!r.is_map(n, "an answer")) return c;
  r.only_keys(n, {"question", "summary", "kind", "cite", "when", "setup", "let", "expect", "not_applicable"}, "answer");
  const auto id = r.string(n, "question", "answer", true);
  if (!id) return c;
  const auto q = questions.find(*id);
  if (q == questions.end()) {
    r.error(n["question"], "no question '" + excerpt(*id) + "' in the catalogue " + file.catalogue);
    return c;
  }
  c = q->second.def;
  c.pos = r.pos(n);
  const std::string where = "answer to " + excerpt(c.id);
  for (const Axis& a : c.axes) {
    if (const auto key = vocabulary::axis_sysctl(a.name); key && !n["not_applicable"] && kPlatforms.count(file.platform)) {
      if (const auto refusal = lc::vocabulary::sysctl_refusal(file.platform, std::string(*key)))
        r.error(n, where + ": the question sets a sysctl this OS cannot: " + *refusal + " (answer not_applicable instead)");
    }
  }
  if (auto s = r.string(n, "summary", where, true)) c.summary = *s;  // what this OS claims, in one sentence
  if (const YAML::Node na = n["not_applicable"]) {
    for (const char* k : {"kind", "when", "setup", "let", "expect", "cite"})
      if (n[k]) r.error(n[k], where + ": a not_applicable answer has only question, summary and not_applicable");
    if (r.is_map(na, "not_applicable")) {
      r.only_keys(na, {"reason", "cite"}, "not_applicable");
      NotApplicable why;
      if (auto s = r.string(na, "reason", "not_applicable", true)) why.reason = *s;
      if (na["cite"]) why.cite = read_cites(r, na["cite"], file);
      else r.error(na, "not_applicable needs 'cite': say where the OS lacks it");
      c.cite = why.cite;
      c.not_applicable = why;
    }
    c.connections.reset();
    return c;
  }
  if (const YAML::Node setup = n["setup"]) narrow_setup(r, setup, c, file.platform);
  read_answer_parts(r, n, c, file, where);
  const std::set<std::string>& observes = q->second.observes;
  if (const YAML::Node expect = n["expect"]; expect && expect.IsMap()) {
    for (const auto& kv : expect) {
      if (kv.first.IsScalar() && !observes.count(kv.first.Scalar()))
        r.error(kv.first, where + ": the question does not observe '" + excerpt(kv.first.Scalar()) + "' (observes: add it to the question)");
    }
  }
  return c;
}

// Every formula of a case must parse and use only names it can know.
void check_case_formulas(Reader& r, const CaseDef& c, const ExpectationFile& file) {
  std::set<std::string> names = key_set<vocabulary::SetupVariable>();
  for (const auto& f : file.facts) names.insert(f.name);
  auto check = [&](const std::string& formula, const SourcePos& p, const std::set<std::string>& allowed) {
    try {
      check_formula(formula, allowed);
    } catch (const FormulaError& e) {
      r.error(p, e.what());
    }
  };
  for (const auto& [name, formula] : c.let) {
    if (names.count(name)) r.error(c.pos, "let '" + excerpt(name) + "' shadows a fact or setup name");
    check(formula, c.pos, names);
    names.insert(name);
  }
  if (c.connections) {
    std::set<std::string> pre = names;
    pre.erase(vocabulary::to_string(vocabulary::SetupVariable::connections));
    check(*c.connections, c.connections_pos, pre);
  }
  auto check_number = [&](const NumberExpect& e) {
    for (const auto* f : {&e.equals, &e.min, &e.max}) {
      if (*f) check(**f, e.pos, names);
    }
  };
  for (const auto& [k, e] : c.expect.numbers) check_number(e);
  for (const auto& [k, e] : c.expect.outcomes) check_number(e);
  for (const auto& [k, e] : c.expect.counters) check_number(e);
  for (const auto& [k, e] : c.expect.members) check_number(e);
  if (!c.connections) {
    const bool flood_only = !c.expect.outcomes.empty() || c.expect.overflow || !c.expect.counters.empty() || !c.expect.members.empty();
    bool counts = false;
    for (const auto& [k, e] : c.expect.numbers) counts = counts || k == ExpectedNumber::accepted || k == ExpectedNumber::accepted_later;
    if (flood_only || counts) r.error(c.pos, "case " + excerpt(c.id) + " expects flood results but has no flood.connections");
  }
}

std::string at_mark(const std::string& path, const YAML::Mark& m);
void scan_events(const std::string& text, const std::string& path, ProblemList& problems);

// The catalogue's questions by id. Its problems are reported at their own file:line:col.
std::map<std::string, Question> read_catalogue(Reader& answers_reader, const YAML::Node& at, const std::string& path) {
  std::map<std::string, Question> out;
  std::string text;
  try {
    text = lc::vocabulary::read_bounded_file(path, lc::vocabulary::kMaxInputBytes);
  } catch (const lc::vocabulary::InputError& e) {
    answers_reader.error(at, std::string("cannot read the catalogue: ") + e.what());
    return out;
  }
  ProblemList events(path);
  scan_events(text, path, events);
  for (const auto& p : events.list()) answers_reader.add_problem(p);
  if (!events.empty()) return out;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    answers_reader.add_problem(at_mark(path, e.mark) + excerpt(e.msg));
    return out;
  }
  Reader r(path);
  if (!root.IsMap() || !r.is_map(root, "the top level")) {
    r.error(root, "the top level of a catalogue must be a mapping (schema, questions)");
  } else {
    r.only_keys(root, {"schema", "title", "questions"}, "the top level of a catalogue");
    static constexpr IntegerRange kSchemaNumber{0, INT_MAX, "a format version"};
    if (!root["schema"]) r.error(root, "missing 'schema' (the format version, 1)");
    else if (auto v = r.integer(root["schema"], "schema", kSchemaNumber); v && *v != 1) r.error(root["schema"], "unsupported schema " + std::to_string(*v) + " (this tool reads 1)");
    const YAML::Node qs = root["questions"];
    if (!qs || !qs.IsSequence() || qs.size() == 0) {
      r.error(root, "a catalogue has a non-empty list 'questions'");
    } else {
      for (const auto& n : qs) {
        Question q = read_question(r, n);
        if (q.def.id.empty()) continue;
        if (auto it = out.find(q.def.id); it != out.end()) r.error(q.def.pos, "duplicate question id '" + excerpt(q.def.id) + "' (first at " + it->second.def.pos.str() + ")");
        else out.emplace(q.def.id, std::move(q));
      }
    }
  }
  for (const auto& p : r.problems()) answers_reader.add_problem(p);
  if (!r.ok()) out.clear();  // answers to a broken catalogue would only repeat its problems
  return out;
}

// `catalogue: questions.yaml` names a file beside the answers: a plain file name, never a path.
void read_answers(Reader& r, const YAML::Node& root, const YAML::Node& answers, ExpectationFile& file) {
  const YAML::Node cat = root["catalogue"];
  if (!cat) {
    r.error(root, "a file of answers names its 'catalogue' (questions.yaml)");
    return;
  }
  static const std::regex name_re(R"([A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.yaml)");
  const auto name = r.scalar(cat, "catalogue");
  if (!name) return;
  if (!matches(*name, name_re)) {
    r.error(cat, "catalogue '" + excerpt(*name) + "' must be a file name beside this file (letters, digits, _ - ., ending .yaml)");
    return;
  }
  file.catalogue = *name;
  const auto path = (std::filesystem::path(r.path()).parent_path() / *name).string();
  const auto questions = read_catalogue(r, cat, path);
  if (questions.empty()) return;
  if (!answers.IsSequence() || answers.size() == 0) {
    r.error(answers, "'answers' must be a non-empty list");
    return;
  }
  std::map<std::string, SourcePos> seen;
  for (const auto& n : answers) {
    CaseDef c = read_answer(r, n, file, questions);
    if (c.id.empty()) continue;
    if (auto it = seen.find(c.id); it != seen.end()) {
      r.error(c.pos, "a second answer to '" + excerpt(c.id) + "' (first at " + it->second.str() + ")");
      continue;
    }
    seen[c.id] = c.pos;
    if (!c.not_applicable) check_case_formulas(r, c, file);
    file.cases.push_back(std::move(c));
  }
}

void read_explain(Reader& r, const YAML::Node& e, ExpectationFile& file) {
  if (!r.is_map(e, "explain")) return;
  r.only_keys(e, {"capacity", "overflow", "clamp", "cite", "answers"}, "explain");
  ExplainDef x;
  x.pos = r.pos(e);
  if (auto s = r.string(e, "capacity", "explain", true)) {
    x.capacity = *s;
    std::set<std::string> names = key_set<vocabulary::SetupVariable>();
    for (const auto& f : file.facts) names.insert(f.name);
    try {
      check_formula(x.capacity, names);
    } catch (const FormulaError& err) {
      r.error(e["capacity"], err.what());
    }
  }
  if (auto s = r.string(e, "overflow", "explain", true)) {
    if (auto o = vocabulary::from_string<Outcome>(*s)) x.overflow = *o;
    else r.error(e["overflow"], "unknown outcome '" + excerpt(*s) + "'");
  }
  if (auto s = r.string(e, "clamp", "explain", true)) x.clamp = *s;
  if (e["cite"]) x.cite = read_cites(r, e["cite"], file);
  else r.error(e, "explain has no 'cite'");
  if (e["answers"]) {
    for (const auto& id : axis_values(r, e["answers"], "explain answers")) {
      const bool answered = std::any_of(file.cases.begin(), file.cases.end(), [&](const CaseDef& c) { return c.id == id && !c.not_applicable; });
      if (!answered) r.error(e["answers"], "explain answers: '" + excerpt(id) + "' is not answered in this file");
      x.answers.push_back(id);
    }
  }
  file.explain = x;
}

// The top level and everything under it; problems are collected in `r`.
ExpectationFile read_file(Reader& r, const YAML::Node& root) {
  ExpectationFile file;
  file.path = r.path();
  if (!root.IsMap() || !r.is_map(root, "the top level")) {
    r.error(root, "the top level must be a mapping (schema, platform, sources, cases)");
    return file;
  }
  r.only_keys(root, {"schema", "platform", "title", "catalogue", "sources", "facts", "cases", "answers", "explain"}, "the top level");
  static constexpr IntegerRange kSchemaNumber{0, INT_MAX, "a format version"};
  if (!root["schema"]) r.error(root, "missing 'schema' (the format version, 1)");
  else if (auto v = r.integer(root["schema"], "schema", kSchemaNumber); v && *v != 1) r.error(root["schema"], "unsupported schema " + std::to_string(*v) + " (this tool reads 1)");
  if (auto p = r.string(root, "platform", "the top level", true)) {
    file.platform = *p;
    if (!kPlatforms.count(*p)) r.error(root["platform"], "platform must be " + vocabulary::one_of<vocabulary::Os>());
  }
  if (auto t = r.string(root, "title", "the top level", false)) file.title = *t;

  if (const YAML::Node sources = root["sources"]; sources && r.is_map(sources, "sources")) {
    for (const auto& kv : sources) {
      Source s;
      s.id = r.key(kv.first);
      const std::string where = "source " + excerpt(s.id);
      const YAML::Node& v = kv.second;
      if (v.IsScalar()) {
        s.title = v.Scalar();
      } else if (r.is_map(v, where)) {
        r.only_keys(v, {"title", "url", "quote", "evidence"}, where);
        if (auto t = r.string(v, "title", where, true)) s.title = *t;
        if (auto u = r.string(v, "url", where, false)) s.url = *u;
        if (auto q = r.string(v, "quote", where, false)) s.quote = *q;
        if (auto e = r.string(v, "evidence", where, true)) {
          s.evidence = *e;
          if (!vocabulary::from_string<vocabulary::SourceEvidence>(*e))
            r.error(v["evidence"], where + ": evidence must be " + vocabulary::one_of<vocabulary::SourceEvidence>());
        }
      }
      if (v.IsScalar() && root["answers"]) r.error(v, where + ": a source of an answer file is a mapping with title and evidence");
      file.sources[s.id] = s;
    }
  } else if (!root["sources"]) {
    r.error(root, "missing 'sources': every claim cites one");
  }

  if (const YAML::Node facts = root["facts"]; facts && r.is_map(facts, "facts")) {
    if (facts.size() > kMaxFacts) r.error(facts, "a file has at most " + std::to_string(kMaxFacts) + " facts, not " + std::to_string(facts.size()));
    static const std::regex name_re("[a-z_][a-z0-9_]*");
    for (const auto& kv : facts) {
      FactDef f;
      f.name = r.key(kv.first);
      f.pos = r.pos(kv.first);
      const std::string shown = excerpt(f.name);
      if (!matches(f.name, name_re)) r.error(kv.first, "fact name '" + shown + "' must be a lower-case identifier");
      if (vocabulary::from_string<vocabulary::SetupVariable>(f.name))
        r.error(kv.first, "fact '" + shown + "' is a reserved setup name");
      const YAML::Node& v = kv.second;
      if (r.is_map(v, "fact " + shown)) {
        r.only_keys(v, {"sysctl", "value", "default", "default_if", "cite"}, "fact " + shown);
        if (auto s = r.string(v, "sysctl", "fact", false)) {
          // Only read, never written, so not subject to the allowlist; but a name, not a path.
          f.sysctl = *s;
          if (!plausible_sysctl_name(f.sysctl))
            r.error(v["sysctl"], "fact " + shown + ": '" + excerpt(f.sysctl) + "' is not a sysctl name (dot-separated letters, digits and _)");
        }
        if (v["value"]) {
          if (auto text = r.scalar(v["value"], "fact value")) {
            const auto value = checked_real(*text, kMaxExactInteger);
            if (value.value) f.value = value.value;
            else r.error(v["value"], "fact " + shown + " value: " + value.problem);
          }
        }
        if (!v["value"] == !v["sysctl"])
          r.error(v, "fact " + shown + " needs exactly one of sysctl or value");
        if (v["default"]) {
          if (!v["sysctl"]) r.error(v["default"], "fact " + shown + ": only a sysctl fact has a default");
          if (auto text = r.scalar(v["default"], "fact default")) {
            const auto value = checked_real(*text, kMaxExactInteger);
            if (value.value) f.default_value = value.value;
            else r.error(v["default"], "fact " + shown + " default: " + value.problem);
          }
          if (v["cite"]) f.cite = read_cites(r, v["cite"], file);
          else r.error(v, "fact " + shown + ": a default cites where it is stated");
          if (const YAML::Node d = v["default_if"]; d && r.is_map(d, "default_if")) {
            r.only_keys(d, {"kernel", "value"}, "default_if");
            f.default_if_kernel = version_range(r, d, "default_if", true);
            if (!d["value"]) {
              r.error(d, "default_if needs 'value'");
            } else if (auto text = r.scalar(d["value"], "default_if value")) {
              const auto value = checked_real(*text, kMaxExactInteger);
              if (value.value) f.default_if_value = value.value;
              else r.error(d["value"], "fact " + shown + " default_if value: " + value.problem);
            }
          }
        } else if (v["cite"]) {
          f.cite = read_cites(r, v["cite"], file);
        }
      }
      file.facts.push_back(f);
    }
  }

  if (root["cases"] && root["answers"]) r.error(root["answers"], "a file has either cases (self-contained) or answers (to a catalogue), not both");
  if (const YAML::Node answers = root["answers"]) {
    read_answers(r, root, answers, file);
  } else if (const YAML::Node cases = root["cases"]) {
    if (!cases.IsSequence()) {
      r.error(cases, "'cases' must be a list");
    } else if (cases.size() == 0) {
      r.error(cases, "no cases: an expectation file states at least one claim");
    } else {
      std::map<std::string, SourcePos> seen;
      for (const auto& n : cases) {
        CaseDef c = read_case(r, n, file);
        if (!c.id.empty()) {
          if (auto it = seen.find(c.id); it != seen.end()) {
            r.error(c.pos, "duplicate case id '" + excerpt(c.id) + "' (first at " + it->second.str() + ")");
          } else {
            seen[c.id] = c.pos;
          }
        }
        check_case_formulas(r, c, file);
        file.cases.push_back(std::move(c));
      }
    }
  } else {
    r.error(root, "missing 'cases' (or 'answers' to a catalogue)");
  }
  if (root["catalogue"] && !root["answers"]) r.error(root["catalogue"], "a catalogue is only named by a file of answers");
  if (const YAML::Node e = root["explain"]) read_explain(r, e, file);
  return file;
}

std::string at_mark(const std::string& path, const YAML::Mark& m) {
  return path + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": ";
}

// Reads the file as yaml-cpp's parser events, before any node is built, for what the node API
// hides:
// - aliases (`*name`): an alias lets a few bytes stand for a large node as often as it is
//   written (a 2.4 MB file citing a 5000-source alias in 40000 cases took `validate` 84 s and
//   6.6 GB). An expectation file says each thing once, so an alias is an error at its position.
// - a second document, which YAML::Load drops silently.
class EventScan : public YAML::EventHandler {
 public:
  EventScan(ProblemList& problems, std::string path) : problems_(problems), path_(std::move(path)) {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    problems_.add(at_mark(path_, mark) + "a YAML alias ('*'): an expectation file writes each value out, once");
  }
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;  // where each document begins

 private:
  ProblemList& problems_;
  std::string path_;
};

// Problems the events show: aliases in the first document, and a second document.
void scan_events(const std::string& text, const std::string& path, ProblemList& problems) {
  EventScan scan(problems, path);
  std::istringstream in(text);
  YAML::Parser parser(in);
  // Two documents at most: the second is already an error. (Looping until HandleNextDocument()
  // says false, as YAML::LoadAll does, never ends on some malformed input with yaml-cpp 0.7: it
  // keeps returning an empty document at the same place.)
  for (int n = 0; n < 2 && parser.HandleNextDocument(scan); ++n) {
  }
  if (scan.starts.size() == 2 && scan.starts[1].pos != scan.starts[0].pos)
    problems.add(at_mark(path, scan.starts[1]) + "a second YAML document ('---'): an expectation file is one document");
}
}  // namespace

LoadError::LoadError(std::vector<std::string> p) : std::runtime_error(join_lines(p)), problems(std::move(p)) {}

void ProblemList::add(std::string problem) {
  if (kept_.size() < kMaxShown) kept_.push_back(std::move(problem));
  else ++not_shown_;
}

std::vector<std::string> ProblemList::list() const {
  std::vector<std::string> out = kept_;
  if (not_shown_ > 0) out.push_back(path_ + ":0:0: " + std::to_string(not_shown_) + " more problems not shown");
  return out;
}

ExpectationFile parse_expectations(const std::string& text, const std::string& path) {
  ProblemList events(path);
  YAML::Node root;
  try {
    scan_events(text, path, events);
    if (!events.empty()) throw LoadError(events.list());
    root = YAML::Load(text);
  } catch (const LoadError&) {
    throw;
  } catch (const YAML::Exception& e) {
    throw LoadError({at_mark(path, e.mark) + excerpt(e.msg)});
  } catch (const std::exception& e) {
    throw LoadError({path + ":0:0: cannot parse the file: " + excerpt(e.what())});
  }
  if (!root || root.IsNull()) throw LoadError({path + ":1:1: empty expectation file"});
  Reader r(path);
  ExpectationFile file;
  try {
    file = read_file(r, root);
  } catch (const LoadError&) {
    throw;
  } catch (const YAML::Exception& e) {
    // Anything the checks above did not anticipate still ends as bad input with a position.
    // yaml-cpp's messages can quote a key ("invalid node; first invalid key: ...").
    throw LoadError({(e.mark.is_null() ? r.last_pos().str() + ": " : at_mark(path, e.mark)) + excerpt(e.msg)});
  } catch (const std::exception& e) {
    throw LoadError({r.last_pos().str() + ": cannot read the file here: " + excerpt(e.what())});
  }
  if (!r.ok()) throw LoadError(r.problems());
  return file;
}

std::size_t check_catalogue(const std::string& path) {
  Reader r(path);
  std::size_t n = 0;
  try {
    n = read_catalogue(r, YAML::Node(), path).size();
  } catch (const std::exception& e) {
    throw LoadError({path + ":0:0: cannot read the catalogue: " + excerpt(e.what())});
  }
  if (!r.ok()) throw LoadError(r.problems());
  return n;
}

bool is_catalogue(const std::string& path) {
  try {
    const YAML::Node root = YAML::Load(lc::vocabulary::read_bounded_file(path, lc::vocabulary::kMaxInputBytes));
    return root.IsMap() && root["questions"] && !root["platform"];
  } catch (const std::exception&) {
    return false;  // not readable as a catalogue: read as an expectation file, which reports why
  }
}

ExpectationFile load_expectations(const std::string& path) {
  // An expectation file is a few hundred lines. The bounded reader counts what it reads, so
  // /dev/zero or a FIFO cannot exhaust memory, and a directory is an error of its own.
  constexpr std::size_t kMaxBytes = lc::vocabulary::kMaxInputBytes;
  std::string text;
  try {
    text = lc::vocabulary::read_bounded_file(path, kMaxBytes);
  } catch (const lc::vocabulary::InputError& e) {
    // The reader's message starts with the path; here the position comes first.
    std::string why = e.what();
    if (why.rfind(path + ": ", 0) == 0) why.erase(0, path.size() + 2);
    throw LoadError({path + ":0:0: " + why});
  }
  return parse_expectations(text, path);
}

}  // namespace lc::expect
