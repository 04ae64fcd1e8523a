#!/usr/bin/env bash
# Container start-up and footprint, measured in one run beside the peers on this machine:
#   run --rm busybox true (sequential median of RUNS, and the wall time of 10 at once), exec CONTAINER true,
#   for berthd (with the berth CLI and with the docker CLI), the bare crun floor (crun run / crun exec on a
#   prepared bundle), the same under conmon with no engine (the floor of any conmon-supervised engine), dockerd
#   and podman where installed; then ps latency with PS_CONTAINERS containers present
#   and berthd's resident memory idle and with 100 running containers. All runs use --network none, like the floor.
# Usage: bench/container-run.sh [RUNS]   (needs bin/berth and bin/berthd: scripts/build.sh; as root)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
ps_containers=${PS_CONTAINERS:-1000}
work=$(mktemp -d /tmp/berth-bench-XXXXXX)
pids=()
cleanup() {
  for sock in "$work"/*/d.sock; do
    [ -S "$sock" ] || continue
    ids=$(DOCKER_HOST="unix://$sock" docker ps -aq 2>/dev/null || true)
    [ -n "$ids" ] && DOCKER_HOST="unix://$sock" docker rm -f $ids >/dev/null 2>&1 || true
  done
  for c in $(crun --root "$work/crun-state" list -q 2>/dev/null); do crun --root "$work/crun-state" delete -f "$c" >/dev/null 2>&1 || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
  # podman leaves its storage's overlay mount: unmount whatever is under $work, deepest first.
  awk -v w="$work" '$2 ~ "^" w { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DOCKER_CONFIG="$work/docker-config"

wait_for() { for _ in $(seq 1 300); do [ -S "$1" ] && DOCKER_HOST="unix://$1" docker version >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no daemon on $1" >&2; exit 1; }

# median_ms CMD...: runs CMD $runs times (after one warm-up); median wall time in ms.
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

# parallel_ms N CMD...: wall time in ms of N copies of CMD started at once ({} in CMD becomes the copy's number).
parallel_ms() {
  local n=$1; shift
  local start end jobs=()
  start=$(date +%s%N)
  for i in $(seq 1 "$n"); do "${@//\{\}/$i}" >/dev/null & jobs+=($!); done
  for job in "${jobs[@]}"; do wait "$job"; done
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

scripts/make-busybox-rootfs.sh "$work/busybox.tar"

# The floor: crun on a prepared bundle, no engine at all.
mkdir -p "$work/bundle/rootfs" "$work/crun-state"
tar -C "$work/bundle/rootfs" -xf "$work/busybox.tar"
(cd "$work/bundle" && crun spec && sed -i 's/"terminal": true/"terminal": false/; s/"sh"/"true"/' config.json)
floor_run=$(median_ms crun --root "$work/crun-state" run -b "$work/bundle" bench-floor)
floor_par=$(parallel_ms 10 crun --root "$work/crun-state" run -b "$work/bundle" bench-floor-{})

# The floor with supervision: what any engine that keeps its containers under conmon must do (conmon runs
# `crun create` and reports the pid on its sync pipe, `crun start`, `crun delete` once it exits), with no engine
# and no client. The exit command tells this script the container is gone.
conmon_seq=0
conmon_args() { # ID DIR: the arguments both uses share
  echo --api-version 1 -c "$1" -n "$1" -r /usr/bin/crun --runtime-arg "--root=$work/crun-state" -b "$work/bundle" \
    -p "$2/pid" -l "k8s-file:$2/log" --exit-dir "$2" --socket-dir-path "$2" --persist-dir "$2" --log-level error
}
conmon_run() { # [NAME]
  conmon_seq=$((conmon_seq + 1))
  local id="bench-conmon-${1:-$conmon_seq}" dir sync
  dir="$work/conmon/$id"
  mkdir -p "$dir" && mkfifo "$dir/sync" "$dir/exited"
  exec {sync}<>"$dir/sync"
  # shellcheck disable=SC2046 # the paths have no blanks: mktemp's
  _OCI_SYNCPIPE=$sync conmon $(conmon_args "$id" "$dir") -u "$id" -P "$dir/conmon.pid" \
    --exit-command /bin/sh --exit-command-arg -c --exit-command-arg "crun --root=$work/crun-state delete $id; echo > $dir/exited"
  read -r _ <&"$sync"
  crun --root "$work/crun-state" start "$id"
  read -r _ < "$dir/exited"
  exec {sync}>&-
  rm -rf "$dir"
}
conmon_exec() { # CONTAINER: one `exec CONTAINER true` under its own conmon, until its exit code is on the sync pipe
  conmon_seq=$((conmon_seq + 1))
  local dir="$work/conmon/exec-$conmon_seq" sync
  mkdir -p "$dir" && mkfifo "$dir/sync"
  exec {sync}<>"$dir/sync"
  # shellcheck disable=SC2046
  _OCI_SYNCPIPE=$sync conmon $(conmon_args "$1" "$dir") -u "exec-$conmon_seq" -e --exec-process-spec "$work/process.json"
  read -r _ <&"$sync"
  read -r _ <&"$sync"
  exec {sync}>&-
  rm -rf "$dir"
}
conmon_floor_run=$(median_ms conmon_run)
conmon_floor_par=$(parallel_ms 10 conmon_run p{})

sed -i 's/"true"/"sleep", "100000"/' "$work/bundle/config.json"
crun --root "$work/crun-state" run -d -b "$work/bundle" bench-exec
floor_exec=$(median_ms crun --root "$work/crun-state" exec bench-exec true)
printf '{"terminal":false,"user":{"uid":0,"gid":0},"args":["true"],"env":["PATH=/bin"],"cwd":"/"}' > "$work/process.json"
conmon_floor_exec=$(median_ms conmon_exec bench-exec)
crun --root "$work/crun-state" delete -f bench-exec

start_daemon() {
  local name=$1; shift
  mkdir -p "$work/$name"
  "$@" >"$work/$name/log" 2>&1 &
  pids+=($!)
  wait_for "$work/$name/d.sock"
  DOCKER_HOST="unix://$work/$name/d.sock" docker import "$work/busybox.tar" busybox:latest >/dev/null
}
start_daemon berth bin/berthd --data-root "$work/berth/data" --exec-root "$work/berth/exec" -H "unix://$work/berth/d.sock" --log-level error
berth_pid=${pids[-1]}
peers=()
if command -v dockerd >/dev/null; then
  start_daemon docker dockerd --data-root "$work/docker/data" --exec-root "$work/docker/exec" -H "unix://$work/docker/d.sock" \
    --pidfile "$work/docker/d.pid" --iptables=false --ip-masq=false --bridge=none
  peers+=(docker)
fi

berth_cli() { bin/berth -H "unix://$work/berth/d.sock" "$@"; }
docker_at() { local d=$1; shift; DOCKER_HOST="unix://$work/$d/d.sock" docker "$@"; }
# podman reads DOCKER_CONFIG as its auth file, and this one does not exist. Its default RLIMIT_NOFILE and NPROC
# (1048576 and 4194304) are above what root may set on this host (no CAP_SYS_RESOURCE): give it the daemon's open
# files, as Docker does, and a process limit crun is allowed to set here.
mkdir -p "$work/podman"
printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=32768:32768"]\n' "$(ulimit -Hn)" "$(ulimit -Hn)" > "$work/podman/containers.conf"
podman_cli() { env -u DOCKER_CONFIG CONTAINERS_CONF="$work/podman/containers.conf" podman --root "$work/podman/root" --runroot "$work/podman/run" "$@"; }
if command -v podman >/dev/null; then
  podman_cli import -q "$work/busybox.tar" busybox:latest >/dev/null
  peers+=(podman)
fi

row() { # name run par exec
  printf '%-28s %10s %10s %10s %9s %9s\n' "$1" "$2" "$3" "$4" \
    "$(awk -v a="$2" -v f="$floor_run" 'BEGIN { printf "%.1fx", a / f }')" "$(awk -v a="$4" -v f="$floor_exec" 'BEGIN { printf "%.1fx", a / f }')"
}
echo "median of $runs, ms (10 parallel: wall ms for all ten)"
printf '%-28s %10s %10s %10s %9s %9s\n' "" "run --rm" "10 par" "exec" "run/crun" "exec/crun"
row "crun (floor)" "$floor_run" "$floor_par" "$floor_exec"
row "conmon + crun (no engine)" "$conmon_floor_run" "$conmon_floor_par" "$conmon_floor_exec"

measure() { # label CLI...
  local label=$1; shift
  local run par exec id
  run=$(median_ms "$@" run --rm --network none busybox true)
  par=$(parallel_ms 10 "$@" run --rm --network none busybox true)
  id=$("$@" run -d --network none busybox sleep 100000)
  exec=$(median_ms "$@" exec "$id" true)
  "$@" rm -f "$id" >/dev/null
  row "$label" "$run" "$par" "$exec"
}
measure "berthd, berth CLI" berth_cli
measure "berthd, docker CLI" docker_at berth
for peer in "${peers[@]}"; do
  case $peer in
    docker) measure "dockerd 20.10, docker CLI" docker_at docker ;;
    podman) measure "podman" podman_cli ;;
  esac
done

echo
rss() { awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$1/status"; }
# Resident memory once quiet (berthd gives back a burst's memory after 2 s without requests), and right after a burst.
idle=5
echo "berthd RSS right after the runs above: $(rss "$berth_pid")"
sleep "$idle"
echo "berthd RSS idle (${idle} s after the last request): $(rss "$berth_pid")"
running=()
for _ in $(seq 1 100); do running+=("$(berth_cli run -d --network none busybox sleep 100000)"); done
echo "berthd RSS right after starting 100 containers: $(rss "$berth_pid")"
sleep "$idle"
echo "berthd RSS idle with 100 running containers: $(rss "$berth_pid")"
berth_cli rm -f "${running[@]}" >/dev/null

for _ in $(seq 1 "$ps_containers"); do berth_cli create --network none busybox true >/dev/null; done
echo "ps with $ps_containers containers: berth ps -a $(median_ms berth_cli ps -a) ms, docker ps -a $(median_ms docker_at berth ps -a) ms, berth ps (none running) $(median_ms berth_cli ps) ms"
