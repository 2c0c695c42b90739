#!/usr/bin/env bash
# Builds kube-apiserver (and makes sure etcd is installed) for the Kubernetes deployment tests.
# Debian ships etcd-server but no kube-apiserver binary; its `kubernetes` source package vendors
# every dependency, so the API server builds offline (GOPROXY=off) from it. The binary is cached
# outside the repository, in $STAGECRAFT_CACHE (default /var/cache/stagecraft), as
# kube-apiserver-<debian version>, so later runs on the same machine reuse it.
# Prints the binary's path on the last line of stdout.
set -euo pipefail

cache="${STAGECRAFT_CACHE:-/var/cache/stagecraft}"
mkdir -p "$cache"

need=()
command -v go >/dev/null || need+=(golang-go)
command -v dpkg-source >/dev/null || need+=(dpkg-dev)
command -v rsync >/dev/null || need+=(rsync)
command -v jq >/dev/null || need+=(jq)
command -v etcd >/dev/null || need+=(etcd-server)

# deb-src is needed for `apt-get source`; Debian's deb822 sources list it in Types.
enable_src() {
  local changed=0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    if grep -q '^Types: deb$' "$f"; then sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"; changed=1; fi
  done
  if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list && ! grep -q '^deb-src ' /etc/apt/sources.list; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >> /etc/apt/sources.list; changed=1
  fi
  return 0
}

updated=0
if [ ${#need[@]} -gt 0 ]; then
  enable_src
  apt-get update -qq; updated=1
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
fi

version="$(apt-cache showsrc kubernetes 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1 || true)"
if [ -z "$version" ]; then
  enable_src
  [ "$updated" = 1 ] || apt-get update -qq
  version="$(apt-cache showsrc kubernetes | sed -n 's/^Version: //p' | sort -V | tail -1)"
fi
bin="$cache/kube-apiserver-$version"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

src="$cache/src"
rm -rf "$src"; mkdir -p "$src"
( cd "$src" && apt-get source -qq "kubernetes=$version" >&2 )
dir="$(find "$src" -mindepth 1 -maxdepth 1 -type d | head -1)"
echo "Building kube-apiserver $version in $dir (several minutes)…" >&2
(
  cd "$dir"
  export GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on GOCACHE="$cache/gocache" GOPATH="$cache/gopath"
  make WHAT=cmd/kube-apiserver >&2
)
built="$(find "$dir/_output" -type f -name kube-apiserver -perm -u+x | head -1)"
[ -n "$built" ] || { echo "kube-apiserver was not built" >&2; exit 1; }
install -m 0755 "$built" "$bin.tmp" && mv "$bin.tmp" "$bin"
rm -rf "$src" "$cache/gocache" "$cache/gopath"
echo "$bin"
