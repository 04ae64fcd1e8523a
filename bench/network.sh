#!/usr/bin/env bash
# Container networking, measured in one run beside dockerd 20.10 (Debian's) on this machine:
#   throughput between two busybox containers on a user-defined bridge network (SIZE_MB, default 1024, of
#   /dev/zero piped through busybox nc from one container to the other; median wall time of THROUGHPUT_RUNS),
#   and container start latency (run --rm busybox true, median of RUNS) on a user network, on the default bridge
#   and with --network none.
# dockerd runs without its default bridge and without iptables (--bridge=none --iptables=false), so it never
# touches docker0 or the host's rules; its user network is a bridge of its own, which is all container-to-container
# traffic needs. berthd's default bridge and both user networks get bridge names and subnets of their own too.
# Usage: bench/network.sh [RUNS]   (needs bin/berthd: scripts/build.sh; as root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
size_mb=${SIZE_MB:-1024}
throughput_runs=${THROUGHPUT_RUNS:-3}
work=$(mktemp -d /tmp/berth-bench-net-XXXXXX)
tag=$$
berth_bridge="bnb${tag}"
docker_bridge="bnd${tag}"
pids=()
docker_at() { local d=$1; shift; DOCKER_HOST="unix://$work/$d/d.sock" docker "$@"; }
cleanup() {
  for d in berth docker; do
    [ -S "$work/$d/d.sock" ] || continue
    ids=$(docker_at "$d" ps -aq 2>/dev/null || true)
    [ -n "$ids" ] && docker_at "$d" rm -f $ids >/dev/null 2>&1 || true
    docker_at "$d" network rm benchnet >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  # berthd keeps its default bridge when it stops (as dockerd keeps docker0); this one was the bench's own.
  for bridge in "$berth_bridge" "$docker_bridge"; do [ -e "/sys/class/net/$bridge" ] && ip link delete "$bridge" || true; done
  awk -v w="$work" '$2 ~ "^" w { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DOCKER_CONFIG="$work/docker-config"

# A /24 no device on this machine routes yet, for each network the bench makes.
free_subnets() {
  local n=$1 found=()
  for octet in $(seq 200 250); do
    ip route show | grep -q "^10\.$octet\." && continue
    found+=("$octet")
    [ ${#found[@]} -eq "$n" ] && { echo "${found[@]}"; return; }
  done
  echo "no free 10.N.0.0/16 for the bench's networks" >&2; exit 1
}
read -r berth_octet docker_octet <<<"$(free_subnets 2)"

wait_for() { for _ in $(seq 1 300); do [ -S "$1" ] && DOCKER_HOST="unix://$1" docker version >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

# median_ms CMD...: runs CMD $runs times (after one warm-up); median wall time in ms.
median_ms() {
  local n=$1; shift
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq 1 "$n"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

scripts/make-busybox-rootfs.sh "$work/busybox.tar"

start_daemon() {
  local name=$1; shift
  mkdir -p "$work/$name"
  "$@" >"$work/$name/log" 2>&1 &
  pids+=($!)
  wait_for "$work/$name/d.sock"
  docker_at "$name" import "$work/busybox.tar" busybox:latest >/dev/null
}
start_daemon berth bin/berthd --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berth/d.sock" --log-level error \
  --bridge "$berth_bridge" --bip "10.$berth_octet.0.0/24"
docker_at berth network create --subnet "10.$berth_octet.1.0/24" benchnet >/dev/null
start_daemon docker /usr/sbin/dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/docker/d.sock" \
  --pidfile "$work/docker/d.pid" --bridge=none --iptables=false --ip-masq=false
docker_at docker network create --subnet "10.$docker_octet.1.0/24" -o com.docker.network.bridge.name="$docker_bridge" benchnet >/dev/null

# The receiver takes each connection in a shell that swallows it (-ll: one after another); the sender pipes
# SIZE_MB of zeros into nc, which ends when all of it is written and the receiver closes.
transfer_s() { # engine
  local d=$1
  docker_at "$d" run -d --name bench-rx --network benchnet busybox nc -ll -p 5000 -e sh -c 'cat > /dev/null' >/dev/null
  docker_at "$d" run -d --name bench-tx --network benchnet busybox sleep 100000 >/dev/null
  # Until the receiver listens and its name resolves: a 1-byte transfer that succeeds.
  for _ in $(seq 1 100); do docker_at "$d" exec bench-tx sh -c 'echo | nc bench-rx 5000' >/dev/null 2>&1 && break; sleep 0.1; done
  local ms
  ms=$(median_ms "$throughput_runs" docker_at "$d" exec bench-tx sh -c "dd if=/dev/zero bs=1M count=$size_mb 2>/dev/null | nc bench-rx 5000")
  docker_at "$d" rm -f bench-rx bench-tx >/dev/null
  echo "$ms"
}

berth_transfer=$(transfer_s berth)
docker_transfer=$(transfer_s docker)
mbps() { awk -v ms="$1" -v mb="$size_mb" 'BEGIN { printf "%.0f", mb / (ms / 1000) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo "throughput: $size_mb MB from one busybox container to another through nc on a user network (median of $throughput_runs)"
printf '%-28s %10s %10s\n' "" "ms" "MB/s"
printf '%-28s %10s %10s\n' "berthd (CNI bridge)" "$berth_transfer" "$(mbps "$berth_transfer")"
printf '%-28s %10s %10s\n' "dockerd 20.10 (bridge)" "$docker_transfer" "$(mbps "$docker_transfer")"
printf '%-28s %10s %10s\n' "berthd/dockerd (time)" "$(ratio "$berth_transfer" "$docker_transfer")" ""

echo
echo "start latency: run --rm busybox true, median of $runs, ms"
printf '%-28s %10s %10s %10s %12s\n' "" "none" "user net" "default" "user-none"
latency_row() { # label engine default-bridge?
  local label=$1 d=$2 none user default
  none=$(median_ms "$runs" docker_at "$d" run --rm --network none busybox true)
  user=$(median_ms "$runs" docker_at "$d" run --rm --network benchnet busybox true)
  default=-
  [ "$3" = yes ] && default=$(median_ms "$runs" docker_at "$d" run --rm busybox true)
  printf '%-28s %10s %10s %10s %12s\n' "$label" "$none" "$user" "$default" "$(awk -v a="$user" -v b="$none" 'BEGIN { printf "%+.1f", a - b }')"
  echo "$none $user" >"$work/$d.latency"
}
latency_row "berthd" berth yes
latency_row "dockerd 20.10 (no default)" docker no
read -r berth_none berth_user <"$work/berth.latency"
read -r docker_none docker_user <"$work/docker.latency"
printf '%-28s %10s %10s %10s %12s\n' "berthd/dockerd" "$(ratio "$berth_none" "$docker_none")" "$(ratio "$berth_user" "$docker_user")" "" \
  "$(awk -v a="$berth_user" -v b="$berth_none" -v c="$docker_user" -v d="$docker_none" 'BEGIN { if (c - d > 0) printf "%.2fx", (a - b) / (c - d); else print "-" }')"
