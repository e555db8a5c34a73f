#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs a command as root when LC_PRIVILEGE=root (through sudo, keeping the environment and PATH,
# so that a CMake put first on PATH stays first), and as the current user otherwise.
# Usage: LC_PRIVILEGE=root|user ci/gha/run-as.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${LC_PRIVILEGE:-user}" = root ] && [ "$(id -u)" -ne 0 ]; then
  exec sudo -E env "PATH=$PATH" "$@"
fi
exec "$@"
