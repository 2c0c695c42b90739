import Link from "next/link";

/** "← Parent": the way back up from a detail or step page. */
export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <p className="text-sm">
      <Link href={href} className="text-blue-700 hover:underline">
        ← {children}
      </Link>
    </p>
  );
}
