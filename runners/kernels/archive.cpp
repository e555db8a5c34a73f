// SPDX-License-Identifier: Apache-2.0
#include "archive.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "debian_version.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "results/results.hpp"
#include "tool.hpp"

namespace lc::kernels {
namespace fs = std::filesystem;
namespace {

using namespace std::chrono_literals;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// The suites searched, and whether each has a -security companion.
const std::vector<std::pair<std::string, bool>>& suites() {
  static const std::vector<std::pair<std::string, bool>> s = {
      {"bullseye", true}, {"bookworm", true}, {"trixie", true}, {"sid", false}, {"experimental", false}};
  return s;
}

bool fresh(const fs::path& stamp) {
  std::error_code ec;
  const auto t = fs::last_write_time(stamp, ec);
  return !ec && fs::file_time_type::clock::now() - t < std::chrono::hours(24);
}

}  // namespace

void sort_builds(std::vector<Build>& builds) {
  std::sort(builds.begin(), builds.end(), [](const Build& a, const Build& b) {
    if (int c = compare_debian_versions(a.version, b.version)) return c < 0;
    return a.package < b.package;
  });
}

std::vector<std::string> image_package_names(const std::string& pkgnames, const std::string& flavour) {
  // linux-image-<abi>-<flavour> / linux-binary-<abi>-<flavour>, where the ABI starts with a version.
  const std::regex re("^linux-(image|binary)-([0-9]+\\.[0-9]+[^ ]*)-" + std::regex_replace(flavour, std::regex("[.+]"), "\\$&") + "$");
  std::set<std::string> names;
  std::istringstream in(pkgnames);
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (std::regex_match(line, re)) names.insert(line);
  }
  return {names.begin(), names.end()};
}

std::vector<Build> builds_from_madison(const std::string& madison, const std::string& flavour) {
  const std::regex abi_re("^linux-(image|binary)-(.*)-" + std::regex_replace(flavour, std::regex("[.+]"), "\\$&") + "$");
  // A real image package's ABI has a patch level ("5.10.0-32", "6.12.117+deb12", "6.1.0-0.deb11.48");
  // "6.1" and "6.12" are meta packages. linux-binary-* always holds the image.
  const std::regex versioned_abi("^[0-9]+\\.[0-9]+\\.[0-9]+.*");
  std::set<std::string> binary_abis;
  struct Row {
    std::string package, version, suite, kind, abi;
  };
  std::vector<Row> rows;
  std::istringstream in(madison);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cols;
    std::istringstream cs(line);
    for (std::string c; std::getline(cs, c, '|');) cols.push_back(trim(c));
    if (cols.size() < 3) continue;
    std::smatch m;
    if (!std::regex_match(cols[0], m, abi_re)) continue;
    // "http://deb.debian.org/debian-security bookworm-security/main amd64 Packages"
    std::istringstream where(cols[2]);
    std::string url, dist;
    where >> url >> dist;
    const std::string suite = dist.substr(0, dist.find('/'));
    rows.push_back({cols[0], cols[1], suite, m[1], m[2]});
    if (m[1] == "binary") binary_abis.insert(m[2]);
  }
  std::map<std::pair<std::string, std::string>, Build> by_key;
  for (const auto& r : rows) {
    if (r.kind == "image" && (binary_abis.count(r.abi) || !std::regex_match(r.abi, versioned_abi))) continue;
    Build& b = by_key[{r.package, r.version}];
    if (b.package.empty()) {
      b.package = r.package;
      b.version = r.version;
      b.upstream = upstream_of(r.version);
      b.series = series_of(b.upstream);
    }
    if (std::find(b.suites.begin(), b.suites.end(), r.suite) == b.suites.end()) b.suites.push_back(r.suite);
  }
  std::vector<Build> out;
  for (auto& [k, b] : by_key) out.push_back(std::move(b));
  sort_builds(out);
  return out;
}

