#!/usr/bin/env bash
# Build times of a ~10-step Dockerfile with a 50 MB COPY, cold (--no-cache) and fully cached, medians of RUNS,
# measured in one run beside the peers on this machine: berthd (berth CLI), dockerd from Debian's docker.io with
# BuildKit and with the classic builder (its own 20.10 client), and buildah where installed. Ratios are to BuildKit.
# Usage: bench/build.sh [RUNS]   (needs bin/berth and bin/berthd: scripts/build.sh; as root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
work=$(mktemp -d /tmp/berth-bench-build-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  # dockerd leaves mounts (its netns, overlays) under its exec root: unmount whatever is under $work, deepest first.
  awk -v w="$work" '$2 ~ "^" w { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DOCKER_CONFIG="$work/docker-config"

wait_for() { for _ in $(seq 1 300); do [ -S "$1" ] && DOCKER_HOST="unix://$1" docker version >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

# median_ms CMD...: runs CMD $runs times (after one warm-up run); median wall time in ms, or "failed" (with the
# command's output on stderr) when a run fails: a failed build is fast, and must not pass for a result.
median_ms() {
  "$@" >"$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$work/last.log" >&2; echo failed; return; }
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >"$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$work/last.log" >&2; echo failed; return; }; end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.0f", m / 1000 }'
}

scripts/make-busybox-rootfs.sh "$work/busybox.tar"
context="$work/context"
mkdir -p "$context/src"
head -c $((50 * 1024 * 1024)) /dev/urandom > "$context/big.bin"
for i in $(seq 1 20); do echo "file $i" > "$context/src/f$i.txt"; done
cat > "$context/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG VERSION=1
ENV APP=/app VERSION=${VERSION}
WORKDIR /app
COPY big.bin /app/data/big.bin
COPY src/ /app/src/
RUN sha256sum /app/data/big.bin > /app/data/big.sha256
RUN for f in /app/src/*.txt; do cat "$f"; done > /app/all.txt
RUN adduser -D -H app 2>/dev/null || true; mkdir -p /var/app && chown app /var/app 2>/dev/null || true
LABEL org.example.bench=build
EXPOSE 8080
CMD ["cat", "/app/all.txt"]
DOCKERFILE

start_daemon() { # NAME BINARY ARGS...
  local name=$1; shift
  mkdir -p "$work/$name"
  "$@" > "$work/$name/log" 2>&1 &
  pids+=($!)
  wait_for "$work/$name/d.sock"
}

printf '%-34s %12s %12s\n' "builder (medians of $runs)" "cold ms" "cached ms"
declare -A cold cached

start_daemon berth bin/berthd --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berth/d.sock" --pidfile "$work/berth/pid"
B=(bin/berth -H "unix://$work/berth/d.sock")
"${B[@]}" import "$work/busybox.tar" busybox:latest >/dev/null
cold[berth]=$(median_ms "${B[@]}" build --no-cache -t bench:1 "$context")
cached[berth]=$(median_ms "${B[@]}" build -t bench:1 "$context")

if [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ]; then
  start_daemon dockerd /usr/sbin/dockerd --data-root "$work/dockerd/data" --exec-root "$work/dockerd/exec" -H "unix://$work/dockerd/d.sock" \
    --pidfile "$work/dockerd/pid" --bridge=none --iptables=false
  D=(env DOCKER_HOST="unix://$work/dockerd/d.sock" /usr/bin/docker)
  "${D[@]}" import "$work/busybox.tar" busybox:latest >/dev/null
  # RUN on the host network everywhere, as berth's builds do: this dockerd runs without a bridge.
  cold[buildkit]=$(median_ms env DOCKER_BUILDKIT=1 "${D[@]}" build --network host --no-cache -t bench:1 "$context")
  cached[buildkit]=$(median_ms env DOCKER_BUILDKIT=1 "${D[@]}" build --network host -t bench:1 "$context")
  cold[classic]=$(median_ms env DOCKER_BUILDKIT=0 "${D[@]}" build --network host --no-cache -t bench:2 "$context")
  cached[classic]=$(median_ms env DOCKER_BUILDKIT=0 "${D[@]}" build --network host -t bench:2 "$context")
fi

if command -v buildah >/dev/null; then
  BA=(env -u DOCKER_CONFIG buildah --root "$work/buildah/root" --runroot "$work/buildah/run" --storage-driver overlay)
  # buildah's import of the same rootfs: a container from scratch with the tar added, committed as busybox.
  base=$("${BA[@]}" from scratch)
  "${BA[@]}" add "$base" "$work/busybox.tar" / >/dev/null
  "${BA[@]}" commit -q "$base" busybox:latest >/dev/null
  "${BA[@]}" rm "$base" >/dev/null
  cold[buildah]=$(median_ms "${BA[@]}" bud --no-cache --isolation chroot -t bench:1 "$context")
  cached[buildah]=$(median_ms "${BA[@]}" bud --layers --isolation chroot -t bench:1 "$context")
fi

ratio() { [[ "$1$2" =~ ^[0-9]+$ ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "-"; }
for builder in berth buildkit classic buildah; do
  [ -n "${cold[$builder]:-}" ] || { printf '%-34s %12s\n' "$builder" "not installed"; continue; }
  printf '%-34s %12s %12s   vs BuildKit: cold %s, cached %s\n' "$builder" "${cold[$builder]}" "${cached[$builder]}" \
    "$(ratio "${cold[$builder]}" "${cold[buildkit]:-1}")" "$(ratio "${cached[$builder]}" "${cached[buildkit]:-1}")"
done
