#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# rust-tcplistener: compiles rust_tcplistener.rs with Debian's rustc into DIR (removed with it)
# and runs it; used only when the build did not compile it (rustc installed after the build).
set -eu
backlog=$1 port=$2 dir=$3
rustc=/usr/bin/rustc
[ -x "$rustc" ] || { echo "missing $rustc" >&2; exit 77; }
here=$(dirname "$0")
version=$("$rustc" --version)
version=${version#rustc }
LC_RUSTC_VERSION=${version%% *} "$rustc" -O -o "$dir/rust-tcplistener" "$here/rust_tcplistener.rs" >&2
exec "$dir/rust-tcplistener" "$backlog" "$port" "$dir"
