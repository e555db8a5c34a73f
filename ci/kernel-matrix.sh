#!/usr/bin/env bash
# Kernel matrix: runs the listen-conformance suite under several Linux kernels (Debian's stock
# kernel packages, booted in qemu) and on the host, twice on every target, and compares them with
# the runner's own `diff` and `merge`.
#
# Usage: ci/kernel-matrix.sh [--out DIR] [--kernels LIST] [options]
#   --out DIR        output directory (default: out/kernel-matrix)
#   --kernels LIST   comma list of names from ci/kmatrix/kernels.conf, or `default` (the rows
#                    marked yes) or `all` (default: default)
#   --payload KIND   run (default: the conformance suite, `listen-conformance run
#                    --measure-version-skipped` on expectations/linux.yaml) or probes (the
#                    probes of ci/kmatrix/probes.list, compared by ci/kmatrix/probes-*.jq)
#   --no-host        do not run the payload on the host
#   --accel MODE     auto (default: one real probe boot with KVM decides, else TCG), kvm, tcg
#   --jobs N         guests booted at once (default: number of CPUs; each guest is one emulated
#                    CPU, and all at once measured no faster on 2 CPUs)
#   --runs N         payload passes per target (default 2; a difference between them = unstable)
#   --timeout S      hard limit for one guest, boot to power-off (default 300)
#   --bin PATH       the listen-conformance binary (default: $LC_BUILD_DIR or build/, built if missing)
#   --offline        never install, download or build: exit 77 (skip) when something is missing
#
# Kernels, their cache and the private apt configuration: ci/kmatrix/kernels.conf pins the packages;
# they are fetched with `apt-get download` through an apt configuration of this script's own (its
# own sources list, lists and cache directories; the system's sources are never touched) into
# $LC_KMATRIX_CACHE (default /var/cache/listen-conformance/kmatrix, or .cache/kmatrix in the tree
# when that is not writable). Only boot/vmlinuz-* is kept from each package.
#
# RAM-scaled defaults: tcp_max_syn_backlog defaults to max(128, ehash entries / 128), and the TCP
# established-hash size scales with RAM. The guests are booted with thash_entries= set to the
# size of the hash table that a new network namespace uses on the host, so their defaults are the
# host's; the comparison additionally leaves those sysctls out (ci/kmatrix/analyse.sh).
#
# KVM: with --accel auto the first guest is booted once with -accel kvm -cpu host; KVM is used only
# if that boot returns results. It is stopped early on a KVM error or when the guest has not
# reached /init within LC_KMATRIX_KVM_INIT_TIMEOUT (10) seconds; then every guest runs under TCG.
#
# Environment: LC_KMATRIX_CACHE, LC_KMATRIX_MIRROR / LC_KMATRIX_SECURITY_MIRROR (Debian mirrors,
# default deb.debian.org), LC_KMATRIX_KERNELS_CONF (another pins file), LC_KMATRIX_KVM_CPU (host),
# LC_KMATRIX_KVM_PROBE_TIMEOUT (30), LC_KMATRIX_KVM_INIT_TIMEOUT (10).
#
# Boot image: the kernel is booted from its uncompressed ELF vmlinux (extracted once from vmlinuz
# into the cache, PVH entry) where that works, which saves its decompression under emulation
# (0.5-1 s per boot); otherwise from vmlinuz. LC_KMATRIX_BOOT=vmlinuz forces the latter.
#
# Output in --out (payload run): index.md / index.html (the page: which kernels differ from the
# reference, the newest guest kernel, and how, with citations, or that none does; the unstable
# case instances), matrix.md / matrix.html (`merge`: every case instance per target),
# diff/<target>-vs-<reference>.{md,html,json} (`diff`, unstable instances excluded),
# unstable/<target>.{md,html,json} (`diff` of a target's two runs), summary.json, and per target
# <name>/{meta.json,run1/,run2/} (+ console.log, results.serial, qemu.stderr for guests).
# Exit status: 0 every target gave results; 1 some did not; 2 bad usage; 77 skipped (--offline
# and something is missing, or not an x86_64 Linux host).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lc_kmatrix_dir=$repo/ci/kmatrix
SKIP=77

