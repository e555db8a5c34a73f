// The CI files that cannot run here, checked here: every GitHub Actions workflow parses, has a
// well-formed job/step structure, and every ci/ script it calls exists and is executable; the
// matrix covers Ubuntu, macOS and Windows and includes an unprivileged Linux job; CMakePresets.json
// stays readable by CMake 3.22 and has a configure/build/test preset per OS; vcpkg.json lists
// the Windows ports. The checker is also run on broken inputs to show that it catches them.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace {

namespace fs = std::filesystem;

const fs::path kSource = LC_CI_SOURCE_DIR;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_executable(const fs::path& p) {
#ifdef _WIN32
  return fs::is_regular_file(p);
#else
  return ::access(p.c_str(), X_OK) == 0;
#endif
}

// Every scalar below a node, with the path that leads to it (for messages).
void collect_scalars(const YAML::Node& n, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
  if (n.IsScalar()) {
    out.emplace_back(path, n.Scalar());
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) collect_scalars(n[i], path + "[" + std::to_string(i) + "]", out);
  } else if (n.IsMap()) {
    for (const auto& kv : n) collect_scalars(kv.second, path + "." + kv.first.Scalar(), out);
  }
}

struct WorkflowFacts {
  std::set<std::string> runners;   // runs-on values, matrix.os expanded
  std::set<std::string> scripts;   // ci/... paths called from run steps
  bool unprivileged_linux = false; // a Linux matrix entry with privilege: user
};

