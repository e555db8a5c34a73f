#!/usr/bin/env bash
# Installs what the build and the tests need, when it is missing. Debian/Ubuntu: apt-get.
# Usage: ci/install-deps.sh            (idempotent; does nothing when all is there)
set -euo pipefail

debian_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libyaml-cpp-dev libboost-dev libboost-filesystem-dev nlohmann-json3-dev libcli11-dev
  libmuparser-dev libssl-dev libgtest-dev libgmock-dev
  libpugixml-dev python3 python3-jsonschema
)

install_debian() {
  local missing=()
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#debian_packages[@]} packages present"
    return 0
  fi
  echo "install-deps: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

case "$(uname -s)" in
  Linux)
    if command -v apt-get >/dev/null 2>&1; then
      install_debian
    else
      echo "install-deps: no apt-get here; install the equivalents of: ${debian_packages[*]}" >&2
      exit 2
    fi
    ;;
  *)
    echo "install-deps: $(uname -s) is not supported by this script yet" >&2
    exit 2
    ;;
esac