out=$repo/out/kernel-matrix
kernels_arg=default
with_host=1
accel_mode=auto
jobs=$(nproc 2> /dev/null || echo 2)
runs=2
guest_timeout=""
kvm_probe_timeout=${LC_KMATRIX_KVM_PROBE_TIMEOUT:-30}
kvm_init_timeout=${LC_KMATRIX_KVM_INIT_TIMEOUT:-10}
bin=""
offline=0
payload=run

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --kernels) kernels_arg=$2; shift 2 ;;
    --kernels=*) kernels_arg=${1#*=}; shift ;;
    --payload) payload=$2; shift 2 ;;
    --payload=*) payload=${1#*=}; shift ;;
    --no-host) with_host=0; shift ;;
    --accel) accel_mode=$2; shift 2 ;;
    --accel=*) accel_mode=${1#*=}; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --timeout) guest_timeout=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --offline) offline=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "kernel-matrix: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$accel_mode" in auto | kvm | tcg) ;; *) echo "kernel-matrix: --accel auto|kvm|tcg" >&2; exit 2 ;; esac
case "$payload" in probes | run) ;; *) echo "kernel-matrix: --payload probes|run" >&2; exit 2 ;; esac
export LC_KMATRIX_PAYLOAD=$payload
guest_timeout=${guest_timeout:-300}

t_start=$(date +%s.%N)
say() { printf 'kernel-matrix: %s\n' "$*"; }
skip() { say "SKIP: $*"; exit "$SKIP"; }
die() { say "ERROR: $*" >&2; exit 1; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 Linux host (this is $(uname -sm))"

# ---------------------------------------------------------------- tools
apt_install() {  # PACKAGE... (only when allowed)
  [ "$offline" -eq 0 ] || skip "missing: $* (not installed with --offline)"
  [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null || die "missing: $* (install them: apt-get install $*)"
  say "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$@" > /dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" > /dev/null; }
}
need=()
command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
command -v busybox > /dev/null || need+=(busybox-static)
command -v jq > /dev/null || need+=(jq)
command -v strip > /dev/null || need+=(binutils)
command -v unshare > /dev/null || need+=(util-linux)
[ "${#need[@]}" -eq 0 ] || apt_install "${need[@]}"

# ---------------------------------------------------------------- the binary
if [ -z "$bin" ]; then
  bin=$repo/${LC_BUILD_DIR:-build}/runners/listen-conformance
  if [ ! -x "$bin" ]; then
    [ "$offline" -eq 0 ] || skip "no binary at $bin (build it first)"
    say "building ($repo/ci/build.sh)"
    "$repo/ci/build.sh" > /dev/null
  fi
fi
[ -x "$bin" ] || die "no listen-conformance binary at $bin"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
# The lean, static worker the runner spawns per case when it sits beside the binary (under
# emulation its processes start ~5x faster than the full program's); it goes beside it in the guests.
worker=$(dirname "$bin")/listen-conformance-worker
if [ ! -x "$worker" ]; then
  worker=""
  if [ "$payload" = run ]; then
    say "WARNING: no listen-conformance-worker beside $bin: every case spawns the full program (slower)"
  fi
fi

# ---------------------------------------------------------------- pins
declare -A k_suite k_pkg k_ver
k_all=() k_default=()
while read -r name suite pkg ver dflt _; do
  case "$name" in '' | '#'*) continue ;; esac
  k_suite[$name]=$suite k_pkg[$name]=$pkg k_ver[$name]=$ver
  k_all+=("$name")
  [ "$dflt" = yes ] && k_default+=("$name")
done < "${LC_KMATRIX_KERNELS_CONF:-$lc_kmatrix_dir/kernels.conf}"

case "$kernels_arg" in
  default) selected=("${k_default[@]}") ;;
  all) selected=("${k_all[@]}") ;;
  *) IFS=, read -r -a selected <<< "$kernels_arg" ;;
esac
for k in "${selected[@]}"; do
  [ -n "${k_pkg[$k]:-}" ] || die "unknown kernel '$k' (known: ${k_all[*]})"
done

