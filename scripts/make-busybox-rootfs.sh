#!/usr/bin/env bash
# Writes a busybox rootfs tarball (from Debian's busybox-static) to $1: /bin/busybox with one symlink per
# applet, and the few files a shell expects (/etc/passwd, /etc/group, /tmp, /root). Deterministic: the
# same busybox gives the same tarball, so the image digest is stable.
set -euo pipefail
out=${1:?usage: make-busybox-rootfs.sh OUT.tar}
busybox=/bin/busybox
[ -x "$busybox" ] || { echo "make-busybox-rootfs: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc,tmp,root,proc,sys,dev,home,var,usr/bin}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
tar --sort=name --mtime='2024-01-01 00:00:00Z' --owner=0 --group=0 --numeric-owner -C "$root" -cf "$out" .
