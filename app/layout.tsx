import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { AppHeader } from "@/components/shell/app-header";
import { ClientMessages } from "@/components/shell/client-messages";
import { ToastProvider } from "@/components/ui/toast";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: "Stagecraft", template: "%s · Stagecraft" },
    description: t("tagline"),
    // public/: favicon.ico and the raster icons are drawn from icons/icon.svg (scripts/icons.mjs).
    icons: { icon: [{ url: "/favicon.ico", sizes: "48x48" }, { url: "/icons/icon.svg", type: "image/svg+xml" }], apple: "/apple-touch-icon.png" },
    manifest: "/manifest.webmanifest",
  };
}

const ZOD_JITLESS = "Object.assign((globalThis.__zod_globalConfig ??= {}), { jitless: true });";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang={locale}>
      <head>
        {/* Zod's first object schema probes `new Function` in the browser, which the page CSP refuses
            and reports as a violation (proxy.ts); jitless skips the probe. Set before any chunk runs. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_JITLESS }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <ClientMessages namespaces={["shell", "status"]}>
          <ToastProvider>
            <AppHeader />
            {/* Pages of reading width; a data page (tables) marks its root data-wide and gets the window's. */}
            <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 has-[[data-wide]]:max-w-none">{children}</main>
          </ToastProvider>
        </ClientMessages>
      </body>
    </html>
  );
}
