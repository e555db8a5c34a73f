#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Windows build without Windows: cross-compiles the probe engine and the listen-conformance
# program (probe and worker subcommands) for 64-bit Windows with Debian's mingw-w64, runs
#   listen-conformance.exe probe --backlog 5 --connections 14 --json
# under wine (headless, in a private wine prefix under the build directory) and checks that what
# it printed is a complete observation. Exit status 0 only if all of that worked.
#
# What it proves: the Winsock code, the Windows host facts and the Boost.Process v2 spawn path
# compile warning-free and run (probe -> worker process -> JSON observation). What it does not:
# Windows' TCP behaviour. wine maps Winsock onto the Linux kernel's sockets, so the numbers are
# Linux's (the observation's kernel field says "(wine ...)").
#
# Dependencies, all from Debian's registry: the compiler and wine are installed with apt-get;
# the header-only libraries are downloaded as packages and unpacked under the build directory,
# never installed (libboost1.81-dev would conflict with the system's 1.74). Boost.Process v2 is
# used header-only with std::filesystem (LC_PROCESS_V2_HEADER_ONLY), so no compiled Boost is
# needed; the suite commands (yaml-cpp, muparser) are left out (LC_WITH_SUITE=OFF).
#
# Usage: ci/windows-mingw-wine.sh      (LC_MINGW_BUILD_DIR overrides build-mingw/)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
build_dir="${LC_MINGW_BUILD_DIR:-build-mingw}"
mkdir -p "$build_dir"
build_dir="$(cd "$build_dir" && pwd)"
deps="$build_dir/deps"
sysroot="$deps/root"

say() { echo "windows-mingw-wine: $*"; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# 1. Cross compiler, wine, build tools.
tools=(g++-mingw-w64-x86-64-posix mingw-w64-x86-64-dev wine wine64 cmake ninja-build jq)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. Header-only dependencies for the Windows build, unpacked privately.
header_packages=(libboost1.81-dev nlohmann-json3-dev libcli11-dev)
if [ ! -f "$sysroot/.complete" ]; then
  say "unpacking ${header_packages[*]} into $sysroot"
  rm -rf "$deps" && mkdir -p "$deps/debs" "$sysroot"
  (cd "$deps/debs" && { apt-get download -q "${header_packages[@]}" 2>/dev/null ||
                        { $sudo apt-get update -qq && apt-get download -q "${header_packages[@]}"; }; })
  for deb in "$deps"/debs/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  # Boost 1.81 includes <Windows.h>; mingw-w64 ships <windows.h> and Linux file names are
  # case-sensitive.
  printf '#include <windows.h>\n' > "$sysroot/usr/include/Windows.h"
  touch "$sysroot/.complete"
fi
boost_cmake="$(ls -d "$sysroot"/usr/lib/*/cmake/Boost-* | head -n1)"
headers_cmake="$(ls -d "$sysroot"/usr/lib/*/cmake/boost_headers-* | head -n1)"

# 3. Configure and build.
build_started=$(date +%s)
cmake -S . -B "$build_dir" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchains/mingw-w64-x86_64.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DLC_WERROR=ON \
  -DLC_BUILD_TESTS=OFF -DLC_WITH_SUITE=OFF -DLC_PROCESS_V2_HEADER_ONLY=ON \
  -DBoost_DIR="$boost_cmake" -Dboost_headers_DIR="$headers_cmake" \
  -Dnlohmann_json_DIR="$sysroot/usr/share/cmake/nlohmann_json" \
  -DCLI11_DIR="$sysroot/usr/share/cmake/CLI11" > "$build_dir/configure.log"
cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)"
exe="$build_dir/runners/listen-conformance.exe"
say "built $exe in $(( $(date +%s) - build_started )) s"

# 4. Run under wine: a private prefix, no display, no Mono/Gecko installers, no debug chatter.
export WINEPREFIX="$build_dir/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
trap 'wineserver -k 2>/dev/null || true' EXIT  # this prefix's wineserver only
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "creating the wine prefix $WINEPREFIX"
  wine wineboot --init > "$build_dir/wineboot.log" 2>&1 || true
  wineserver -w
fi
out="$build_dir/wine-probe.json"
run_started=$(date +%s)
wine "$exe" probe --backlog 5 --connections 14 --json > "$out" 2> "$build_dir/wine-probe.stderr" || {
  say "the probe failed under wine (exit $?):"
  cat "$build_dir/wine-probe.stderr" "$out" >&2
  exit 1
}
say "probe ran in $(( $(date +%s) - run_started )) s under wine"

# 5. The observation must be complete: its format, the spec asked for, one outcome per attempt.
if ! jq -e '
    .format == "listen-conformance/observation" and .version == 1
    and .os == "windows" and (.kernel | test("wine"))
    and .failure == null and .listen_ok == true
    and .spec.backlog == 5 and .spec.connections == 14
    and (.attempts | length) == 14 and (.evidence | length) == 14
    and ([.outcomes[]] | add) == 14 and .accepted >= 1' "$out" > /dev/null; then
  say "not a complete observation:"
  cat "$out" >&2
  exit 1
fi
jq -c '{os, kernel, arch, isolation, listen_ok, effective_backlog, queue_length, accepted, outcomes,
        elapsed_ms}' "$out"
say "ok: valid observation in $out; total $(( $(date +%s) - started )) s"
