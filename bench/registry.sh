#!/usr/bin/env bash
# Pull and push of a ~200 MB, 5-layer image on loopback, against Debian's docker-registry (distribution 2.8, a config
# of the bench's own on 127.0.0.1, no auth), measured in one run beside the peers on this machine. Medians of RUNS
# (after one warm-up run), in seconds, with ratios:
#   pull  (until runnable)  berth: berthd has fetched, verified and unpacked every layer into its snapshotter when
#                                  `berth pull` returns;  docker: dockerd 20.10 has extracted every layer into overlay2;
#                                  podman: every layer is applied to containers-storage (overlay);
#                                  skopeo: `skopeo copy` to an OCI directory, fetch and write only (the floor: no unpack).
#   push  (to an empty registry, restarted on fresh storage before each run, untimed)
#                                  berth, docker, podman from their stores; skopeo from the OCI layout it fetched.
#   server: the same fetch (skopeo to an OCI directory, and berth pull) served by docker-registry and by
#           `berth registry serve`; ratio > 1 means Berth's server is faster.
# The image: busybox, /usr/lib/python3.11 and /usr/share/perl from this host (many small compressible files),
# and two layers of 64 MiB of random data (incompressible).
# Usage: bench/registry.sh [RUNS]   (needs bin/berth, bin/berthd: scripts/build.sh; docker-registry, skopeo,
#                                    podman: scripts/build.sh installs them; dockerd 20.10 at /usr/sbin/dockerd; as root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/berth-bench-registry-XXXXXX)
pids=()
cleanup() {
  [ -s "$work/push.pid" ] && pids+=("$(cat "$work/push.pid")")
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  # dockerd and podman may leave mounts under their roots: unmount whatever is under $work, deepest first.
  awk -v w="$work" '$2 ~ "^" w { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG" && echo "{}" > "$DOCKER_CONFIG/config.json"  # podman reads it too, and fails when it is missing

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_daemon() { for _ in $(seq 1 300); do [ -S "$1" ] && DOCKER_HOST="unix://$1" docker version >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }
wait_for_registry() { for _ in $(seq 1 300); do curl -sf -o /dev/null "http://$1/v2/" && return 0; sleep 0.05; done; echo "no registry on $1" >&2; exit 1; }

# start_docker_registry NAME PORT: docker-registry on 127.0.0.1:PORT with storage under $work/NAME; prints its PID.
start_docker_registry() {
  local dir="$work/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  cat > "$dir/config.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$2
EOF
  /usr/bin/docker-registry serve "$dir/config.yml" > "$dir/log" 2>&1 &
  echo $!
}

# median_s PREPARE CMD...: runs PREPARE (untimed) then CMD, once to warm up and then $runs times; median wall time
# of CMD in seconds, or "failed" (with the command's output on stderr) when a run fails.
median_s() {
  local prepare=$1; shift
  local times=()
  for i in $(seq 0 "$runs"); do
    $prepare >/dev/null 2>&1
    local start end
    start=$(date +%s%N)
    "$@" >"$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$work/last.log" >&2; echo failed; return; }
    end=$(date +%s%N)
    # A pull that found layers already there, or a push that found them in the registry, measured less than it claims to.
    if grep -qiE "already exists|mounted from|skipping: blob" "$work/last.log"; then echo "reused layers: $*" >&2; echo failed; return; fi
    [ "$i" -gt 0 ] && times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m / 1000000 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else printf "-" }'; }

# The registries: the source every pull reads from, Berth's own server holding the same image, and a push target.
src_port=$(free_port); src_pid=$(start_docker_registry src "$src_port"); pids+=("$src_pid")
SRC="127.0.0.1:$src_port"
berth_port=$(free_port)
mkdir -p "$work/berth-registry"
bin/berth registry serve --addr "127.0.0.1:$berth_port" --root "$work/berth-registry/root" > "$work/berth-registry/log" 2>&1 &
pids+=($!)
BREG="127.0.0.1:$berth_port"
push_port=$(free_port)
PUSH="127.0.0.1:$push_port"
wait_for_registry "$SRC"; wait_for_registry "$BREG"
# Its PID goes in a file: median_s runs in a subshell, where a variable set would not outlive the subshell.
fresh_push_registry() {
  if [ -s "$work/push.pid" ]; then
    local pid; pid=$(cat "$work/push.pid")
    kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
  start_docker_registry push "$push_port" > "$work/push.pid"
  wait_for_registry "$PUSH"
}

