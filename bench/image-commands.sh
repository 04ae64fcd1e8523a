#!/usr/bin/env bash
# Image command latency: the berth CLI (NativeAOT) beside the real docker CLI, both against the same berthd,
# measured in the same run. Prints the median of N runs per command and the ratio docker/berth.
# Usage: bench/image-commands.sh [RUNS]   (needs bin/berth and bin/berthd: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
work=$(mktemp -d)
daemon_pid=""
cleanup() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

host="unix://$work/exec/berth.sock"
bin/berthd --data-root "$work/data" --exec-root "$work/exec" -H "$host" --log-level error 2>"$work/berthd.log" &
daemon_pid=$!
for _ in $(seq 1 200); do [ -S "$work/exec/berth.sock" ] && break; sleep 0.05; done
scripts/make-busybox-rootfs.sh "$work/busybox.tar"
bin/berth -H "$host" import "$work/busybox.tar" busybox >/dev/null
export DOCKER_HOST="$host" DOCKER_CONFIG="$work/docker-config"

# median_ms CMD...: runs CMD $runs times, prints the median wall time in milliseconds.
median_ms() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m / 1000 }'
}

printf '%-28s %12s %12s %8s\n' "command ($runs runs, median)" "berth ms" "docker ms" "ratio"
for cmd in "version" "images" "image inspect busybox" "history busybox" "tag busybox bench:x" "save -o $work/out.tar busybox" "load -i $work/out.tar"; do
  # shellcheck disable=SC2086
  b=$(median_ms bin/berth -H "$host" $cmd)
  # shellcheck disable=SC2086
  d=$(median_ms docker $cmd)
  printf '%-28s %12s %12s %8s\n' "${cmd%% -*}" "$b" "$d" "$(awk -v b="$b" -v d="$d" 'BEGIN { printf "%.2fx", d / b }')"
done
