# SPDX-License-Identifier: Apache-2.0
# Homebrew formula for listen-conformance (docs/packaging.md). UNTESTED with brew: no macOS and no
# brew where it was written; `ruby -c` and the same cmake commands on Linux were checked instead
# (ctest packaging.ports checks the dependency list against ci/install-deps.sh).
#   brew install --formula ./packaging/homebrew/listen-conformance.rb
# At release time fill in: the owner in `homepage` and `url`, the tag in `url` (the version of
# CMakeLists.txt's project()), and `sha256` (shasum -a 256 of that tarball).
class ListenConformance < Formula
  desc "Measures what listen(2) and its backlog do on this machine"
  homepage "https://github.com/OWNER/listen-conformance"
  # RELEASE: replace OWNER and the tag.
  url "https://github.com/OWNER/listen-conformance/archive/refs/tags/v0.1.0.tar.gz"
  # RELEASE: the tarball's SHA-256 (this placeholder never matches a download).
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license "Apache-2.0"

  # Header-only libraries (CLI11, nlohmann-json, valijson) are needed only to compile. help2man
  # makes listen-conformance(1) at build time (cmake/ManPage.cmake); without it there is no man page.
  # googletest is left out: LC_BUILD_TESTS=OFF builds no test programs.
  depends_on "cli11" => :build
  depends_on "cmake" => :build
  depends_on "help2man" => :build
  depends_on "ninja" => :build
  depends_on "nlohmann-json" => :build
  depends_on "valijson" => :build
  depends_on "boost"
  depends_on "muparser"
  depends_on "openssl@3"
  depends_on "pugixml"
  depends_on "yaml-cpp"

  def install
    # As the macos-release preset (CMakePresets.json): RelWithDebInfo (after std_cmake_args, whose
    # Release it overrides), openssl@3 named explicitly (keg-only). The installed program finds its
    # expectations at bin/../share/listen-conformance, so bindir and datadir stay bin and share.
    args = %W[
      -DLC_BUILD_TESTS=OFF
      -DOPENSSL_ROOT_DIR=#{Formula["openssl@3"].opt_prefix}
    ]
    system "cmake", "-S", ".", "-B", "build", "-G", "Ninja", *args, *std_cmake_args,
           "-DCMAKE_BUILD_TYPE=RelWithDebInfo"
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"
  end

  test do
    # --version names the installed expectation files: the program found its own prefix's share/.
    output = shell_output("#{bin}/listen-conformance --version")
    assert_match "listen-conformance #{version}", output
    assert_match "macos.yaml", output
    assert_predicate bin/"listen-conformance-worker", :executable?
    system bin/"listen-conformance", "validate", share/"listen-conformance/expectations/macos.yaml"
  end
end
