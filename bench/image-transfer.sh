#!/usr/bin/env bash
# Daemon-side image work, berthd beside dockerd (Debian's docker.io, when installed), measured in the same
# run with the same client (the docker CLI) against each daemon: import, save and load of a busybox image
# and of an image with one 128 MiB layer. Prints medians of N runs and the ratio dockerd/berthd.
# Usage: bench/image-transfer.sh [RUNS]   (needs bin/berthd: scripts/build.sh; dockerd optional)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { for _ in $(seq 1 300); do [ -S "$1" ] && DOCKER_HOST="unix://$1" docker version >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

mkdir -p "$work/berth"
bin/berthd --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berth/d.sock" --log-level error 2>"$work/berth/log" &
pids+=($!)
wait_for "$work/berth/d.sock"
daemons=(berthd)
if command -v dockerd >/dev/null; then
  mkdir -p "$work/docker"
  dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/docker/d.sock" \
    --pidfile "$work/docker/d.pid" --iptables=false --ip-masq=false --bridge=none >"$work/docker/log" 2>&1 &
  pids+=($!)
  wait_for "$work/docker/d.sock"
  daemons+=(dockerd)
fi
socket() { [ "$1" = berthd ] && echo "$work/berth/d.sock" || echo "$work/docker/d.sock"; }

scripts/make-busybox-rootfs.sh "$work/busybox.tar"
mkdir "$work/big" && head -c $((128 << 20)) /dev/urandom > "$work/big/blob" && tar -C "$work/big" -cf "$work/big.tar" . && rm -rf "$work/big"
export DOCKER_CONFIG="$work/docker-config"

# median_ms DAEMON CMD...: runs the docker CLI against DAEMON $runs times; median wall time in ms.
median_ms() {
  local daemon=$1; shift
  local times=()
  for i in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    DOCKER_HOST="unix://$(socket "$daemon")" docker "${@//@I@/$i}" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

printf '%-22s' "docker CLI, median ms"; for d in "${daemons[@]}"; do printf '%12s' "$d"; done; [ ${#daemons[@]} -gt 1 ] && printf '%10s' ratio; echo
for image in busybox big; do
  for step in import save load; do
    row=()
    for d in "${daemons[@]}"; do
      case $step in
        import) row+=("$(median_ms "$d" import "$work/$image.tar" "bench-$image:@I@")") ;;
        save)   row+=("$(median_ms "$d" save -o "$work/$d-$image.out.tar" "bench-$image:1")") ;;
        load)   row+=("$(median_ms "$d" load -q -i "$work/$d-$image.out.tar")") ;;
      esac
    done
    printf '%-22s' "$step $image"; for v in "${row[@]}"; do printf '%12s' "$v"; done
    [ ${#row[@]} -gt 1 ] && awk -v b="${row[0]}" -v d="${row[1]}" 'BEGIN { printf "%9.2fx", d / b }'
    echo
  done
done
