#!/usr/bin/env bash
# Installs what Berth needs (Debian packages, NuGet packages), then builds release binaries:
#   bin/berth   the CLI (NativeAOT)
#   bin/berthd  the daemon
set -euo pipefail
cd "$(dirname "$0")/.."

# busybox-static: the default image's rootfs; skopeo, umoci: peers the tests check archives against;
# clang, lld, zlib1g-dev: the NativeAOT toolchain for the CLI; crun, runc, conmon, catatonit: the OCI runtimes,
# the container monitor and the init that the runtime tests run containers with.
packages=(busybox-static skopeo umoci clang lld zlib1g-dev crun runc conmon catatonit)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet restore Berth.sln --nologo -v quiet
rm -rf artifacts/berthd
dotnet publish src/Berth.Daemon/Berth.Daemon.csproj -c Release -r linux-x64 --nologo -v quiet -o artifacts/berthd
dotnet publish src/Berth.Cli/Berth.Cli.csproj -c Release -r linux-x64 --nologo -v quiet -o artifacts/berth
mkdir -p bin
ln -sf ../artifacts/berthd/berthd bin/berthd
ln -sf ../artifacts/berth/berth bin/berth
echo "build: bin/berth and bin/berthd are ready" >&2
