import type { ResourceType } from "@/lib/catalog/graph";

/** A kind's colour, shared by its icon, its node's edge and its shape on the minimap. */
export const KIND_COLOR: Record<ResourceType, string> = {
  workload: "#2563eb",
  endpoint: "#059669",
  volume: "#d97706",
  network: "#7c3aed",
  credentials: "#db2777",
};

// Drawn as SVG rather than glyphs: ⚿ and ⛁ have no glyph in common fonts and drew as empty boxes.
const PATHS: Record<ResourceType, React.ReactNode> = {
  workload: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9h10M7 13h6" />
    </>
  ),
  endpoint: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" />
    </>
  ),
  volume: (
    <>
      <ellipse cx="12" cy="6" rx="8" ry="3" />
      <path d="M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
    </>
  ),
  network: (
    <>
      <circle cx="12" cy="5" r="2.5" />
      <circle cx="5" cy="19" r="2.5" />
      <circle cx="19" cy="19" r="2.5" />
      <path d="M11 7.2 6.2 16.8M13 7.2l4.8 9.6M7.5 19h9" />
    </>
  ),
  credentials: (
    <>
      <circle cx="8" cy="12" r="4" />
      <path d="M12 12h9M18 12v3M21 12v4" />
    </>
  ),
};

export function ResourceIcon({ type, className }: { type: ResourceType; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke={KIND_COLOR[type]} strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden className={className}>
      {PATHS[type]}
    </svg>
  );
}
