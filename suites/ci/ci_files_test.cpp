// SPDX-License-Identifier: Apache-2.0
// What a linter cannot see in the CI files, checked here. actionlint (ctest `ci.actionlint`)
// checks each workflow's syntax, expressions, runner labels and run: scripts; it cannot know
// that a ci/ script a step calls exists and is executable, that the matrix still covers the four
// OSes with an unprivileged Linux job and the distribution-CMake job, or that CMakePresets.json
// stays readable by Ubuntu 22.04's CMake 3.22 with the preset each OS's scripts ask for (this
// machine's newer CMake reads more). Each check also runs on a broken input that it must catch.
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

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n  " + x;
  return s;
}

bool contains(const std::vector<std::string>& problems, const std::string& part) {
  return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

// A directory that is removed with the test.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("lc-ci-files-" + std::to_string(std::random_device{}()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

// ---- Workflows ---------------------------------------------------------------------------

// What the checks read from the workflows: the runners and matrix entries, and each run: script.
struct Workflows {
  std::set<std::string> runners;         // runs-on values, ${{ matrix.KEY }} expanded
  std::vector<YAML::Node> entries;       // every matrix combination that is spelled out
  std::vector<std::pair<std::string, std::string>> runs;  // (where, script)
};

// yaml-cpp: a missing key yields an invalid node, whose type must not be asked.
bool is_map(const YAML::Node& n) { return n.IsDefined() && n.IsMap(); }
bool is_scalar(const YAML::Node& n) { return n.IsDefined() && n.IsScalar(); }

// A step `uses: ./` runs the repository's own action (action.yml): its run: scripts count as the
// step's.
void collect_local_action(const fs::path& repo, const std::string& where, Workflows& out) {
  const YAML::Node action = YAML::LoadFile((repo / "action.yml").string());
  for (const auto& step : action["runs"]["steps"])
    if (step["run"]) out.runs.emplace_back(where + " -> action.yml step '" + step["name"].as<std::string>("(unnamed)") + "'", step["run"].Scalar());
}

void collect(const YAML::Node& wf, const std::string& file, Workflows& out, const fs::path& repo = {}) {
  const std::regex matrix_key_re(R"(\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\})");
  for (const auto& j : wf["jobs"]) {
    const YAML::Node job = j.second;
    const std::string where = file + " job '" + j.first.Scalar() + "'";
    std::vector<YAML::Node> entries;
    const YAML::Node strategy = job["strategy"];
    if (const YAML::Node m = is_map(strategy) ? strategy["matrix"] : YAML::Node(); is_map(m))
      for (const auto& kv : m) {
        if (kv.first.Scalar() == "include") {
          for (const auto& e : kv.second) entries.push_back(e);
        } else if (kv.first.Scalar() != "exclude" && kv.second.IsSequence()) {
          for (const auto& v : kv.second) {
            YAML::Node e(YAML::NodeType::Map);
            e[kv.first.Scalar()] = static_cast<const YAML::Node&>(v);
            entries.push_back(e);
          }
        }
      }
    out.entries.insert(out.entries.end(), entries.begin(), entries.end());
    if (const YAML::Node runs_on = job["runs-on"]; is_scalar(runs_on)) {
      if (std::smatch m; std::regex_match(runs_on.Scalar(), m, matrix_key_re)) {
        for (const auto& e : entries)
          if (e[m[1].str()]) out.runners.insert(e[m[1].str()].Scalar());
      } else {
        out.runners.insert(runs_on.Scalar());
      }
    }
    for (const auto& step : job["steps"]) {
      const std::string step_where = where + " step '" + step["name"].as<std::string>("(unnamed)") + "'";
      if (step["run"]) out.runs.emplace_back(step_where, step["run"].Scalar());
      if (step["uses"] && step["uses"].Scalar() == "./" && !repo.empty()) collect_local_action(repo, step_where, out);
    }
  }
}

Workflows read_workflows(const fs::path& repo) {
  Workflows out;
  const fs::path dir = repo / ".github" / "workflows";
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) collect(YAML::LoadFile(e.path().string()), e.path().filename().string(), out, repo);
  }
  return out;
}

