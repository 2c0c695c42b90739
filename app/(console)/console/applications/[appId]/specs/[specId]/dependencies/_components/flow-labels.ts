"use client";
import { useMemo } from "react";
import type { AriaLabelConfig, Edge } from "@xyflow/react";
import { useTranslations } from "next-intl";

/**
 * React Flow's own texts (controls' titles and labels, the minimap, keyboard help, edges' labels)
 * in the page's language: its defaults are English.
 */
export function useFlowLabels(edges: Edge[], nameOf: (id: string) => string) {
  const t = useTranslations("dependencies.flow");
  const ariaLabelConfig = useMemo<Partial<AriaLabelConfig>>(
    () => ({
      "node.a11yDescription.default": t("nodeHelp"),
      "node.a11yDescription.keyboardDisabled": t("nodeHelpKeyboard"),
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }) => t("nodeMoved", { direction, x, y }),
      "edge.a11yDescription.default": t("edgeHelp"),
      "controls.ariaLabel": t("controls"),
      "controls.zoomIn.ariaLabel": t("zoomIn"),
      "controls.zoomOut.ariaLabel": t("zoomOut"),
      "controls.fitView.ariaLabel": t("fitView"),
      "controls.interactive.ariaLabel": t("interactive"),
      "minimap.ariaLabel": t("minimap"),
      "handle.ariaLabel": t("handle"),
    }),
    [t],
  );
  const labelled = useMemo(() => edges.map((e) => ({ ...e, ariaLabel: t("edge", { from: nameOf(e.source), to: nameOf(e.target) }) })), [edges, nameOf, t]);
  return { ariaLabelConfig, edges: labelled };
}
