# Single-container self-hosting. Untested here: this machine kind has no Docker engine to build
# images with, so the file is kept deliberately plain.
# Build:  docker build -t stagecraft .
# Run:    docker run -p 3000:3000 -v stagecraft-data:/data stagecraft

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 compiles from source
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx next build
RUN npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app /app
USER node
VOLUME ["/data"]
EXPOSE 3000 1883 8883
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD curl -fsS http://127.0.0.1:${PORT}/api/health || exit 1
# The server directly (Next and the registry endpoint): the image already holds its build.
CMD ["node", "lib/cli/server.mjs"]
