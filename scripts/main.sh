#!/usr/bin/env bash
# The main job: build Berth, start berthd if it is not running, make the default busybox image with
# `berth import`, show it off, run a sample container (to completion, then in the background with exec and logs),
# and build a sample image from a Dockerfile and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

socket=/run/berth/berth.sock
if ! bin/berth version >/dev/null 2>&1; then
  mkdir -p /var/log
  echo "main: starting berthd (log: /var/log/berthd.log)" >&2
  nohup bin/berthd >>/var/log/berthd.log 2>&1 &
  for _ in $(seq 1 100); do [ -S "$socket" ] && bin/berth version >/dev/null 2>&1 && break; sleep 0.1; done
fi

rootfs=$(mktemp --suffix=.tar)
context=$(mktemp -d)
trap 'rm -rf "$rootfs" "$context"' EXIT
scripts/make-busybox-rootfs.sh "$rootfs"
bin/berth import --change 'CMD ["sh"]' --message "busybox from Debian's busybox-static" "$rootfs" busybox:latest

bin/berth version
bin/berth images
bin/berth history busybox
bin/berth image inspect --format '{{.Id}} {{.Os}}/{{.Architecture}} cmd={{json .Config.Cmd}}' busybox

# A sample container: run one to completion, then one in the background to exec into and read the logs of.
bin/berth run --rm busybox sh -c 'echo "hello from a Berth container: $(hostname), pid $$, $(id -un)"'
sample=$(bin/berth run -d --name berth-sample busybox sh -c 'echo started; sleep 3600')
bin/berth exec berth-sample sh -c 'echo exec in $(hostname) sees: $(ps -o comm= | tr "\n" " ")'
bin/berth logs berth-sample
bin/berth ps
bin/berth rm -f "$sample" >/dev/null

# A sample build: a Dockerfile on the busybox image, built (then rebuilt from the cache) and run.
cat > "$context/Dockerfile" <<'DOCKERFILE'
FROM busybox
ARG GREETING=hello
WORKDIR /app
COPY message.txt .
RUN echo "$GREETING from a Berth build, step run in $(hostname)" > built.txt
CMD ["sh", "-c", "cat /app/built.txt /app/message.txt"]
DOCKERFILE
echo "copied from the build context" > "$context/message.txt"
bin/berth build -t berth-sample:latest "$context"
bin/berth build -q -t berth-sample:latest "$context"
bin/berth run --rm berth-sample:latest
