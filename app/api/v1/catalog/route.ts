import { withApiUser } from "@/lib/auth/api";
import { CATALOG_ENTRIES, propertiesJsonSchema } from "@/lib/catalog/catalog";
import en from "@/lib/i18n/messages/en.json";
import zh from "@/lib/i18n/messages/zh-CN.json";

/** The resource types a spec graph may use, with their property JSON Schema (from the zod schemas). */
export const GET = withApiUser(
  () =>
    Response.json({
      types: CATALOG_ENTRIES.map((e) => ({
        type: e.type,
        label: { en: en.dependencies.types[e.type], "zh-CN": zh.dependencies.types[e.type] },
        icon: e.icon,
        dependsOn: e.dependsOn,
        outputs: e.outputs,
        properties: propertiesJsonSchema(e.type),
      })),
    }),
  { role: "isv" },
);