// Checks one parsed workflow; returns the problems found (empty: fine) and fills `facts`.
std::vector<std::string> check_workflow(const YAML::Node& wf, const fs::path& repo, WorkflowFacts& facts) {
  std::vector<std::string> problems;
  auto problem = [&](const std::string& s) { problems.push_back(s); };
  if (!wf.IsMap()) return {"the document is not a mapping"};
  if (!wf["on"]) problem("no 'on' (triggers)");
  const YAML::Node jobs = wf["jobs"];
  if (!jobs || !jobs.IsMap() || jobs.size() == 0) {
    problem("no 'jobs' mapping");
    return problems;
  }

  std::set<std::string> job_ids;
  for (const auto& j : jobs) job_ids.insert(j.first.Scalar());

  // A script path in a shell line: ci/x.sh, ./ci/x.sh, bash ci/x.sh, "ci/x.sh".
  const std::regex script_re(R"((?:^|[\s;&|(`"'=])(?:\./)?(ci/[A-Za-z0-9_./-]+))");
  const std::regex expr_re(R"(\$\{\{(.*?)\}\})");
  const std::regex matrix_key_re(R"(matrix\.([A-Za-z0-9_-]+))");

  for (const auto& j : jobs) {
    const std::string id = j.first.Scalar();
    const YAML::Node job = j.second;
    const std::string where = "job '" + id + "'";
    if (!job.IsMap()) {
      problem(where + ": not a mapping");
      continue;
    }
    if (job["uses"]) continue;  // a reusable workflow call
    if (!job["runs-on"]) problem(where + ": no runs-on");

    // needs: existing jobs only
    if (const YAML::Node needs = job["needs"]) {
      std::vector<std::string> names;
      if (needs.IsScalar()) names.push_back(needs.Scalar());
      if (needs.IsSequence())
        for (const auto& n : needs) names.push_back(n.Scalar());
      for (const auto& n : names)
        if (!job_ids.count(n)) problem(where + ": needs unknown job '" + n + "'");
    }

    // The matrix keys that exist, and the runners they name.
    std::set<std::string> matrix_keys;
    std::vector<YAML::Node> entries;
    const YAML::Node strategy = job["strategy"];
    if (const YAML::Node m = strategy && strategy.IsMap() ? strategy["matrix"] : YAML::Node(); m && m.IsMap()) {
      for (const auto& kv : m) {
        const std::string k = kv.first.Scalar();
        if (k == "include" || k == "exclude") {
          if (!kv.second.IsSequence()) {
            problem(where + ": matrix." + k + " is not a list");
            continue;
          }
          for (const auto& e : kv.second) {
            if (!e.IsMap()) {
              problem(where + ": a matrix." + k + " entry is not a mapping");
              continue;
            }
            if (k == "include") entries.push_back(e);
            for (const auto& ekv : e) matrix_keys.insert(ekv.first.Scalar());
          }
        } else {
          matrix_keys.insert(k);
          if (kv.second.IsSequence())
            for (const auto& v : kv.second) {
              YAML::Node e(YAML::NodeType::Map);
              e[k] = static_cast<const YAML::Node&>(v);
              entries.push_back(e);
            }
        }
      }
    }
    const YAML::Node runs_on = job["runs-on"];
    if (runs_on && runs_on.IsScalar()) {
      const std::string r = runs_on.Scalar();
      if (r.find("${{") == std::string::npos) {
        facts.runners.insert(r);
      } else if (std::smatch m; std::regex_search(r, m, matrix_key_re)) {
        for (const auto& e : entries)
          if (e[m[1].str()]) facts.runners.insert(e[m[1].str()].Scalar());
      }
    }
    for (const auto& e : entries) {
      const std::string os = e["os"] ? e["os"].Scalar() : "";
      if (os.rfind("ubuntu", 0) == 0 && e["privilege"] && e["privilege"].Scalar() == "user") facts.unprivileged_linux = true;
    }

    // Every ${{ }} is closed, and every matrix.KEY it reads exists.
    std::vector<std::pair<std::string, std::string>> scalars;
    collect_scalars(job, where, scalars);
    for (const auto& [path, text] : scalars) {
      std::size_t opens = 0, pos = 0;
      while ((pos = text.find("${{", pos)) != std::string::npos) ++opens, pos += 3;
      std::size_t closed = 0;
      for (auto it = std::sregex_iterator(text.begin(), text.end(), expr_re); it != std::sregex_iterator(); ++it) {
        ++closed;
        const std::string expr = (*it)[1].str();
        for (auto mk = std::sregex_iterator(expr.begin(), expr.end(), matrix_key_re); mk != std::sregex_iterator(); ++mk)
          if (!matrix_keys.count((*mk)[1].str())) problem(path + ": matrix." + (*mk)[1].str() + " is not a key of the job's matrix");
      }
      if (opens != closed) problem(path + ": an unclosed ${{ expression");
      // `if:` is an expression without the ${{ }}.
      if (path.size() > 3 && path.compare(path.size() - 3, 3, ".if") == 0 && text.find("${{") == std::string::npos)
        for (auto mk = std::sregex_iterator(text.begin(), text.end(), matrix_key_re); mk != std::sregex_iterator(); ++mk)
          if (!matrix_keys.count((*mk)[1].str())) problem(path + ": matrix." + (*mk)[1].str() + " is not a key of the job's matrix");
    }

    const YAML::Node steps = job["steps"];
    if (!steps || !steps.IsSequence() || steps.size() == 0) {
      problem(where + ": no steps");
      continue;
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const YAML::Node step = steps[i];
      const std::string swhere = where + " step " + std::to_string(i + 1) +
                                 (step.IsMap() && step["name"] ? " ('" + step["name"].Scalar() + "')" : "");
      if (!step.IsMap()) {
        problem(swhere + ": not a mapping");
        continue;
      }
      const bool has_run = static_cast<bool>(step["run"]), has_uses = static_cast<bool>(step["uses"]);
      if (has_run == has_uses) {
        problem(swhere + ": needs exactly one of run and uses");
        continue;
      }
      if (has_uses) {
        const std::string u = step["uses"].Scalar();
        if (u.rfind("./", 0) != 0 && u.rfind("docker://", 0) != 0 && u.find('@') == std::string::npos)
          problem(swhere + ": action '" + u + "' is not pinned to a version (@...)");
        continue;
      }
      const std::string run = step["run"].Scalar();
      for (auto it = std::sregex_iterator(run.begin(), run.end(), script_re); it != std::sregex_iterator(); ++it) {
        const std::string rel = (*it)[1].str();
        facts.scripts.insert(rel);
        const fs::path p = repo / rel;
        if (!fs::is_regular_file(p)) {
          problem(swhere + ": calls " + rel + ", which does not exist");
        } else if (!is_executable(p)) {
          problem(swhere + ": calls " + rel + ", which is not executable");
        } else if (read_text(p).rfind("#!", 0) != 0) {
          problem(swhere + ": calls " + rel + ", which has no #! line");
        }
      }
    }
  }
  return problems;
}

std::vector<fs::path> workflow_files(const fs::path& repo) {
  std::vector<fs::path> files;
  const fs::path dir = repo / ".github" / "workflows";
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n  " + x;
  return s;
}

TEST(Workflows, EveryFileParsesAndCallsExistingExecutableScripts) {
  const auto files = workflow_files(kSource);
  ASSERT_FALSE(files.empty()) << "no workflow in " << (kSource / ".github/workflows");
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    YAML::Node wf;
    ASSERT_NO_THROW(wf = YAML::LoadFile(f.string())) << "not valid YAML";
    WorkflowFacts facts;
    const auto problems = check_workflow(wf, kSource, facts);
    EXPECT_TRUE(problems.empty()) << f.filename() << ":" << joined(problems);
    for (const auto& s : facts.scripts) std::cout << "  " << f.filename().string() << " calls " << s << "\n";
  }
}

