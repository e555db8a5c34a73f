// SPDX-License-Identifier: Apache-2.0
// Debian's kernel builds, through an apt configuration of the program's own: its own sources
// list, lists and package cache under the cache directory; the system's sources and state are
// never read or written. Kernels are downloaded once with `apt-get download`, and only the boot
// image and the package's changelog are kept (<cache>/debian/<package>_<version>/).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lc::kernels {

// One build of a kernel in the archive: a binary package that holds a boot image (linux-image-*,
// or linux-binary-* since 7.x) at one version.
struct Build {
  std::string package;
  std::string version;             // Debian version: "5.10.223-1"
  std::string upstream;            // "5.10.223", "7.3-rc7"
  std::string series;              // "5.10"
  std::vector<std::string> suites; // "bullseye", "bookworm-security", ...
};

// Oldest first (Debian version order, then package name).
void sort_builds(std::vector<Build>& builds);

// From `apt-cache madison` lines ("pkg | version | url suite/main amd64 Packages") of packages
// of one flavour: the builds, one per package and version, with every suite that has it; meta
// packages and image packages whose image moved to linux-binary-* are left out. Exposed for tests.
std::vector<Build> builds_from_madison(const std::string& madison, const std::string& flavour);

// The package names of one flavour that may hold a boot image, from `apt-cache pkgnames linux-`.
std::vector<std::string> image_package_names(const std::string& pkgnames, const std::string& flavour);

// A build in the cache.
struct CachedKernel {
  std::filesystem::path dir;
  std::filesystem::path vmlinuz;
  std::filesystem::path changelog;  // empty when the package has none of its own
};

// What is missing when --offline forbids fetching it (the command then exits 77).
struct OfflineMissing : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class DebianArchive {
 public:
  // cache_root: /var/cache/listen-conformance (or LC_KERNELS_CACHE). flavour: "cloud-amd64".
  DebianArchive(std::filesystem::path cache_root, std::string flavour, bool offline);

  // Every build of the flavour in bullseye, bookworm, trixie (each with -security), sid and
  // experimental, oldest first. The package lists are refreshed when they are older than a day
  // (never with offline). Throws ToolError, OfflineMissing.
  const std::vector<Build>& builds();

  // The build of `package` at `version` ("" = its newest); nullopt when the archive has none.
  std::optional<Build> find(const std::string& package, const std::string& version);

  // The cached kernel of a build, downloaded first when it is not cached. Thread-compatible:
  // call from one thread. Throws ToolError, OfflineMissing.
  CachedKernel fetch(const Build& b);
  std::optional<CachedKernel> cached(const Build& b) const;

  const std::filesystem::path& cache_root() const { return root_; }

 private:
  std::vector<std::string> apt_options() const;
  void prepare_lists();

  std::filesystem::path root_;
  std::string flavour_;
  bool offline_;
  bool listed_ = false;
  std::vector<Build> builds_;
};

}  // namespace lc::kernels