// The ci/ scripts the run: steps call (ci/x.sh, ./ci/x.sh, bash ci/x.sh, "ci/x.sh"), each with
// the first step that calls it.
std::map<std::string, std::string> called_scripts(const Workflows& w) {
  const std::regex script_re(R"((?:^|[\s;&|(`"'=])(?:\./)?(ci/[A-Za-z0-9_./-]+))");
  std::map<std::string, std::string> out;
  for (const auto& [where, run] : w.runs)
    for (auto it = std::sregex_iterator(run.begin(), run.end(), script_re); it != std::sregex_iterator(); ++it)
      out.emplace((*it)[1].str(), where);
  return out;
}

// Every ci/ script a step names must exist, be executable and start with #!: the steps call them
// directly, and a lost x bit (a commit from Windows) would fail only on the runner.
std::vector<std::string> script_problems(const Workflows& w, const fs::path& repo) {
  std::vector<std::string> problems;
  for (const auto& [rel, where] : called_scripts(w)) {
    const fs::path p = repo / rel;
    const std::string calls = where + ": calls " + rel + ", which ";
    if (!fs::is_regular_file(p)) problems.push_back(calls + "does not exist");
    else if (!is_executable(p)) problems.push_back(calls + "is not executable");
    else if (read_text(p).rfind("#!", 0) != 0) problems.push_back(calls + "has no #! line");
  }
  return problems;
}

// The matrix the README promises: the four runner images, an unprivileged Linux job, the job on
// Ubuntu 22.04's own CMake 3.22 (the proof that the presets read there), and the README's two
// commands.
std::vector<std::string> coverage_problems(const Workflows& w) {
  std::vector<std::string> problems;
  for (const std::string os : {"ubuntu-22.04", "ubuntu-24.04", "macos-14", "windows-2022"})
    if (!w.runners.count(os)) problems.push_back("no job runs on " + os);
  const auto has_entry = [&](auto&& pred) { return std::any_of(w.entries.begin(), w.entries.end(), pred); };
  if (!has_entry([](const YAML::Node& e) {
        return e["os"].as<std::string>("").rfind("ubuntu", 0) == 0 && e["privilege"].as<std::string>("") == "user";
      }))
    problems.push_back("no Ubuntu matrix entry with privilege: user");
  if (!has_entry([](const YAML::Node& e) { return e["os"].as<std::string>("") == "ubuntu-22.04" && e["distro-cmake"].as<bool>(false); }))
    problems.push_back("no ubuntu-22.04 matrix entry with distro-cmake: true");
  const auto scripts = called_scripts(w);
  for (const std::string s : {"ci/test.sh", "ci/conformance.sh"})
    if (!scripts.count(s)) problems.push_back("no step calls " + s);
  return problems;
}

TEST(Workflows, CalledScriptsExistAreExecutableAndStartWithShebang) {
  const Workflows w = read_workflows(kSource);
  ASSERT_FALSE(called_scripts(w).empty()) << "no run: step calls a ci/ script";
  const auto problems = script_problems(w, kSource);
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(Workflows, ScriptCheckCatchesMissingNonExecutableAndShebanglessScripts) {
  TempDir repo;
  fs::create_directories(repo.path / "ci");
  { std::ofstream(repo.path / "ci" / "not-exec.sh") << "#!/bin/sh\n"; }
  { std::ofstream(repo.path / "ci" / "no-shebang.sh") << "echo\n"; }
  fs::permissions(repo.path / "ci" / "no-shebang.sh", fs::perms::owner_all);
  Workflows w;
  w.runs = {{"a", "ci/missing.sh && ./ci/not-exec.sh"}, {"b", "ci/no-shebang.sh \"$LC_OUT\""}};
  const auto problems = script_problems(w, repo.path);
  EXPECT_TRUE(contains(problems, "ci/missing.sh, which does not exist")) << joined(problems);
#ifndef _WIN32
  EXPECT_TRUE(contains(problems, "ci/not-exec.sh, which is not executable")) << joined(problems);
#endif
  EXPECT_TRUE(contains(problems, "ci/no-shebang.sh, which has no #! line")) << joined(problems);
}

TEST(Workflows, MatrixCoversFourOsesUnprivilegedLinuxAndDistroCMake) {
  const auto problems = coverage_problems(read_workflows(kSource));
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(Workflows, CoverageCheckCatchesADroppedRunnerJobOrScript) {
  Workflows w;
  collect(YAML::Load(R"(
jobs:
  suite:
    runs-on: ${{ matrix.os }}
    strategy: { matrix: { include: [ { os: ubuntu-22.04, privilege: root }, { os: ubuntu-24.04, privilege: root },
                                     { os: macos-14, privilege: user } ] } }
    steps: [ { run: ci/test.sh } ]
)"),
          "broken.yml", w);
  const auto problems = coverage_problems(w);
  EXPECT_TRUE(contains(problems, "no job runs on windows-2022")) << joined(problems);
  EXPECT_FALSE(contains(problems, "no job runs on macos-14")) << joined(problems);
  EXPECT_TRUE(contains(problems, "no Ubuntu matrix entry with privilege: user")) << joined(problems);
  EXPECT_TRUE(contains(problems, "no ubuntu-22.04 matrix entry with distro-cmake: true")) << joined(problems);
  EXPECT_TRUE(contains(problems, "no step calls ci/conformance.sh")) << joined(problems);
  EXPECT_FALSE(contains(problems, "no step calls ci/test.sh")) << joined(problems);
}

TEST(Workflows, StepsOfTheRepositorysOwnActionCountAsTheStepsThatUseIt) {
  TempDir repo;
  std::ofstream(repo.path / "action.yml") << "runs:\n  using: composite\n  steps:\n    - name: suite\n      shell: bash\n"
                                             "      run: ci/gha/run-as.sh ci/conformance.sh\n";
  const YAML::Node wf = YAML::Load("jobs: { suite: { runs-on: x, steps: [ { uses: ./ }, { uses: actions/checkout@v4 } ] } }");
  Workflows followed;
  collect(wf, "w.yml", followed, repo.path);
  EXPECT_EQ(called_scripts(followed).count("ci/conformance.sh"), 1U) << "the action's run: step was not read";
  Workflows not_followed;
  collect(wf, "w.yml", not_followed);
  EXPECT_EQ(called_scripts(not_followed).count("ci/conformance.sh"), 0U);
}

// ---- CMakePresets.json -------------------------------------------------------------------

const nlohmann::json* find_preset(const nlohmann::json& list, const std::string& name) {
  for (const auto& p : list)
    if (p.value("name", "") == name) return &p;
  return nullptr;
}

// A configure preset's field, following `inherits` (a name or a list) as CMake does.
nlohmann::json resolved(const nlohmann::json& list, const nlohmann::json& preset, const std::string& field) {
  if (preset.contains(field)) return preset[field];
  if (!preset.contains("inherits")) return nullptr;
  const auto& inherits = preset["inherits"];
  for (const auto& name : inherits.is_string() ? nlohmann::json::array({inherits}) : inherits)
    if (const auto* parent = find_preset(list, name.get<std::string>()))
      if (auto v = resolved(list, *parent, field); !v.is_null()) return v;
  return nullptr;
}

// Ubuntu 22.04's CMake 3.22 reads presets up to version 3 (version 4 needs 3.23); ci/build.sh and
// ci/test.sh use the preset named after the OS (lib.sh lc_preset) and assume it builds in build/;
// with LC_RELEASE=1, the OS's "-release" preset (Linux and macOS), in build-release/.
std::vector<std::string> presets_problems(const nlohmann::json& presets) {
  std::vector<std::string> problems;
  if (const int v = presets.value("version", 0); v > 3) problems.push_back("version " + std::to_string(v) + " needs a CMake newer than 3.22");
  if (presets.contains("cmakeMinimumRequired")) {
    const auto& min = presets["cmakeMinimumRequired"];
    const int major = min.value("major", 0), minor = min.value("minor", 0);
    if (major > 3 || (major == 3 && minor > 22))
      problems.push_back("cmakeMinimumRequired " + std::to_string(major) + "." + std::to_string(minor) + " is newer than 3.22");
  }
  const auto list = [&](const char* kind) { return presets.value(kind, nlohmann::json::array()); };
  const auto configure = list("configurePresets");
  for (const std::string os : {"linux", "macos", "windows"}) {
    const auto* c = find_preset(configure, os);
    if (!c || c->value("hidden", false)) {
      problems.push_back("no configure preset " + os);
      continue;
    }
    if (resolved(configure, *c, "binaryDir") != "${sourceDir}/build") problems.push_back("configure preset " + os + " does not build in build/");
    for (const char* kind : {"buildPresets", "testPresets"}) {
      const auto presets_of_kind = list(kind);
      const auto* p = find_preset(presets_of_kind, os);
      if (!p || p->value("configurePreset", "") != os) problems.push_back(std::string(kind) + ": none named " + os + " for configure preset " + os);
    }
  }
  for (const std::string os : {"linux-release", "macos-release"}) {
    const auto* c = find_preset(configure, os);
    if (!c || c->value("hidden", false)) {
      problems.push_back("no configure preset " + os);
      continue;
    }
    if (resolved(configure, *c, "binaryDir") != "${sourceDir}/build-release")
      problems.push_back("configure preset " + os + " does not build in build-release/");
    const auto build = list("buildPresets");
    const auto* b = find_preset(build, os);
    if (!b || b->value("configurePreset", "") != os) problems.push_back("buildPresets: none named " + os + " for configure preset " + os);
  }
  return problems;
}

TEST(Presets, ReadableByCMake322WithThePresetEachOsScriptUses) {
  const auto problems = presets_problems(nlohmann::json::parse(read_text(kSource / "CMakePresets.json")));
  EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(Presets, CheckCatchesANewerVersionAMissingPresetAndAnotherBinaryDir) {
  const auto problems = presets_problems(nlohmann::json::parse(R"({
    "version": 4, "cmakeMinimumRequired": { "major": 3, "minor": 23 },
    "configurePresets": [
      { "name": "base", "hidden": true, "binaryDir": "${sourceDir}/build" },
      { "name": "linux", "inherits": "base" },
      { "name": "linux-release", "inherits": ["base", "linux"], "binaryDir": "${sourceDir}/build-release" },
      { "name": "macos", "inherits": "base", "binaryDir": "${sourceDir}/out" },
      { "name": "macos-release", "inherits": "macos" } ],
    "buildPresets": [ { "name": "linux", "configurePreset": "linux" }, { "name": "macos", "configurePreset": "linux" },
                      { "name": "linux-release", "configurePreset": "linux-release" } ],
    "testPresets": [ { "name": "linux", "configurePreset": "linux" } ] })"));
  EXPECT_TRUE(contains(problems, "version 4 needs a CMake newer than 3.22")) << joined(problems);
  EXPECT_TRUE(contains(problems, "cmakeMinimumRequired 3.23 is newer than 3.22")) << joined(problems);
  EXPECT_TRUE(contains(problems, "no configure preset windows")) << joined(problems);
  EXPECT_TRUE(contains(problems, "configure preset macos does not build in build/")) << joined(problems);
  EXPECT_TRUE(contains(problems, "buildPresets: none named macos")) << joined(problems);
  EXPECT_TRUE(contains(problems, "testPresets: none named macos")) << joined(problems);
  EXPECT_TRUE(contains(problems, "configure preset macos-release does not build in build-release/")) << joined(problems);
  EXPECT_TRUE(contains(problems, "buildPresets: none named macos-release")) << joined(problems);
  EXPECT_FALSE(contains(problems, "linux")) << "the linux presets are complete: " << joined(problems);
}

}  // namespace
