# Single-container self-hosting, built and run by `npm run test:container` (tests/container/run.ts);
# README.md "Container" has the commands and compose.yaml the same as a Compose file.
#   docker build -t stagecraft .
#   docker run -d --name stagecraft -p 3000:3000 -p 1883:1883 -v stagecraft-data:/data \
#     -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
#     --add-host host.docker.internal:host-gateway stagecraft

# Build tools (better-sqlite3 compiles from source when no prebuilt binary can be fetched) live in
# this stage and the next only.
FROM node:20-bookworm-slim AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# patches/: changes to dependencies that `npm ci` applies (patch-package, the postinstall script).
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1 STAGECRAFT_BUILD_CACHE=off
COPY . .
# start.mjs --build-only also writes the source stamp; the image never rebuilds (it runs
# server.mjs, not `npm start`). Then only what runs is kept: no dev dependencies, no build cache,
# no SWC compiler (only `next build` uses it), no SQLite sources, no source maps of dependencies,
# and no Playwright (an optional peer of Next, which npm keeps when present).
RUN node lib/cli/start.mjs --build-only \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache node_modules/@next/swc-* node_modules/@playwright node_modules/playwright node_modules/playwright-core \
      node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/Release/obj \
      node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/build/Release/.deps \
 && find node_modules -name '*.map' -type f -delete

FROM node:20-bookworm-slim AS runtime
# AUTH_TRUST_HOST: Auth.js takes the host from the request under a production server.
# DOCKER_PROBE_HOST: where this container reaches the ports that workloads publish on the mounted
# engine's host (127.0.0.1 would be the container itself); needs
# `--add-host host.docker.internal:host-gateway`.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 AUTH_TRUST_HOST=true DATA_DIR=/data PORT=3000 \
    DOCKER_PROBE_HOST=host.docker.internal NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# The code belongs to root and is read-only for the server; it writes only to /data and Next's
# runtime cache.
COPY --from=build /app /app
RUN mkdir -p /data /app/.next/cache && chown node:node /data /app/.next/cache
USER node
VOLUME ["/data"]
EXPOSE 3000 1883 8883
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "lib/cli/server.mjs"]
