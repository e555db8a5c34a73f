// yaml-cpp based loader. Strict: unknown keys, wrong types, bad formulas, unknown citations and
// duplicate ids are errors with the position of the offending node.
#include "loader.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "formula.hpp"
#include "kernel_version.hpp"

namespace lc::expect {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

const std::set<std::string> kPlatforms = {"linux", "freebsd", "macos", "windows"};
const std::set<std::string> kNumberKeys = {"effective_backlog", "effective_backlog_initial", "queue_length",
                                           "accepted", "accepted_later"};

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  SourcePos pos(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return SourcePos{path_, m.line + 1, m.column + 1};
  }
  void error(const YAML::Node& n, const std::string& msg) { problems_.push_back(pos(n).str() + ": " + msg); }
  void error(const SourcePos& p, const std::string& msg) { problems_.push_back(p.str() + ": " + msg); }
  const std::vector<std::string>& problems() const { return problems_; }
  const std::string& path() const { return path_; }

  // A mapping key as text; YAML allows lists and maps as keys, this format does not.
  std::string key(const YAML::Node& k) {
    if (k.IsScalar()) return k.Scalar();
    error(k, "a key must be a plain name, not a list or a mapping");
    return "<bad key>";
  }

  bool is_map(const YAML::Node& n, const std::string& what) {
    if (n.IsMap()) return true;
    error(n, what + " must be a mapping");
    return false;
  }

