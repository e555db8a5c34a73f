#!/bin/busybox sh
# /init of the kernel-matrix guests (copied into the initramfs by ci/kernel-matrix.sh).
# Console: /dev/ttyS0 (the first serial port, a log file on the host).
# Results: /dev/ttyS1 (the second serial port, a file on the host), framed and base64-encoded:
#   ==KMATRIX-RESULTS-BEGIN== / base64 of a gzipped tar of /results / ==KMATRIX-RESULTS-END==
# then power off. Parameters come from the kernel command line: kmatrix.runs=N (default 2),
# kmatrix.payload=run|probes (default run; see payload.sh).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mkdir -p /tmp /results

uptime_s() { cut -d' ' -f1 /proc/uptime; }
log() { echo "kmatrix-guest: $* (uptime $(uptime_s) s)"; }

init_uptime=$(uptime_s)
log "init started on $(uname -r)"

runs=$(sed -n 's/.*kmatrix\.runs=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
runs=${runs:-2}
payload=$(sed -n 's/.*kmatrix\.payload=\([a-z]*\).*/\1/p' /proc/cmdline)
export LC_KMATRIX_PAYLOAD=${payload:-run}

export LC_BIN=/opt/lc/listen-conformance LC_KMATRIX_DIR=/opt/lc LC_EXPECTATIONS=/opt/lc/expectations
. /opt/lc/payload.sh

{
  echo "kernel=$(uname -r)"
  echo "kernel_version=$(cat /proc/version)"
  echo "init_uptime_s=$init_uptime"
  echo "cmdline=$(cat /proc/cmdline)"
  [ -r /proc/sys/net/ipv4/tcp_ehash_entries ] && echo "tcp_ehash_entries=$(cat /proc/sys/net/ipv4/tcp_ehash_entries)"
  echo "tcp_max_syn_backlog=$(cat /proc/sys/net/ipv4/tcp_max_syn_backlog)"
  echo "mem_total=$(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
} > /results/guest.txt

i=1
while [ "$i" -le "$runs" ]; do
  start=$(uptime_s)
  log "payload run $i"
  lc_payload "/results/run$i"
  echo "run${i}_start_s=$start" >> /results/guest.txt
  echo "run${i}_end_s=$(uptime_s)" >> /results/guest.txt
  i=$((i + 1))
done
log "payload done"

# Closing the port waits until its output has drained (closing_wait), so nothing is cut off.
{
  echo "==KMATRIX-RESULTS-BEGIN=="
  tar -c -C /results . | gzip -c | base64
  echo "==KMATRIX-RESULTS-END=="
} > /dev/ttyS1
log "results sent; powering off"
poweroff -f