# Two berthds: one builds the image and seeds the registries; the measured one has never seen it.
for name in builder berthd; do
  mkdir -p "$work/$name"
  bin/berthd --data-root "$work/$name/data" --exec-root "$work/$name/exec" -H "unix://$work/$name/d.sock" --pidfile "$work/$name/pid" \
    > "$work/$name/log" 2>&1 &
  pids+=($!)
  wait_for_daemon "$work/$name/d.sock"
done
BUILDER=(bin/berth -H "unix://$work/builder/d.sock")
B=(bin/berth -H "unix://$work/berthd/d.sock")

scripts/make-busybox-rootfs.sh "$work/busybox.tar"
"${BUILDER[@]}" import "$work/busybox.tar" busybox:latest >/dev/null
context="$work/context"
mkdir -p "$context"
cp -a /usr/lib/python3.11 "$context/python"
cp -a /usr/share/perl "$context/perl"
cat > "$context/Dockerfile" <<'DOCKERFILE'
FROM busybox
COPY python /usr/lib/python3.11
COPY perl /usr/share/perl
RUN head -c 67108864 /dev/urandom > /random1
RUN head -c 67108864 /dev/urandom > /random2
CMD ["sh"]
DOCKERFILE
"${BUILDER[@]}" build -q -t "$SRC/bench/built:1" "$context" >/dev/null
"${BUILDER[@]}" push "$SRC/bench/built:1" >/dev/null
# berth build writes uncompressed layers; registries serve gzip ones in the wild, so the pulled image is skopeo's gzip copy.
skopeo copy -q --src-tls-verify=false --dest-tls-verify=false --dest-compress --dest-compress-format gzip \
  "docker://$SRC/bench/built:1" "docker://$SRC/bench/image:1"
skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://$SRC/bench/image:1" "docker://$BREG/bench/image:1"
size_mb=$("${BUILDER[@]}" image inspect -f '{{.Size}}' "$SRC/bench/built:1" | awk '{ printf "%.0f", $1 / 1e6 }')
blobs_mb=$(skopeo inspect --tls-verify=false --raw "docker://$SRC/bench/image:1" | python3 -c 'import json, sys; print(round(sum(l["size"] for l in json.load(sys.stdin)["layers"]) / 1e6))')
IMG="$SRC/bench/image:1"

# docker: dockerd 20.10 with roots of its own, no bridge or iptables; the registries are insecure (HTTP) to it.
mkdir -p "$work/dockerd"
/usr/sbin/dockerd --data-root "$work/dockerd/data" --exec-root "$work/dockerd/exec" -H "unix://$work/dockerd/d.sock" \
  --pidfile "$work/dockerd/pid" --bridge=none --iptables=false --ip-masq=false \
  --insecure-registry "$SRC" --insecure-registry "$PUSH" > "$work/dockerd/log" 2>&1 &
pids+=($!)
wait_for_daemon "$work/dockerd/d.sock"
D=(env DOCKER_HOST="unix://$work/dockerd/d.sock" docker)
# podman as root on storage of the bench's own (overlay, its default driver).
P=(podman --root "$work/podman/root" --runroot "$work/podman/run" --storage-driver overlay --cgroup-manager cgroupfs
  --events-backend file --tmpdir "$work/podman/tmp")
mkdir -p "$work/podman/tmp"

