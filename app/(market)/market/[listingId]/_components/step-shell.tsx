import type { ReactNode } from "react";
import { BackLink } from "@/components/shell/back-link";
import { PageHeader } from "@/components/shell/page-header";

/** The frame of a buyer's step page: back to the listing, what the step does, the step's form. */
export function StepShell({ listing, title, intro, children }: { listing: { id: string; name: string }; title: string; intro: string; children: ReactNode }) {
  return (
    <section className="space-y-6">
      <BackLink href={`/market/${listing.id}`}>{listing.name}</BackLink>
      <PageHeader title={title} intro={intro} />
      {children}
    </section>
  );
}
