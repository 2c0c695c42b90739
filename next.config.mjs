import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import("next").NextConfig} */
const nextConfig = {
  // forbidden() renders app/forbidden.tsx with a 403 for signed-in users lacking a role.
  experimental: { authInterrupts: true },
  // Native addons (and dockerode, which pulls in ssh2) load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "dockerode", "ssh2"],
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