# Every name the image may have in that store goes, so that each pull starts from nothing.
names=("$IMG" "$BREG/bench/image:1" "$PUSH/bench/image:1")
berth_clean() { for n in "${names[@]}"; do "${B[@]}" rmi -f "$n"; done; }
docker_clean() { for n in "${names[@]}"; do "${D[@]}" rmi -f "$n"; done; }
podman_clean() { for n in "${names[@]}"; do "${P[@]}" rmi -f "$n"; done; }
oci_clean() { rm -rf "$work/oci"; }

declare -A pull push server
pull[berth]=$(median_s berth_clean "${B[@]}" pull "$IMG")
pull[docker]=$(median_s docker_clean "${D[@]}" pull "$IMG")
pull[podman]=$(median_s podman_clean "${P[@]}" pull --tls-verify=false "$IMG")
pull[skopeo]=$(median_s oci_clean skopeo copy --src-tls-verify=false "docker://$IMG" "oci:$work/oci:image")

# Each store holds the image now (the last pull left it); push it under the push registry's name.
"${B[@]}" tag "$IMG" "$PUSH/bench/image:1"
"${D[@]}" tag "$IMG" "$PUSH/bench/image:1" >/dev/null
"${P[@]}" tag "$IMG" "$PUSH/bench/image:1"
skopeo copy --src-tls-verify=false "docker://$IMG" "oci:$work/oci-push:image" >/dev/null
push[berth]=$(median_s fresh_push_registry "${B[@]}" push "$PUSH/bench/image:1")
push[docker]=$(median_s fresh_push_registry "${D[@]}" push "$PUSH/bench/image:1")
push[podman]=$(median_s fresh_push_registry "${P[@]}" push --tls-verify=false "$PUSH/bench/image:1")
push[skopeo]=$(median_s fresh_push_registry skopeo copy --dest-tls-verify=false "oci:$work/oci-push:image" "docker://$PUSH/bench/image:1")

server[skopeo-docker]=${pull[skopeo]}
server[skopeo-berth]=$(median_s oci_clean skopeo copy --src-tls-verify=false "docker://$BREG/bench/image:1" "oci:$work/oci:image")
server[berth-docker]=${pull[berth]}
server[berth-berth]=$(median_s berth_clean "${B[@]}" pull "$BREG/bench/image:1")

echo "image: 5 layers, $size_mb MB unpacked, $blobs_mb MB of gzip layer blobs; loopback; medians of $runs runs, seconds"
printf '%-26s %8s %8s %8s %8s   %s\n' "" berth docker podman skopeo "ratios"
fastest_pull=$(awk -v a="${pull[docker]}" -v b="${pull[podman]}" 'BEGIN { print (a + 0 < b + 0) ? a : b }')
printf '%-26s %8s %8s %8s %8s   %s\n' "pull (until runnable)" "${pull[berth]}" "${pull[docker]}" "${pull[podman]}" "${pull[skopeo]}" \
  "fastest of docker/podman / berth: $(ratio "$fastest_pull" "${pull[berth]}") (target >= 2x); berth / skopeo fetch-only: $(ratio "${pull[berth]}" "${pull[skopeo]}")"
printf '%-26s %8s %8s %8s %8s   %s\n' "push (to an empty registry)" "${push[berth]}" "${push[docker]}" "${push[podman]}" "${push[skopeo]}" \
  "berth / skopeo: $(ratio "${push[berth]}" "${push[skopeo]}") (target <= 1.5x); docker / berth: $(ratio "${push[docker]}" "${push[berth]}"); podman / berth: $(ratio "${push[podman]}" "${push[berth]}")"
echo
printf '%-26s %16s %16s   %s\n' "server, same client" docker-registry "berth registry" "docker-registry / berth (target >= 1x)"
printf '%-26s %16s %16s   %s\n' "skopeo fetch to OCI dir" "${server[skopeo-docker]}" "${server[skopeo-berth]}" "$(ratio "${server[skopeo-docker]}" "${server[skopeo-berth]}")"
printf '%-26s %16s %16s   %s\n' "berth pull" "${server[berth-docker]}" "${server[berth-berth]}" "$(ratio "${server[berth-docker]}" "${server[berth-berth]}")"
