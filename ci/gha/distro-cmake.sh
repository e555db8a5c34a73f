#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# GitHub's Ubuntu images put a recent CMake in /usr/local/bin. This puts the distribution's
# (/usr/bin, installed by ci/install-deps.sh; 3.22 on Ubuntu 22.04) first on PATH for the
# following steps, so that the presets and scripts are proven on the oldest CMake they support.
set -euo pipefail
if [ ! -x /usr/bin/cmake ]; then
  echo "distro-cmake: /usr/bin/cmake is missing (run ci/install-deps.sh first)" >&2
  exit 2
fi
/usr/bin/cmake --version | head -n 1
if [ -n "${GITHUB_PATH:-}" ]; then
  echo /usr/bin >>"$GITHUB_PATH"
else
  echo "distro-cmake: not on GitHub Actions; use: PATH=/usr/bin:\$PATH"
fi
