import type { Role } from "@/db/enums";

export type NavGroup = { key: string; role: Role | null; items: { key: string; href: string }[] };

/** The seed's workspaces; each role sees its own group (labels are keys of the `nav` catalogue). */
export const NAV_GROUPS: NavGroup[] = [
  {
    key: "hosting",
    role: "isv",
    items: [
      { key: "images", href: "/console/images" },
      { key: "applications", href: "/console/applications" },
    ],
  },
  {
    key: "workbench",
    role: "buyer",
    items: [
      { key: "market", href: "/market" },
      { key: "myApps", href: "/workbench/apps" },
      { key: "orders", href: "/workbench/orders" },
      { key: "devices", href: "/workbench/devices" },
    ],
  },
  {
    key: "review",
    role: "operator",
    items: [
      { key: "reviews", href: "/admin/reviews" },
      { key: "orders", href: "/admin/orders" },
      { key: "targets", href: "/admin/targets" },
      { key: "industries", href: "/admin/industries" },
    ],
  },
];

export function navFor(roles: readonly Role[] | null): NavGroup[] {
  if (!roles) return [{ key: "public", role: null, items: [{ key: "market", href: "/market" }] }];
  return NAV_GROUPS.filter((g) => g.role && roles.includes(g.role));
}