DebianArchive::DebianArchive(fs::path cache_root, std::string flavour, bool offline)
    : root_(std::move(cache_root)), flavour_(std::move(flavour)), offline_(offline) {}

std::vector<std::string> DebianArchive::apt_options() const {
  const fs::path apt = root_ / "apt";
  return {"-o", "Dir::Etc::sourcelist=" + (apt / "sources.list").string(),
          "-o", "Dir::Etc::sourceparts=" + (apt / "sources.list.d").string(),
          "-o", "Dir::State::Lists=" + (apt / "lists").string(),
          "-o", "Dir::State::status=" + (apt / "status").string(),
          "-o", "Dir::Cache=" + (apt / "cache").string(),
          "-o", "APT::Sandbox::User=root",
          "-o", "Acquire::Retries=2"};
}

void DebianArchive::prepare_lists() {
  const fs::path apt = root_ / "apt";
  const fs::path stamp = apt / "updated";
  if (fs::exists(stamp) && (offline_ || fresh(stamp))) return;
  if (offline_) throw OfflineMissing("the private apt lists are not in " + apt.string() + " (run once without --offline)");
  for (const char* d : {"sources.list.d", "lists/partial", "cache/archives/partial"}) fs::create_directories(apt / d);
  const std::string keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
  const std::string mirror = env_or("LC_KERNELS_MIRROR", "http://deb.debian.org/debian");
  const std::string security = env_or("LC_KERNELS_SECURITY_MIRROR", "http://deb.debian.org/debian-security");
  std::string sources;
  for (const auto& [suite, has_security] : suites()) {
    sources += "deb [signed-by=" + keyring + "] " + mirror + " " + suite + " main\n";
    if (has_security) sources += "deb [signed-by=" + keyring + "] " + security + " " + suite + "-security main\n";
  }
  vocabulary::write_file_atomically(apt / "sources.list", sources);
  vocabulary::write_file_atomically(apt / "status", "");
  std::vector<std::string> args = apt_options();
  args.insert(args.end(), {"-qq", "update"});
  run_tool("apt-get", args, 10min);
  vocabulary::write_file_atomically(stamp, results::now_iso8601() + "\n");
}

namespace {

// The build list, kept beside the apt lists it came from: listing takes apt-cache 10-20 s over
// ~80 MB of package lists, which only change when they are refreshed (once a day).
nlohmann::json builds_to_json(const std::vector<Build>& builds, const std::string& flavour, const std::string& stamp) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& b : builds) list.push_back({{"package", b.package}, {"version", b.version}, {"suites", b.suites}});
  return {{"flavour", flavour}, {"lists", stamp}, {"builds", list}};
}