  // Reports keys not in `allowed`.
  void only_keys(const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
    for (const auto& kv : map) {
      const std::string key = this->key(kv.first);
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        error(kv.first, "unknown key '" + key + "' in " + where + " (allowed: " + list + ")");
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

  std::optional<long long> integer(const YAML::Node& n, const std::string& what) {
    auto s = scalar(n, what);
    if (!s) return std::nullopt;
    try {
      return n.as<long long>();
    } catch (const YAML::Exception&) {
      error(n, what + " must be an integer, not '" + *s + "'");
      return std::nullopt;
    }
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
  std::vector<std::string> problems_;
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

// Each value must match; a bad one is reported at its own position.
void check_values(Reader& r, const YAML::Node& n, const Axis& axis, const std::regex& re, const std::string& expected) {
  auto check = [&](const YAML::Node& item) {
    if (item.IsScalar() && !std::regex_match(item.Scalar(), re))
      r.error(item, "setup " + axis.name + ": '" + item.Scalar() + "' is not " + expected);
  };
  if (n.IsSequence()) {
    for (const auto& item : n) check(item);
  } else {
    check(n);
  }
}

void read_setup(Reader& r, const YAML::Node& setup, CaseDef& c) {
  if (!r.is_map(setup, "setup")) return;
  r.only_keys(setup, {"backlog", "family", "target", "defer_accept", "retry_unanswered", "settle_ms", "source_addresses", "relisten", "sysctls"},
              "setup");
  static const std::regex integer(R"(-?\d+)"), non_negative(R"(\d+)");
  static const std::regex families("ipv4|ipv6");
  static const std::regex targets("tcp|bad_fd|not_socket|udp|connected|port_in_use");
  static const std::regex booleans("true|false");
  auto add = [&](const std::string& name, const YAML::Node& n, const std::regex& re, const std::string& expected) {
    Axis a{name, axis_values(r, n, "setup " + name), r.pos(n)};
    check_values(r, n, a, re, expected);
    c.axes.push_back(std::move(a));
  };
  for (const auto& kv : setup) {
    const std::string key = r.key(kv.first);
    const YAML::Node& v = kv.second;
    if (key == "backlog") add("backlog", v, integer, "an integer");
    else if (key == "family") add("family", v, families, "ipv4 or ipv6");
    else if (key == "target") add("target", v, targets, "one of tcp, bad_fd, not_socket, udp, connected, port_in_use");
    else if (key == "defer_accept") add("defer_accept", v, booleans, "true or false");
    else if (key == "retry_unanswered") add("retry_unanswered", v, booleans, "true or false");
    else if (key == "settle_ms") add("settle_ms", v, non_negative, "a non-negative integer");
    else if (key == "source_addresses") add("source_addresses", v, non_negative, "a positive integer");
    else if (key == "relisten") {
      if (!r.is_map(v, "setup relisten")) continue;
      r.only_keys(v, {"backlog", "after"}, "setup relisten");
      if (!v["backlog"]) r.error(v, "setup relisten needs 'backlog'");
      else add("relisten.backlog", v["backlog"], integer, "an integer");
      if (v["after"]) add("relisten.after", v["after"], non_negative, "a non-negative integer");
    } else if (key == "sysctls") {
      if (!r.is_map(v, "setup sysctls")) continue;
      for (const auto& s : v) {
        const std::string name = r.key(s.first);
        c.axes.push_back(Axis{"sysctl:" + name, axis_values(r, s.second, "sysctl " + name), r.pos(s.second)});
      }
    }
  }
}

std::optional<NumberExpect> read_number(Reader& r, const YAML::Node& n, const std::string& what) {
  NumberExpect e;
  e.pos = r.pos(n);
  if (n.IsMap()) {
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
  std::set<std::string> allowed = kNumberKeys;
  allowed.insert({"listen", "relisten", "outcomes", "overflow", "counters", "sysctls"});
  r.only_keys(n, allowed, "expect");
  static const std::regex errno_re("ok|E[A-Z0-9]+");
  for (const char* key : {"listen", "relisten"}) {
    if (!n[key]) continue;
    auto s = r.scalar(n[key], std::string("expect ") + key);
    if (s && !std::regex_match(*s, errno_re)) r.error(n[key], std::string("expect ") + key + " must be 'ok' or an errno name such as EINVAL");
    (std::string(key) == "listen" ? c.expect.listen : c.expect.relisten) = s;
  }
  for (const auto& kv : n) {
    const std::string key = r.key(kv.first);
    if (kNumberKeys.count(key)) {
      if (auto e = read_number(r, kv.second, "expect " + key)) c.expect.numbers.emplace_back(key, *e);
    }
  }
  if (const YAML::Node o = n["outcomes"]) {
    if (r.is_map(o, "expect outcomes")) {
      for (const auto& kv : o) {
        const std::string name = r.key(kv.first);
        const auto outcome = outcome_from_string(name);
        if (!outcome) {
          r.error(kv.first, "unknown outcome '" + name + "' (accepted, established_unaccepted, reset, refused, no_answer)");
          continue;
        }
        if (auto e = read_number(r, kv.second, "outcome " + name)) c.expect.outcomes.emplace_back(*outcome, *e);
      }
    }
  }
  if (const YAML::Node o = n["overflow"]) {
    c.expect.overflow_pos = r.pos(o);
    if (auto s = r.scalar(o, "expect overflow")) {
      c.expect.overflow = outcome_from_string(*s);
      if (!c.expect.overflow) r.error(o, "unknown outcome '" + *s + "'");
    }
    bool has_accepted = false;
    for (const auto& [k, v] : c.expect.numbers) has_accepted = has_accepted || (k == "accepted" && v.equals);
    if (!has_accepted) r.error(o, "expect overflow needs an exact 'accepted' (the attempts before it are the accepted ones)");
  }
  if (const YAML::Node o = n["counters"]) {
    if (r.is_map(o, "expect counters")) {
      static const std::regex counter_re(R"([A-Za-z0-9]+\.[A-Za-z0-9_]+)");
      for (const auto& kv : o) {
        const std::string name = r.key(kv.first);
        if (!std::regex_match(name, counter_re)) r.error(kv.first, "counter '" + name + "' must be Group.Name, e.g. TcpExt.ListenOverflows");
        if (auto e = read_number(r, kv.second, "counter " + name)) c.expect.counters.emplace_back(name, *e);
      }
    }
  }
  if (const YAML::Node o = n["sysctls"]) {
    if (r.is_map(o, "expect sysctls")) {
      for (const auto& kv : o) {
        if (auto s = r.scalar(kv.second, "expect sysctl")) c.expect.sysctls.emplace_back(r.key(kv.first), *s);
      }
    }
  }
}

CaseDef read_case(Reader& r, const YAML::Node& n, const ExpectationFile& file) {
  CaseDef c;
  c.pos = r.pos(n);
  if (!r.is_map(n, "a case")) return c;
  r.only_keys(n, {"id", "summary", "kind", "cite", "tags", "when", "setup", "let", "flood", "expect"}, "case");
  static const std::regex id_re(R"([a-z0-9][a-z0-9_./-]*)");
  if (auto id = r.string(n, "id", "case", true)) {
    c.id = *id;
    if (!std::regex_match(c.id, id_re)) r.error(n["id"], "case id '" + c.id + "' must be lower-case letters, digits and _ . / -");
  }
  const std::string where = c.id.empty() ? "case" : "case " + c.id;
  if (auto s = r.string(n, "summary", where, true)) c.summary = *s;
  if (auto k = r.string(n, "kind", where, false)) {
    if (*k == "behaviour") c.kind = ClaimKind::behaviour;
    else if (*k == "documentation") c.kind = ClaimKind::documentation;
    else r.error(n["kind"], "kind must be 'behaviour' or 'documentation'");
  }
  if (const YAML::Node cite = n["cite"]) {
    for (const auto& s : axis_values(r, cite, "cite")) {
      c.cite.push_back(s);
      if (!file.sources.count(s)) r.error(cite, "cites unknown source '" + s + "' (add it under sources:)");
    }
  } else {
    r.error(n, where + " has no 'cite': every claim cites a source");
  }
  if (const YAML::Node tags = n["tags"]) c.tags = axis_values(r, tags, "tags");
  if (const YAML::Node when = n["when"]; when && r.is_map(when, "when")) {
    r.only_keys(when, {"kernel", "reason"}, "when");
    if ((c.when_kernel = r.string(when, "kernel", "when", false))) {
      try {
        VersionRange range(*c.when_kernel);
        (void)range;
      } catch (const std::invalid_argument& e) {
        r.error(when["kernel"], e.what());
      }
    }
    if (auto reason = r.string(when, "reason", "when", false)) c.when_reason = *reason;
  }
  if (const YAML::Node setup = n["setup"]) read_setup(r, setup, c);
  if (const YAML::Node let = n["let"]; let && r.is_map(let, "let")) {
    for (const auto& kv : let) {
      if (auto s = r.scalar(kv.second, "let " + r.key(kv.first))) c.let.emplace_back(r.key(kv.first), *s);
    }
  }
  if (const YAML::Node flood = n["flood"]; flood && r.is_map(flood, "flood")) {
    r.only_keys(flood, {"connections"}, "flood");
    c.connections = r.string(flood, "connections", "flood", true);
    if (flood["connections"]) c.connections_pos = r.pos(flood["connections"]);
  }
  if (const YAML::Node expect = n["expect"]) {
    read_expect(r, expect, c);
  } else {
    r.error(n, where + " has no 'expect'");
  }
  return c;
}

// Every formula of a case must parse and use only names it can know.
void check_case_formulas(Reader& r, const CaseDef& c, const ExpectationFile& file) {
  std::set<std::string> names(kSetupNames.begin(), kSetupNames.end());
  for (const auto& f : file.facts) names.insert(f.name);
  auto check = [&](const std::string& formula, const SourcePos& p, const std::set<std::string>& allowed) {
    try {
      check_formula(formula, allowed);
    } catch (const FormulaError& e) {
      r.error(p, e.what());
    }
  };
  for (const auto& [name, formula] : c.let) {
    if (names.count(name)) r.error(c.pos, "let '" + name + "' shadows a fact or setup name");
    check(formula, c.pos, names);
    names.insert(name);
  }
  if (c.connections) {
    std::set<std::string> pre = names;
    pre.erase("connections");
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
  if (!c.connections) {
    const bool flood_only = !c.expect.outcomes.empty() || c.expect.overflow || !c.expect.counters.empty();
    bool counts = false;
    for (const auto& [k, e] : c.expect.numbers) counts = counts || k == "accepted" || k == "accepted_later";
    if (flood_only || counts) r.error(c.pos, "case " + c.id + " expects flood results but has no flood.connections");
  }
}

}  // namespace

namespace {
ExpectationFile parse_expectations_unchecked(const std::string& text, const std::string& path);
}  // namespace

LoadError::LoadError(std::vector<std::string> p) : std::runtime_error(join_lines(p)), problems(std::move(p)) {}

ExpectationFile parse_expectations(const std::string& text, const std::string& path) {
  try {
    return parse_expectations_unchecked(text, path);
  } catch (const YAML::Exception& e) {
    // Anything the checks above did not anticipate still ends as bad input with a position.
    throw LoadError({path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg});
  }
}

namespace {

ExpectationFile parse_expectations_unchecked(const std::string& text, const std::string& path) {
  Reader r(path);
  ExpectationFile file;
  file.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw LoadError({path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) + ": " + e.msg});
  }
  if (!root || root.IsNull()) throw LoadError({path + ":1:1: empty expectation file"});
  if (!root.IsMap()) throw LoadError({r.pos(root).str() + ": the top level must be a mapping (schema, platform, sources, cases)"});
  r.only_keys(root, {"schema", "platform", "title", "sources", "facts", "cases"}, "the top level");
  if (!root["schema"]) r.error(root, "missing 'schema' (the format version, 1)");
  else if (auto v = r.integer(root["schema"], "schema"); v && *v != 1) r.error(root["schema"], "unsupported schema " + std::to_string(*v) + " (this tool reads 1)");
  if (auto p = r.string(root, "platform", "the top level", true)) {
    file.platform = *p;
    if (!kPlatforms.count(*p)) r.error(root["platform"], "platform must be linux, freebsd, macos or windows");
  }
  if (auto t = r.string(root, "title", "the top level", false)) file.title = *t;

  if (const YAML::Node sources = root["sources"]; sources && r.is_map(sources, "sources")) {
    for (const auto& kv : sources) {
      Source s;
      s.id = r.key(kv.first);
      const YAML::Node& v = kv.second;
      if (v.IsScalar()) {
        s.title = v.Scalar();
      } else if (r.is_map(v, "source " + s.id)) {
        r.only_keys(v, {"title", "url", "quote"}, "source " + s.id);
        if (auto t = r.string(v, "title", "source " + s.id, true)) s.title = *t;
        if (auto u = r.string(v, "url", "source " + s.id, false)) s.url = *u;
        if (auto q = r.string(v, "quote", "source " + s.id, false)) s.quote = *q;
      }
      file.sources[s.id] = s;
    }
  } else if (!root["sources"]) {
    r.error(root, "missing 'sources': every claim cites one");
  }

  if (const YAML::Node facts = root["facts"]; facts && r.is_map(facts, "facts")) {
    static const std::regex name_re("[a-z_][a-z0-9_]*");
    for (const auto& kv : facts) {
      FactDef f;
      f.name = r.key(kv.first);
      f.pos = r.pos(kv.first);
      if (!std::regex_match(f.name, name_re)) r.error(kv.first, "fact name '" + f.name + "' must be a lower-case identifier");
      for (const auto& s : kSetupNames) {
        if (s == f.name) r.error(kv.first, "fact '" + f.name + "' is a reserved setup name");
      }
      const YAML::Node& v = kv.second;
      if (r.is_map(v, "fact " + f.name)) {
        r.only_keys(v, {"sysctl", "value"}, "fact " + f.name);
        if (auto s = r.string(v, "sysctl", "fact", false)) f.sysctl = *s;
        if (v["value"]) {
          try {
            f.value = v["value"].as<double>();
          } catch (const YAML::Exception&) {
            r.error(v["value"], "fact value must be a number");
          }
        }
        if (f.sysctl.empty() == !f.value.has_value()) r.error(v, "fact " + f.name + " needs exactly one of sysctl or value");
      }
      file.facts.push_back(f);
    }
  }

  if (const YAML::Node cases = root["cases"]) {
    if (!cases.IsSequence()) {
      r.error(cases, "'cases' must be a list");
    } else {
      std::map<std::string, SourcePos> seen;
      for (const auto& n : cases) {
        CaseDef c = read_case(r, n, file);
        if (!c.id.empty()) {
          if (auto it = seen.find(c.id); it != seen.end()) {
            r.error(c.pos, "duplicate case id '" + c.id + "' (first at " + it->second.str() + ")");
          } else {
            seen[c.id] = c.pos;
          }
        }
        check_case_formulas(r, c, file);
        file.cases.push_back(std::move(c));
      }
    }
  } else {
    r.error(root, "missing 'cases'");
  }
  if (!r.problems().empty()) throw LoadError(r.problems());
  return file;
}

}  // namespace

ExpectationFile load_expectations(const std::string& path) {
  // An expectation file is a few hundred lines; refuse anything absurd before parsing it.
  constexpr std::uintmax_t kMaxBytes = 4u << 20;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxBytes)
    throw LoadError({path + ":1:1: the file is " + std::to_string(size) + " bytes; expectation files are limited to " +
                     std::to_string(kMaxBytes) + " bytes"});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LoadError({path + ":0:0: cannot open the file"});
  std::stringstream text;
  text << in.rdbuf();
  return parse_expectations(text.str(), path);
}

}  // namespace lc::expect
