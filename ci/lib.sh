# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# Sourced by the ci/*.sh scripts (not run on its own): which OS this is, which CMake preset it
# uses, where the build and the program are. Works in bash on Linux, macOS and Git Bash on Windows.

# linux | macos | windows | freebsd | unknown
lc_os() {
  case "$(uname -s)" in
    Linux) echo linux ;;
    Darwin) echo macos ;;
    FreeBSD) echo freebsd ;;
    MINGW* | MSYS* | CYGWIN*) echo windows ;;
    *) echo unknown ;;
  esac
}

lc_jobs() {
  nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2
}

# Compile jobs: one more than the processors, so that a processor whose job waits for the disk or
# for a link is not idle (a clean build on 2 cores: 89 s with -j2, 85 s with -j3).
lc_build_jobs() { echo $(($(lc_jobs) + 1)); }

# LC_RELEASE=1: the optimized build (RelWithDebInfo, into build-release) that installing, packaging
# and benchmarks use; else the Check build (no optimization, no debug information), which builds
# everything in a fraction of the time (docs/benchmarks.md) and is what the tests run.
lc_release() { [ "${LC_RELEASE:-0}" = 1 ]; }

lc_build_dir() {
  if [ -n "${LC_BUILD_DIR:-}" ]; then echo "$LC_BUILD_DIR"
  elif lc_release; then echo build-release
  else echo build
  fi
}

# The configure/build/test preset of CMakePresets.json for this OS ("" where there is none).
lc_preset() {
  case "$(lc_os)" in
    linux | macos) if lc_release; then echo "$(lc_os)-release"; else lc_os; fi ;;
    windows) echo windows ;;  # multi-config: lc_config picks the configuration
    *) echo "" ;;
  esac
}

# The single-config build type, as the presets give it.
lc_build_type() { if lc_release; then echo RelWithDebInfo; else echo Check; fi; }

# The C++ compiler for a new Check build on Linux, when the caller has not chosen one (CXX):
# the newest Clang of version 16 or later here (clang++-NN, then plain clang++), else "" (CMake's
# default, GCC on Debian). Clang with the shared precompiled headers of cmake/BuildSpeed.cmake
# compiles everything in about half of GCC's CPU time (docs/benchmarks.md, "Clean build time");
# 16 is the first Clang that accepts every C++20 construct used here. The optimized build
# (LC_RELEASE=1: packages, installs, benchmarks) keeps the default compiler.
lc_check_compiler() {
  [ "$(lc_os)" = linux ] && ! lc_release && [ -z "${CXX:-}" ] || return 0
  local v candidate major
  for v in $(seq 30 -1 16); do
    candidate="clang++-$v"
    command -v "$candidate" >/dev/null 2>&1 && { echo "$candidate"; return 0; }
  done
  if command -v clang++ >/dev/null 2>&1; then
    major="$(clang++ -dumpversion 2>/dev/null | cut -d. -f1)"
    [ -n "$major" ] && [ "$major" -ge 16 ] 2>/dev/null && echo clang++
  fi
  return 0
}

# Windows builds with a multi-config generator (Visual Studio): the configuration to build/test.
lc_config() { echo "${LC_CONFIG:-RelWithDebInfo}"; }

# True when this CMake reads presets of version 3 (CMake >= 3.21).
lc_cmake_has_presets() {
  local v major minor
  v="$(cmake --version 2>/dev/null | head -n 1 | sed -E 's/[^0-9]*([0-9]+)\.([0-9]+).*/\1 \2/')"
  read -r major minor <<<"$v"
  [ -n "${major:-}" ] || return 1
  [ "$major" -gt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -ge 21 ]; }
}

# Environment the presets read ($env{...}): Homebrew's prefix on macOS, vcpkg's root on Windows.
lc_preset_environment() {
  case "$(lc_os)" in
    macos)
      if [ -z "${HOMEBREW_PREFIX:-}" ] && command -v brew >/dev/null 2>&1; then
        HOMEBREW_PREFIX="$(brew --prefix)"
        export HOMEBREW_PREFIX
      fi
      ;;
    windows)
      # GitHub's Windows images set VCPKG_INSTALLATION_ROOT (C:\vcpkg).
      if [ -z "${VCPKG_ROOT:-}" ] && [ -n "${VCPKG_INSTALLATION_ROOT:-}" ]; then
        VCPKG_ROOT="$VCPKG_INSTALLATION_ROOT"
      fi
      # CMake is a Windows program: it needs C:\... (Git Bash passes /c/... on unchanged).
      if [ -n "${VCPKG_ROOT:-}" ] && command -v cygpath >/dev/null 2>&1; then
        VCPKG_ROOT="$(cygpath -w "$VCPKG_ROOT")"
      fi
      [ -z "${VCPKG_ROOT:-}" ] || export VCPKG_ROOT
      ;;
  esac
}

# The listen-conformance program in a build directory (single- or multi-config layouts).
lc_binary() {
  local dir="${1:-$(lc_build_dir)}" candidate
  for candidate in \
    "$dir/runners/listen-conformance" \
    "$dir/runners/listen-conformance.exe" \
    "$dir/runners/$(lc_config)/listen-conformance.exe" \
    "$dir/runners/$(lc_config)/listen-conformance"; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "$dir/runners/listen-conformance"
}