TEST(Workflows, MatrixCoversUbuntuMacosWindowsAndAnUnprivilegedLinuxJob) {
  WorkflowFacts all;
  for (const auto& f : workflow_files(kSource)) {
    WorkflowFacts facts;
    check_workflow(YAML::LoadFile(f.string()), kSource, facts);
    all.runners.insert(facts.runners.begin(), facts.runners.end());
    all.scripts.insert(facts.scripts.begin(), facts.scripts.end());
    all.unprivileged_linux = all.unprivileged_linux || facts.unprivileged_linux;
  }
  for (const std::string want : {"ubuntu-22.04", "ubuntu-24.04", "macos-14", "windows-2022"})
    EXPECT_TRUE(all.runners.count(want)) << "no job runs on " << want;
  EXPECT_TRUE(all.unprivileged_linux) << "no Linux matrix entry with privilege: user";
  // The README's two commands are what CI runs.
  EXPECT_TRUE(all.scripts.count("ci/test.sh"));
  EXPECT_TRUE(all.scripts.count("ci/conformance.sh"));
}

// The checker itself: a broken workflow is reported, with each problem named.
TEST(Workflows, CheckerCatchesBrokenWorkflows) {
  const fs::path tmp = fs::temp_directory_path() / ("lc-ci-check-" + std::to_string(std::random_device{}()));
  fs::create_directories(tmp / "ci");
  { std::ofstream(tmp / "ci" / "not-exec.sh") << "#!/bin/sh\n"; }
  const auto wf = YAML::Load(R"(
on: push
jobs:
  a:
    runs-on: ${{ matrix.os }}
    strategy: { matrix: { include: [ { os: ubuntu-24.04 } ] } }
    steps:
      - run: ci/missing.sh && ci/not-exec.sh ${{ matrix.typo }}
        if: matrix.other == 'x'
      - uses: actions/checkout
      - { run: "echo ${{ github.ref", uses: x@v1 }
  b:
    needs: nope
    steps: []
)");
  WorkflowFacts facts;
  const auto problems = check_workflow(wf, tmp, facts);
  const std::string all = joined(problems);
  fs::remove_all(tmp);
  EXPECT_NE(all.find("ci/missing.sh, which does not exist"), std::string::npos) << all;
  EXPECT_NE(all.find("ci/not-exec.sh, which is not executable"), std::string::npos) << all;
  EXPECT_NE(all.find("matrix.typo is not a key"), std::string::npos) << all;
  EXPECT_NE(all.find("matrix.other is not a key"), std::string::npos) << all;
  EXPECT_NE(all.find("an unclosed ${{ expression"), std::string::npos) << all;
  EXPECT_NE(all.find("is not pinned"), std::string::npos) << all;
  EXPECT_NE(all.find("exactly one of run and uses"), std::string::npos) << all;
  EXPECT_NE(all.find("needs unknown job 'nope'"), std::string::npos) << all;
  EXPECT_NE(all.find("job 'b': no runs-on"), std::string::npos) << all;
  EXPECT_NE(all.find("job 'b': no steps"), std::string::npos) << all;
  EXPECT_THROW(YAML::Load("jobs: [unclosed"), YAML::Exception);
}

// ---- CMakePresets.json -------------------------------------------------------------------

