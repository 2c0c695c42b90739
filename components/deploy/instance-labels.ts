import "server-only";
import { getTranslations } from "next-intl/server";
import type { InstanceLabels } from "./instance-panel";

/** The InstancePanel's texts from a message group with the keys start, uninstall, uninstallTitle, uninstallText, cancel, none. */
export async function instanceLabels(namespace: "deployTest" | "myApps" | "experience"): Promise<InstanceLabels> {
  const t = await getTranslations(namespace);
  return { start: t("start"), uninstall: t("uninstall"), uninstallTitle: t("uninstallTitle"), uninstallText: t("uninstallText"), cancel: t("cancel"), none: t("none") };
}