std::optional<std::vector<Build>> builds_from_json(const std::string& text, const std::string& flavour, const std::string& stamp) {
  try {
    const auto j = nlohmann::json::parse(text);
    if (j.at("flavour") != flavour || j.at("lists") != stamp) return std::nullopt;
    std::vector<Build> out;
    for (const auto& b : j.at("builds")) {
      Build x{b.at("package"), b.at("version"), "", "", b.at("suites").get<std::vector<std::string>>()};
      x.upstream = upstream_of(x.version);
      x.series = series_of(x.upstream);
      out.push_back(std::move(x));
    }
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

const std::vector<Build>& DebianArchive::builds() {
  if (listed_) return builds_;
  prepare_lists();
  const fs::path saved = root_ / "apt" / ("builds-" + flavour_ + ".json");
  const std::string stamp = read_text(root_ / "apt" / "updated");
  if (auto b = builds_from_json(read_text(saved), flavour_, stamp)) {
    builds_ = std::move(*b);
    listed_ = true;
    return builds_;
  }
  std::vector<std::string> args = apt_options();
  args.insert(args.end(), {"pkgnames", "linux-"});
  const auto names = image_package_names(run_tool("apt-cache", args, 2min), flavour_);
  args = apt_options();
  args.push_back("madison");
  args.insert(args.end(), names.begin(), names.end());
  builds_ = names.empty() ? std::vector<Build>{} : builds_from_madison(run_tool("apt-cache", args, 2min), flavour_);
  listed_ = true;
  try {
    vocabulary::write_file_atomically(saved, builds_to_json(builds_, flavour_, stamp).dump(1) + "\n");
  } catch (const std::exception&) {
    // Listed again next time.
  }
  return builds_;
}

std::optional<Build> DebianArchive::find(const std::string& package, const std::string& version) {
  std::optional<Build> best;
  for (const auto& b : builds()) {
    if (b.package != package) continue;
    if (!version.empty() && b.version != version) continue;
    best = b;  // builds() is oldest first: the last one is the newest
  }
  return best;
}

std::optional<CachedKernel> DebianArchive::cached(const Build& b) const {
  CachedKernel k;
  k.dir = root_ / "debian" / (b.package + "_" + b.version);
  k.vmlinuz = k.dir / "vmlinuz";
  if (!fs::is_regular_file(k.vmlinuz)) return std::nullopt;
  if (fs::is_regular_file(k.dir / "changelog.gz")) k.changelog = k.dir / "changelog.gz";
  return k;
}

CachedKernel DebianArchive::fetch(const Build& b) {
  if (auto k = cached(b)) return *k;
  if (offline_) throw OfflineMissing(b.package + "=" + b.version + " is not cached in " + (root_ / "debian").string());
  prepare_lists();
  const fs::path tmp = root_ / "debian" / (".fetch-" + b.package + "_" + b.version);
  fs::remove_all(tmp);
  fs::create_directories(tmp / "x");
  try {
    std::vector<std::string> args = apt_options();
    args.insert(args.end(), {"-qq", "download", b.package + "=" + b.version});
    run_tool_in(tmp, "apt-get", args, 10min);
    fs::path deb;
    for (const auto& e : fs::directory_iterator(tmp)) {
      if (e.path().extension() == ".deb") deb = e.path();
    }
    if (deb.empty()) throw ToolError("apt-get download " + b.package + "=" + b.version + ": no .deb written");
    run_tool("dpkg-deb", {"-x", deb.string(), (tmp / "x").string()}, 5min);
    // The image: /boot/vmlinuz-<abi> up to 6.x, /usr/lib/modules/<abi>/vmlinuz since 7.x.
    fs::path image;
    for (const fs::path& dir : {tmp / "x" / "boot", tmp / "x" / "usr" / "lib" / "modules"}) {
      if (!fs::is_directory(dir)) continue;
      for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && (name.rfind("vmlinuz", 0) == 0)) image = e.path();
      }
    }
    if (image.empty()) throw ToolError(b.package + "=" + b.version + " holds no vmlinuz (neither /boot nor /usr/lib/modules)");
    const fs::path dest = root_ / "debian" / (b.package + "_" + b.version);
    const fs::path staged = tmp / "kept";
    fs::create_directories(staged);
    fs::rename(image, staged / "vmlinuz");
    // The package's own changelog; a doc directory that is a symlink (linux-binary-* points at
    // linux-base-*, another package) is not followed: it could lead out of the extraction.
    const fs::path doc = tmp / "x" / "usr" / "share" / "doc" / b.package;
    const fs::path changelog = doc / "changelog.gz";
    if (!fs::is_symlink(doc) && fs::is_regular_file(fs::symlink_status(changelog))) fs::rename(changelog, staged / "changelog.gz");
    vocabulary::write_file_atomically(staged / "package.txt", "package=" + b.package + "\nversion=" + b.version + "\nfile=" +
                                                          deb.filename().string() + "\n");
    fs::remove_all(dest);
    fs::rename(staged, dest);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
  fs::remove_all(tmp);
  return *cached(b);
}

}  // namespace lc::kernels
