#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# go-net: builds go_net.go into DIR (its build cache too, so nothing is left behind) and runs it.
set -eu
backlog=$1 port=$2 dir=$3
go=/usr/bin/go
[ -x "$go" ] || { echo "missing $go" >&2; exit 77; }
here=$(dirname "$0")
GOCACHE="$dir/gocache" GOPATH="$dir/gopath" GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 \
  "$go" build -o "$dir/go-net" "$here/go_net.go" >&2
exec "$dir/go-net" "$backlog" "$port" "$dir"