# ---------------------------------------------------------------- cache + private apt configuration
cache=${LC_KMATRIX_CACHE:-/var/cache/listen-conformance/kmatrix}
if ! mkdir -p "$cache" 2> /dev/null || [ ! -w "$cache" ]; then
  cache=$repo/.cache/kmatrix
  mkdir -p "$cache"
fi
apt_dir=$cache/apt
apt_opts=(
  -o "Dir::Etc::sourcelist=$apt_dir/sources.list"
  -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o "APT::Sandbox::User=root"
)
apt_ready=0
apt_private_update() {
  [ "$apt_ready" -eq 1 ] && return 0
  local mirror=${LC_KMATRIX_MIRROR:-http://deb.debian.org/debian}
  local security=${LC_KMATRIX_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  local s
  : > "$apt_dir/sources.list.new"
  for s in $(printf '%s\n' "${k_suite[@]}" | sort -u); do
    echo "deb [signed-by=$keyring] $mirror $s main" >> "$apt_dir/sources.list.new"
    echo "deb [signed-by=$keyring] $security $s-security main" >> "$apt_dir/sources.list.new"
  done
  mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
  say "apt-get update (private configuration: $apt_dir/sources.list)"
  apt-get "${apt_opts[@]}" update -qq > "$apt_dir/update.log" 2>&1 \
    || die "private apt-get update failed: $(tail -3 "$apt_dir/update.log")"
  apt_ready=1
}

flavour_of() {  # linux-image-5.10.0-32-cloud-amd64 -> cloud-amd64
  local r=${1#linux-image-}
  r=${r#*-}
  [[ $r =~ ^[0-9]+-(.*)$ ]] && r=${BASH_REMATCH[1]}
  echo "$r"
}

newest_of_series() {  # NAME -> "package version" of the newest package of its series/flavour/suite
  local name=$1 suite=${k_suite[$1]} series=${1%%-*} flavour
  flavour=$(flavour_of "${k_pkg[$1]}")
  local re="^linux-image-${series//./\\.}(\\.[0-9]+)*(-[0-9][0-9.a-z]*|\\+deb[0-9]+)-${flavour}\$"
  local best_pkg="" best_ver="" p v archive
  for p in $(apt-cache "${apt_opts[@]}" pkgnames "linux-image-$series" | grep -E "$re" || true); do
    while IFS='|' read -r _ v archive; do
      v=${v// /}
      [[ $archive =~ \ $suite(-security|-updates)?/main ]] || continue
      if [ -z "$best_ver" ] || dpkg --compare-versions "$v" gt "$best_ver"; then
        best_pkg=$p best_ver=$v
      fi
    done < <(apt-cache "${apt_opts[@]}" madison "$p")
  done
  [ -n "$best_pkg" ] && echo "$best_pkg $best_ver"
}

fetch_vmlinuz() {  # PACKAGE VERSION -> $cache/kernels/PACKAGE_VERSION/vmlinuz
  local pkg=$1 ver=$2 dest=$cache/kernels/$1_$2 tmp
  tmp=$(mktemp -d "$cache/fetch.XXXXXX")
  say "apt-get download $pkg=$ver"
  (cd "$tmp" && apt-get "${apt_opts[@]}" download -qq "$pkg=$ver" > download.log 2>&1) \
    || { cat "$tmp/download.log" >&2; rm -rf "$tmp"; return 1; }
  dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
  mkdir -p "$dest"
  mv "$tmp"/boot/vmlinuz-* "$dest/vmlinuz"
  printf '%s\n' "package=$pkg" "version=$ver" "file=$(basename "$tmp"/*.deb)" > "$dest/package.txt"
  rm -rf "$tmp"
}

declare -A r_pkg r_ver r_vmlinuz r_fallback
resolve_kernel() {  # NAME: sets r_* from the cache, fetching (or falling back) when allowed
  local name=$1 pkg=${k_pkg[$1]} ver=${k_ver[$1]}
  local pinned=$cache/kernels/${pkg}_${ver}/vmlinuz fb=$cache/kernels/$name.fallback
  if [ -s "$pinned" ]; then
    r_pkg[$name]=$pkg r_ver[$name]=$ver r_vmlinuz[$name]=$pinned r_fallback[$name]=0
    return 0
  fi
  if [ "$offline" -eq 1 ]; then
    local fpkg fver
    if [ -s "$fb" ] && read -r fpkg fver < "$fb" && [ -s "$cache/kernels/${fpkg}_${fver}/vmlinuz" ]; then
      say "$name: pinned $pkg=$ver is not cached; using the cached fallback $fpkg=$fver"
      r_pkg[$name]=$fpkg r_ver[$name]=$fver r_vmlinuz[$name]=$cache/kernels/${fpkg}_${fver}/vmlinuz r_fallback[$name]=1
      return 0
    fi
    return 1
  fi
  apt_private_update
  if apt-cache "${apt_opts[@]}" madison "$pkg" 2> /dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}' | grep -qxF "$ver"; then
    fetch_vmlinuz "$pkg" "$ver" || die "$name: could not download $pkg=$ver"
    r_pkg[$name]=$pkg r_ver[$name]=$ver r_vmlinuz[$name]=$pinned r_fallback[$name]=0
    return 0
  fi
  local newest
  newest=$(newest_of_series "$name") || true
  [ -n "$newest" ] || die "$name: pinned $pkg=$ver has left the archive and no other ${name%%-*} $(flavour_of "$pkg") kernel is in ${k_suite[$name]}"
  local npkg nver
  read -r npkg nver <<< "$newest"
  say "$name: pinned $pkg=$ver has left the archive; FALLING BACK to the newest of the series: $npkg=$nver (update ci/kmatrix/kernels.conf)"
  [ -s "$cache/kernels/${npkg}_${nver}/vmlinuz" ] || fetch_vmlinuz "$npkg" "$nver" || die "$name: could not download $npkg=$nver"
  echo "$npkg $nver" > "$fb"
  r_pkg[$name]=$npkg r_ver[$name]=$nver r_vmlinuz[$name]=$cache/kernels/${npkg}_${nver}/vmlinuz r_fallback[$name]=1
}

# The uncompressed kernel (ELF, with the PVH entry qemu boots it by) next to vmlinuz: found by
# the compressor's magic in the bzImage, as the kernel's scripts/extract-vmlinux does.
vmlinux_ok() {  # FILE: an ELF with the PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, 0x12), not truncated
  local f=$1 size
  [ "$(head -c 4 "$f" | od -A n -t x1 | tr -d ' ')" = 7f454c46 ] || return 1
  readelf -nW "$f" 2> /dev/null | grep 'Xen .*(0x00000012)' > /dev/null || return 1
  size=$(stat -c %s "$f")
  local type off filesz n=0 _
  while read -r type off _ _ filesz _; do
    [ "$type" = LOAD ] || continue
    n=$((n + 1))
    [ $((off + filesz)) -le "$size" ] || return 1
  done < <(readelf -lW "$f" 2> /dev/null)
  [ "$n" -gt 0 ]
}
extract_vmlinux() {  # VMLINUZ: writes DIR/vmlinux once; 0 when it is there
  local z=$1 dir off tool magic
  dir=$(dirname "$z")
  [ -s "$dir/vmlinux" ] && return 0
  [ -w "$dir" ] || return 1
  for tool in 'zstd:\x28\xb5\x2f\xfd' 'xz:\xfd7zXZ\x00' 'lz4:\x02\x21\x4c\x18' 'gzip:\x1f\x8b\x08\x00'; do
    magic=${tool#*:} tool=${tool%%:*}
    command -v "$tool" > /dev/null || continue
    for off in $(LC_ALL=C grep -obUaP "$magic" "$z" 2> /dev/null | head -3 | cut -d: -f1); do
      tail -c +"$((off + 1))" "$z" | "$tool" -dc 2> /dev/null > "$dir/vmlinux.tmp.$$" || true
      if vmlinux_ok "$dir/vmlinux.tmp.$$"; then
        mv "$dir/vmlinux.tmp.$$" "$dir/vmlinux"
        return 0
      fi
    done
  done
  rm -f "$dir/vmlinux.tmp.$$"
  return 1
}

missing=()
for k in "${selected[@]}"; do
  resolve_kernel "$k" || missing+=("$k")
done
[ "${#missing[@]}" -eq 0 ] || skip "kernels not cached in $cache: ${missing[*]} (run ci/kernel-matrix.sh once without --offline to fetch them)"
declare -A r_boot
for k in "${selected[@]}"; do
  r_boot[$k]=${r_vmlinuz[$k]}
  if [ "${LC_KMATRIX_BOOT:-vmlinux}" = vmlinux ] && extract_vmlinux "${r_vmlinuz[$k]}"; then
    r_boot[$k]=$(dirname "${r_vmlinuz[$k]}")/vmlinux
  fi
done
t_fetched=$(date +%s.%N)

# ---------------------------------------------------------------- output directory
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/work
rm -rf "$work" "$out/diff" "$out/unstable" "$out/summary.json" "$out/matrix.md" "$out/matrix.html" \
  "$out/index.md" "$out/index.html" "$out/host"
for k in "${selected[@]}"; do rm -rf "${out:?}/$k"; done
mkdir -p "$work"

# ---------------------------------------------------------------- the host's TCP hash size
# A new network namespace on the host gets tcp_max_tw_buckets = ehash entries / 2 (tcp_sk_init).
host_ehash=""
if tw=$(unshare -n cat /proc/sys/net/ipv4/tcp_max_tw_buckets 2> /dev/null) && [ "$tw" -gt 0 ]; then
  host_ehash=$((tw * 2))
elif [ -r /proc/sys/net/ipv4/tcp_ehash_entries ]; then
  host_ehash=$(cat /proc/sys/net/ipv4/tcp_ehash_entries)
  host_ehash=${host_ehash#-}
fi
host_syn_backlog=$(unshare -n cat /proc/sys/net/ipv4/tcp_max_syn_backlog 2> /dev/null \
                   || cat /proc/sys/net/ipv4/tcp_max_syn_backlog)
[ -n "$host_ehash" ] || host_ehash=$((host_syn_backlog * 128))
say "host: $(uname -r); TCP ehash entries for a new netns: $host_ehash (tcp_max_syn_backlog $host_syn_backlog) -> guests get thash_entries=$host_ehash"

# ---------------------------------------------------------------- initramfs
copy_closure() {  # FILE ROOT: the shared libraries FILE needs, and the dynamic loader
  local f=$1 root=$2 lib
  if ! ldd "$f" > "$work/ldd.txt" 2>&1; then return 0; fi   # static
  if grep -q 'not found' "$work/ldd.txt"; then die "$f: $(grep 'not found' "$work/ldd.txt" | head -1)"; fi
  for lib in $(grep -oE '/[^ ]+' "$work/ldd.txt"); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}
initramfs=$work/initramfs.cpio.gz
build_initramfs() {
  local root=$work/initramfs-root bb
  rm -rf "$root"
  mkdir -p "$root"/{bin,dev,proc,sys,tmp,results,opt/lc}
  bb=$(command -v busybox)
  cp -L "$bb" "$root/bin/busybox"
  copy_closure "$bb" "$root"
  strip --strip-debug -o "$root/opt/lc/listen-conformance" "$bin" 2> /dev/null || cp "$bin" "$root/opt/lc/listen-conformance"
  copy_closure "$bin" "$root"
  if [ -n "$worker" ]; then
    strip --strip-debug -o "$root/opt/lc/listen-conformance-worker" "$worker" 2> /dev/null \
      || cp "$worker" "$root/opt/lc/listen-conformance-worker"
    copy_closure "$worker" "$root"
  fi
  cp "$lc_kmatrix_dir/payload.sh" "$lc_kmatrix_dir/probes.list" "$root/opt/lc/"
  cp "$lc_kmatrix_dir/guest-init.sh" "$root/init"
  chmod 755 "$root/init"
  [ -d "$repo/expectations" ] && cp -r "$repo/expectations" "$root/opt/lc/expectations"
  (cd "$root" && find . | busybox cpio -o -H newc -R 0:0 2> /dev/null) | gzip -1 > "$initramfs"
}
build_initramfs
say "initramfs: $(du -h "$initramfs" | cut -f1) ($bin${worker:+, $worker}, busybox, payload $payload)"

# ---------------------------------------------------------------- the host
json_or_failure() {  # DIR: every <probe>.json that is not a JSON object becomes {"failure": ...}
  local f
  for f in "$1"/*.json; do
    [ -e "$f" ] || continue
    jq -e 'type == "object"' "$f" > /dev/null 2>&1 && continue
    jq -n --arg e "$(head -c 400 "${f%.json}.err" 2> /dev/null)" --arg rc "$(cat "${f%.json}.rc" 2> /dev/null)" \
      '{failure: {kind: "no_observation", message: ("exit " + $rc + ": " + $e)}}' > "$f"
  done
}
run_host() {
  local d=$out/host i t0 t1
  mkdir -p "$d"
  export LC_BIN=$bin LC_KMATRIX_DIR=$lc_kmatrix_dir LC_EXPECTATIONS=$repo/expectations
  # shellcheck source=kmatrix/payload.sh
  . "$lc_kmatrix_dir/payload.sh"
  local secs=()
  for ((i = 1; i <= runs; i++)); do
    t0=$(date +%s.%N)
    lc_payload "$d/run$i"
    t1=$(date +%s.%N)
    json_or_failure "$d/run$i"
    secs+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
  done
  jq -n --arg kernel "$(uname -r)" --arg r1 "${secs[0]:-}" --arg r2 "${secs[1]:-}" \
    --arg syn "$host_syn_backlog" \
    '{target: "host", kernel: $kernel, accel: "native", status: "ok",
      run1_s: ($r1 | tonumber? // null), run2_s: ($r2 | tonumber? // null),
      tcp_max_syn_backlog: ($syn | tonumber? // null)}' > "$d/meta.json"
}
if [ "$with_host" -eq 1 ]; then
  t0=$(date +%s.%N)
  run_host
  say "host: payload x$runs in $(elapsed "$t0") s"
fi

# ---------------------------------------------------------------- guests
first_line() { grep -v -e '^$' -e 'warning:' "$1" 2> /dev/null | head -1 || true; }
guest_kv() { sed -n "s/^$2=//p" "$1/guest.txt" 2> /dev/null | head -1 || true; }

boot_guest() {  # NAME ACCEL TIMEOUT: boots, collects, writes NAME/meta.json; returns 0 with results
  local name=$1 accel=$2 tmo=$3 d=$out/$1 pid rc=0 t0 t1 status
  rm -rf "$d"
  mkdir -p "$d"
  local qemu=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
    -m 256M -smp 1 -accel "$accel")
  [ "$accel" = kvm ] && qemu+=(-cpu "${LC_KMATRIX_KVM_CPU:-host}")
  qemu+=(-kernel "${r_boot[$name]}" -initrd "$initramfs"
    -append "console=ttyS0 panic=-1 quiet thash_entries=$host_ehash kmatrix.runs=$runs kmatrix.payload=$payload"
    -serial "file:$d/console.log" -serial "file:$d/results.serial")
  printf '%q ' "${qemu[@]}" > "$d/qemu.cmdline"
  t0=$(date +%s.%N)
  # The subshell reaps qemu (a qemu killed by a signal is reported into qemu.stderr, not here).
  : > "$d/qemu.stderr"
  (
    timeout -k 3 "$tmo" "${qemu[@]}" < /dev/null > "$d/qemu.stdout" 2>> "$d/qemu.stderr" &
    echo "$!" > "$d/timeout.pid"
    wait "$!"
  ) 2>> "$d/qemu.stderr" &
  pid=$!
  local waited=0 kvm_stuck=""
  while kill -0 "$pid" 2> /dev/null; do
    # A KVM that cannot run the guest either reports it (and then sits paused) or gets nowhere:
    # a guest under KVM reaches /init in a second or two, under TCG in a few. Stop it early
    # (through the timeout process, which passes the signal on to qemu).
    if [ "$accel" = kvm ]; then
      if grep -qE 'KVM internal error|emulation failure|failed to set MSR' "$d/qemu.stderr" 2> /dev/null; then
        kvm_stuck="KVM error"
      elif [ "$waited" -ge $((kvm_init_timeout * 10)) ] && ! grep -q 'kmatrix-guest: init started' "$d/console.log" 2> /dev/null; then
        kvm_stuck="no /init within ${kvm_init_timeout}s"
      fi
      if [ -n "$kvm_stuck" ]; then
        [ -s "$d/timeout.pid" ] && kill "$(cat "$d/timeout.pid")" 2> /dev/null
        break
      fi
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  wait "$pid" || rc=$?
  t1=$(date +%s.%N)
  rm -f "$d/timeout.pid"
  status=ok
  if grep -q '==KMATRIX-RESULTS-END==' "$d/results.serial" 2> /dev/null; then
    sed -n '/==KMATRIX-RESULTS-BEGIN==/,/==KMATRIX-RESULTS-END==/{/==KMATRIX-RESULTS-/!p}' "$d/results.serial" \
      | tr -d '\r' | base64 -d 2> /dev/null | tar -xz -C "$d" 2> /dev/null || status="results unreadable"
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    status="timeout after ${tmo}s, no results"
  else
    status="no results (qemu exit $rc${kvm_stuck:+, stopped: $kvm_stuck}: $(first_line "$d/qemu.stderr"))"
  fi
  local i
  for ((i = 1; i <= runs; i++)); do json_or_failure "$d/run$i"; done
  [ "$status" = ok ] && [ ! -d "$d/run1" ] && status="no payload results"
  jq -n --arg target "$name" --arg kernel "$(guest_kv "$d" kernel)" --arg pkg "${r_pkg[$name]}" \
    --arg ver "${r_ver[$name]}" --argjson fallback "${r_fallback[$name]}" --arg boot "$(basename "${r_boot[$name]}")" \
    --arg pinned "${k_pkg[$name]} ${k_ver[$name]}" --arg accel "$accel" --arg status "$status" \
    --arg wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
    --arg init "$(guest_kv "$d" init_uptime_s)" \
    --arg r1s "$(guest_kv "$d" run1_start_s)" --arg r1e "$(guest_kv "$d" run1_end_s)" \
    --arg r2s "$(guest_kv "$d" run2_start_s)" --arg r2e "$(guest_kv "$d" run2_end_s)" \
    --arg syn "$(guest_kv "$d" tcp_max_syn_backlog)" --arg thash "$host_ehash" \
    'def n: tonumber? // null;
     def span($a; $b): if ($a | n) != null and ($b | n) != null then (($b | n) - ($a | n)) else null end;
     {target: $target, kernel: (if $kernel == "" then null else $kernel end),
      package: $pkg, version: $ver, fallback: ($fallback == 1), pinned: $pinned, boot_image: $boot,
      accel: $accel, status: $status, qemu_wall_s: ($wall | n), init_uptime_s: ($init | n),
      run1_s: span($r1s; $r1e), run2_s: span($r2s; $r2e),
      thash_entries: ($thash | n), tcp_max_syn_backlog: ($syn | n)}' > "$d/meta.json"
  [ "$status" = ok ]
}

accel=tcg
queue=("${selected[@]}")
kvm_note="not tried (--accel $accel_mode)"
if [ "$accel_mode" != tcg ] && [ "${#queue[@]}" -gt 0 ]; then
  first=${queue[0]}
  say "KVM probe: booting $first with -accel kvm (limit ${kvm_probe_timeout}s)"
  t0=$(date +%s.%N)
  if boot_guest "$first" kvm "$kvm_probe_timeout"; then
    accel=kvm
    kvm_note="usable: $first booted and returned results in $(elapsed "$t0") s"
    queue=("${queue[@]:1}")
  else
    kvm_note="unusable: $(jq -r .status "$out/$first/meta.json")"
    mv "$out/$first" "$work/kvm-probe-$first"
    [ "$accel_mode" = kvm ] && die "KVM $kvm_note"
  fi
  say "KVM $kvm_note ($(elapsed "$t0") s) -> $accel"
fi
echo "$kvm_note" > "$work/kvm.txt"

t_guests=$(date +%s.%N)
[ "$jobs" -ge 1 ] 2> /dev/null || jobs=1
for k in "${queue[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  (
    if boot_guest "$k" "$accel" "$guest_timeout"; then
      say "$k: $(jq -r '"\(.kernel), \(.accel): /init at \(.init_uptime_s) s, qemu \(.qemu_wall_s) s"' "$out/$k/meta.json")"
    else
      say "$k: FAILED: $(jq -r .status "$out/$k/meta.json") (console: $out/$k/console.log)"
    fi
  ) &
done
wait
say "guests: ${#queue[@]} booted with $accel in $(elapsed "$t_guests") s ($jobs at a time)"

# ---------------------------------------------------------------- judge
targets=()
ok_guests=()
for k in "${selected[@]}"; do
  targets+=("$k")
  [ "$(jq -r .status "$out/$k/meta.json")" = ok ] && ok_guests+=("$k")
done
[ "$with_host" -eq 1 ] && targets+=(host)
reference=host
if [ "${#ok_guests[@]}" -gt 0 ]; then
  reference=$(for k in "${ok_guests[@]}"; do echo "$(jq -r .kernel "$out/$k/meta.json") $k"; done | sort -V | tail -1 | cut -d' ' -f2)
fi
lc_payload_kind=$payload
export LC_BIN=$bin
t_analyse=$(date +%s.%N)
# shellcheck source=kmatrix/analyse.sh
. "$lc_kmatrix_dir/analyse.sh"
lc_analyse "$out" "$reference" "${targets[@]}"
say "diff and merge in $(elapsed "$t_analyse") s"

# RAM-scaled defaults must be the host's in every guest (thash_entries worked).
for k in "${ok_guests[@]}"; do
  g=$(jq -r .tcp_max_syn_backlog "$out/$k/meta.json")
  [ "$g" = "$host_syn_backlog" ] || say "WARNING: $k: tcp_max_syn_backlog $g, host $host_syn_backlog (thash_entries=$host_ehash did not equalise it)"
done

# ---------------------------------------------------------------- summary
if [ "$payload" = run ]; then
  jq -r '
    "targets (reference \(.reference)):",
    (.targets[] | "  \(.name | . + " " * (10 - length)) \(.machine.kernel_release // .meta.kernel // "-")  \(.meta.accel // "-")  \(.meta.status // "-")  " +
       (if .verdicts then "\(.verdicts.conforms) conform, \(.verdicts.deviates) deviate, \(.verdicts.skipped) skipped, \(.verdicts.error) error" else "no results" end) +
       "; unstable \(.unstable | length)" +
       (if .diff then "; differs from the reference in \(.diff.instances | length)" else "" end)),
    .reference as $ref
    | (if (.differing | length) == 0 then "no kernel differs from the reference \($ref)"
     else (.targets[] | select(.diff != null and (.diff.instances | length) > 0) as $t
           | "differences \($t.name) -> \($ref):",
             ($t.diff.instances[] | "  \(.id): \(.verdict.base // "-") -> \(.verdict.new // "-")" +
                (.fields | map(select(.field | test("^observation\\.(outcomes|effective|queue|listen)"))) | .[:3]
                 | map("; \(.field) \(.base) -> \(.new)") | join("")))) end),
    "RAM-scaled values in the differences: \(.ram_scaled_in_differences | length)"' "$out/summary.json"
else
  jq -r '
    "targets (reference \(.reference)):",
    (.targets[] | "  \(.name | . + " " * (10 - length)) \(.meta.kernel // "-")  \(.meta.accel // "-")  \(.meta.status // "-")  b0-sc0: \(.probes["b0-sc0"].cell // "-")"),
    "differences against \(.reference): \(.differences | length)\(if (.differences | length) == 0 then " (none)" else "" end)",
    (.differences[] | "  \(.target) \(.probe): \(.target_cell) vs \(.reference_cell)"),
    "not compared (unstable): \(.not_compared | length)"' "$out/summary.json"
fi
echo "kernel-matrix: KVM $kvm_note"
say "fetch/check kernels $(awk -v a="$t_start" -v b="$t_fetched" 'BEGIN { printf "%.1f", b - a }') s; total $(elapsed "$t_start") s"
if [ "$payload" = run ]; then
  say "page: $out/index.md (and index.html); matrix: $out/matrix.md (and matrix.html); diffs: $out/diff/"
else
  say "page: $out/matrix.md"
fi
[ "${#ok_guests[@]}" -eq "${#selected[@]}" ] || exit 1
exit 0