nlohmann::json load_json(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

const nlohmann::json* find_preset(const nlohmann::json& list, const std::string& name) {
  for (const auto& p : list)
    if (p.value("name", "") == name) return &p;
  return nullptr;
}

// A configure preset's field, following `inherits` (single or list) as CMake does.
nlohmann::json resolved(const nlohmann::json& list, const nlohmann::json& preset, const std::string& field) {
  if (preset.contains(field)) return preset[field];
  if (preset.contains("inherits")) {
    std::vector<std::string> parents;
    if (preset["inherits"].is_string()) parents.push_back(preset["inherits"]);
    else for (const auto& p : preset["inherits"]) parents.push_back(p);
    for (const auto& name : parents)
      if (const auto* parent = find_preset(list, name))
        if (auto v = resolved(list, *parent, field); !v.is_null()) return v;
  }
  return nullptr;
}

std::string cache_variable(const nlohmann::json& list, const nlohmann::json& preset, const std::string& var) {
  // cacheVariables merge along inherits, the child winning.
  if (preset.contains("cacheVariables") && preset["cacheVariables"].contains(var)) {
    const auto& v = preset["cacheVariables"][var];
    return v.is_string() ? v.get<std::string>() : v.value("value", "");
  }
  if (preset.contains("inherits")) {
    std::vector<std::string> parents;
    if (preset["inherits"].is_string()) parents.push_back(preset["inherits"]);
    else for (const auto& p : preset["inherits"]) parents.push_back(p);
    for (const auto& name : parents)
      if (const auto* parent = find_preset(list, name))
        if (auto v = cache_variable(list, *parent, var); !v.empty()) return v;
  }
  return "";
}

TEST(Presets, ReadableByCMake322WithAPresetPerOs) {
  const auto presets = load_json(kSource / "CMakePresets.json");
  // Version 4 needs CMake 3.23; Ubuntu 22.04 has 3.22, which reads up to version 3.
  EXPECT_LE(presets.at("version").get<int>(), 3);
  const auto& min = presets.at("cmakeMinimumRequired");
  EXPECT_TRUE(min.at("major").get<int>() < 3 || (min.at("major").get<int>() == 3 && min.at("minor").get<int>() <= 22));
  const auto& configure = presets.at("configurePresets");
  for (const std::string os : {"linux", "macos", "windows"}) {
    SCOPED_TRACE(os);
    const auto* c = find_preset(configure, os);
    ASSERT_NE(c, nullptr) << "no configure preset";
    EXPECT_NE(find_preset(presets.at("buildPresets"), os), nullptr) << "no build preset";
    const auto* t = find_preset(presets.at("testPresets"), os);
    ASSERT_NE(t, nullptr) << "no test preset";
    EXPECT_EQ(t->value("configurePreset", ""), os);
    EXPECT_FALSE(resolved(configure, *c, "binaryDir").is_null());
    EXPECT_FALSE(resolved(configure, *c, "condition").is_null()) << "a preset only for its own OS";
  }
  const auto& linux_preset = *find_preset(configure, "linux");
  EXPECT_EQ(resolved(configure, linux_preset, "generator"), "Ninja");
  EXPECT_EQ(cache_variable(configure, linux_preset, "CMAKE_BUILD_TYPE"), "RelWithDebInfo");
  EXPECT_EQ(cache_variable(configure, linux_preset, "LC_WERROR"), "ON");
  // The scripts use build/ (and so do other scripts and the README).
  EXPECT_EQ(resolved(configure, linux_preset, "binaryDir"), "${sourceDir}/build");
  const auto& mac = *find_preset(configure, "macos");
  EXPECT_NE(cache_variable(configure, mac, "CMAKE_PREFIX_PATH").find("$env{HOMEBREW_PREFIX}"), std::string::npos);
  const auto& win = *find_preset(configure, "windows");
  EXPECT_EQ(resolved(configure, win, "toolchainFile"), "$env{VCPKG_ROOT}/scripts/buildsystems/vcpkg.cmake");
  EXPECT_EQ(cache_variable(configure, win, "VCPKG_INSTALLED_DIR"), "${sourceDir}/vcpkg_installed");
  // Every build/test preset names a configure preset that exists; inherits name existing presets.
  for (const char* kind : {"buildPresets", "testPresets"})
    for (const auto& p : presets.at(kind))
      if (!p.value("hidden", false)) {
        EXPECT_NE(find_preset(configure, p.value("configurePreset", "")), nullptr) << p.dump();
      }
}

TEST(Vcpkg, ManifestListsTheWindowsPorts) {
  const auto manifest = load_json(kSource / "vcpkg.json");
  EXPECT_TRUE(std::regex_match(manifest.at("name").get<std::string>(), std::regex("[a-z0-9]+(-[a-z0-9]+)*")));
  std::set<std::string> ports;
  for (const auto& d : manifest.at("dependencies")) ports.insert(d.is_string() ? d.get<std::string>() : d.at("name").get<std::string>());
  for (const char* want : {"gtest", "boost-process", "boost-filesystem", "boost-asio", "boost-dll", "yaml-cpp",
                           "nlohmann-json", "cli11", "muparser", "openssl", "pugixml"})
    EXPECT_TRUE(ports.count(want)) << "vcpkg.json lacks " << want;
}

}  // namespace
