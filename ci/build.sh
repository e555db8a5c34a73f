#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds into build/ (or $LC_BUILD_DIR). Warnings are errors here, as in CI.
# Configures with this OS's preset of CMakePresets.json (linux, macos, windows) when the CMake
# here reads presets (>= 3.21) and the preset's generator is installed; otherwise with the same
# settings spelled out. A build directory that is already configured is only rebuilt.
# LC_RELEASE=1 builds the optimized build into build-release instead (ci/lib.sh).
# A new Check build on Linux compiles with Clang >= 16 when one is installed and CXX is not set
# (lc_check_compiler in ci/lib.sh: about half of GCC's build time here).
# Extra arguments go to `cmake --build` (e.g. --target listen-conformance).
# (Empty arrays are spelled ${a[@]+"${a[@]}"}: macOS's bash 3.2 calls "${a[@]}" unbound under set -u.)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/lib.sh
lc_preset_environment
build_dir="$(lc_build_dir)"
preset="$(lc_preset)"
config_args=()
[ "$(lc_os)" = windows ] && config_args=(--config "$(lc_config)")

if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  compiler="$(lc_check_compiler)"
  if [ -n "$compiler" ]; then
    echo "build: the Check build compiles with $compiler (the fastest here; CXX= chooses another)"
    export CXX="$compiler"
  fi
  if [ -n "$preset" ] && lc_cmake_has_presets && { [ "$preset" = windows ] || command -v ninja >/dev/null 2>&1; }; then
    echo "build: cmake --preset $preset (into $build_dir)"
    cmake --preset "$preset" -B "$build_dir"
  else
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    echo "build: no usable preset here; configuring with ${generator[*]:-the default generator}"
    cmake -S . -B "$build_dir" ${generator[@]+"${generator[@]}"} -DCMAKE_BUILD_TYPE="$(lc_build_type)" -DLC_WERROR=ON
  fi
fi
cmake --build "$build_dir" ${config_args[@]+"${config_args[@]}"} --parallel "$(lc_build_jobs)" "$@"
