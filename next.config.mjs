import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import("next").NextConfig} */
const nextConfig = {
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for signed-in users lacking a role.
    authInterrupts: true,
    // Batch device registration uploads files of up to 20 MB through a server action on a page
    // the proxy matches; both limits default lower (1 MB and 10 MB).
    serverActions: { bodySizeLimit: "21mb" },
    proxyClientMaxBodySize: "21mb",
    // Each page's modules load when it is first requested, not all at start: with every route
    // preloaded the server held ~45 MB more from the start, and an upload's peak went past its
    // 256 MB target (npm run bench:upload: 270 MB preloaded, 237 MB on demand).
    preloadEntriesOnStart: false,
    // Turbopack keeps a cache in .next/cache that makes `npm start`'s rebuilds faster; an image
    // build deletes it at once, so the Dockerfile turns it off (a minute and a gigabyte saved).
    turbopackFileSystemCacheForBuild: process.env.STAGECRAFT_BUILD_CACHE !== "off",
  },
  // Native addons (and dockerode, which pulls in ssh2) load from node_modules at run time; so does
  // the MQTT broker (aedes), which opens sockets and is never part of a page; and the Kubernetes
  // client (@kubernetes/client-node), a large ESM package with its own HTTP, WebSocket and OIDC stack.
  // prom-client must be the one copy lib/cli/server.mjs loads too: one metrics registry per process
  // (pino and pino-pretty are on Next's own list of such packages).
  serverExternalPackages: ["better-sqlite3", "dockerode", "ssh2", "exceljs", "aedes", "@kubernetes/client-node", "prom-client"],
  poweredByHeader: false,
  // lib/cli/server.mjs compresses each answer in one piece (lib/cli/compress.mjs): Next's own
  // compression streams every page through zlib, at two to three times the CPU.
  compress: false,
};

export default withNextIntl(nextConfig);
