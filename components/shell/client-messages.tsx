import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type en from "@/lib/i18n/messages/en.json";

export type Namespace = keyof typeof en;

/**
 * Gives the client components below it the message namespaces they read, and no others: every
 * namespace sent here travels in the page's HTML and RSC payload. A provider replaces the messages
 * of the one above it, so a page lists all its client components' namespaces;
 * tests/architecture/client-messages.test.ts computes them from the imports and fails on a
 * missing or an unused one.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly Namespace[]; children: ReactNode }) {
  const all = await getMessages();
  return <NextIntlClientProvider messages={Object.fromEntries(namespaces.map((ns) => [ns, all[ns]]))}>{children}</NextIntlClientProvider>;
}
