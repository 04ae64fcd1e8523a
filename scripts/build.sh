#!/usr/bin/env bash
# Installs what Berth needs (Debian packages, NuGet packages), then builds release binaries:
#   bin/berth   the CLI (NativeAOT)
#   bin/berthd  the daemon
#   bin/berth-registry  the registry server that `berth registry` runs (NativeAOT)
set -euo pipefail
cd "$(dirname "$0")/.."

# busybox-static: the default image's rootfs; skopeo, umoci: peers the tests check archives against;
# clang, lld, zlib1g-dev: the NativeAOT toolchain for the CLI; crun, runc, conmon, catatonit: the OCI runtimes,
# the container monitor and the init that the runtime tests run containers with; docker-registry, apache2-utils
# (htpasswd): the registry the pull/push tests talk to, and its password file; containernetworking-plugins,
# iptables, iproute2: the CNI plugins that wire containers' networks, and what they call; docker-compose: the v1
# (python) client the compose end-to-end test drives berthd with; podman: an independent client the registry server
# is tested and benchmarked against.
packages=(busybox-static skopeo umoci clang lld zlib1g-dev crun runc conmon catatonit docker-registry apache2-utils
  containernetworking-plugins iptables iproute2 docker-compose podman)
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
rm -rf artifacts/berth-registry
dotnet publish src/Berth.RegistryHost/Berth.RegistryHost.csproj -c Release -r linux-x64 --nologo -v quiet -o artifacts/berth-registry
mkdir -p bin
ln -sf ../artifacts/berthd/berthd bin/berthd
ln -sf ../artifacts/berth/berth bin/berth
ln -sf ../artifacts/berth-registry/berth-registry bin/berth-registry
echo "build: bin/berth, bin/berthd and bin/berth-registry are ready" >&2
