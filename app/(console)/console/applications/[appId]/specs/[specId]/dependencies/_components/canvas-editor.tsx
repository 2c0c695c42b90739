"use client";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useRef, useState, useTransition, type DragEvent } from "react";
import { Background, Controls, MiniMap, Panel, ReactFlow, ReactFlowProvider, useEdgesState, useNodesState, useReactFlow, type Connection, type Edge } from "@xyflow/react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { billOfMaterials, canDependOn } from "@/lib/catalog/catalog";
import { findCycle, type Graph, type ResourceType } from "@/lib/catalog/graph";
import { validateGraph, type GraphProblem } from "@/lib/catalog/validate";
import { saveGraphAction } from "../actions";
import { autoLayout, flowEdge, freeSpot, newNodeId, toFlow, toGraph, type ResourceData, type ResourceNode } from "./graph-state";
import { useFlowLabels } from "./flow-labels";
import { BomTable } from "@/components/catalog/bom-table";
import { ProblemList } from "./graph-summary";
import { DRAG_TYPE, Palette } from "./palette";
import { PropertyPanel } from "./property-panel";
import { NodeProblems, ResourceNodeView } from "./resource-node";
import { KIND_COLOR } from "./resource-icon";
import { useLeaveGuard } from "./use-leave-guard";

type Props = { specId: string; initialGraph: Graph; initialStatus: string; images: string[] };
const nodeTypes = { resource: ResourceNodeView };
// After a layout the view never zooms out below a readable size (a large graph is then panned, not
// shrunk to dots) nor blows a single node up. Fitting a stored graph or pressing 适应画布 shows all of
// it, smaller if need be: that is asked for.
const LAYOUT_FIT = { padding: 0.15, minZoom: 0.7, maxZoom: 1.25 };
const FIT = { padding: 0.15, minZoom: 0.3, maxZoom: 1.25 };
const kindColor = (n: ResourceNode) => KIND_COLOR[n.data.type] ?? "#94a3b8";

export function CanvasEditor(props: Props) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function Editor({ specId, initialGraph, initialStatus, images }: Props) {
  const t = useTranslations("dependencies");
  const tProblems = useTranslations("graphProblems");
  const tErrors = useTranslations("errors");
  const tStatus = useTranslations("specs.statuses");
  const toast = useToast();
  const initial = useMemo(() => toFlow(initialGraph), [initialGraph]);
  const [nodes, setNodes, onNodesChange] = useNodesState<ResourceNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initial.edges);
  const [saved, setSaved] = useState(() => JSON.stringify(toGraph(initial.nodes, initial.edges)));
  const [status, setStatus] = useState(initialStatus);
  const [saving, startSaving] = useTransition();
  const { screenToFlowPosition, fitView } = useReactFlow();
  const pane = useRef<HTMLDivElement>(null);

  const graph = useMemo(() => toGraph(nodes, edges), [nodes, edges]);
  const dirty = JSON.stringify(graph) !== saved;
  useLeaveGuard(dirty, t("leaveUnsaved"));
  const imageSet = useMemo(() => new Set(images), [images]);
  // Positions do not affect validity: validate on structure only, so dragging stays cheap.
  const structure = JSON.stringify([graph.nodes.map((n) => [n.id, n.type, n.name, n.properties]), graph.edges]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `structure` stands for `graph` minus positions
  const problems = useMemo(() => validateGraph(graph, (ref) => (imageSet.has(ref) ? "docker" : undefined)), [structure, imageSet]);
  const byNode = useMemo(() => {
    const map = new Map<string, GraphProblem[]>();
    for (const p of problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    return map;
  }, [problems]);
  const bom = useMemo(() => billOfMaterials(graph), [graph]);
  const selected = nodes.find((n) => n.selected);

  const nameOf = useCallback((id?: string) => (id ? (nodes.find((n) => n.id === id)?.data.name || id) : ""), [nodes]);
  const flow = useFlowLabels(edges, nameOf);
  const describe = useCallback(
    (p: GraphProblem) => {
      const detail = p.path && p.detail === p.path && t.has(`fields.${p.path}`) ? t(`fields.${p.path}`) : (p.detail ?? "");
      return tProblems(p.code, { node: nameOf(p.nodeId), detail });
    },
    [t, tProblems, nameOf],
  );
  const select = (id: string) => setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === id })));

  /** A new node where the pointer dropped it (else at the pane's centre); the view stays as it is. */
  const addNode = (type: ResourceType, position?: { x: number; y: number }) => {
    const rect = pane.current?.getBoundingClientRect();
    const at = position ?? screenToFlowPosition({ x: (rect?.left ?? 0) + (rect?.width ?? 0) / 2, y: (rect?.top ?? 0) + (rect?.height ?? 0) / 2 });
    setNodes((ns) => {
      const id = newNodeId(type, ns);
      const node: ResourceNode = { id, type: "resource", position: freeSpot(at, ns), data: { type, properties: {} }, selected: true };
      return [...ns.map((n) => ({ ...n, selected: false })), node];
    });
  };
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(DRAG_TYPE) as ResourceType;
    if (!type) return;
    e.preventDefault();
    addNode(type, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };
  const typeOf = (id: string) => nodes.find((n) => n.id === id)?.data.type ?? "";
  // Refuse, while drawing, an edge the catalogue forbids or one that would close a cycle: a cyclic
  // graph cannot even be stored as a draft (the graph format forbids cycles).
  const canConnect = (from: string, to: string) =>
    from !== to && canDependOn(typeOf(from), typeOf(to)) && !findCycle({ nodes, edges: [...graph.edges, { from, to }] });
  const allowed = (c: Connection | Edge) => canConnect(c.source, c.target);
  const connect = (from: string, to: string, on = true) =>
    setEdges((es) => {
      const rest = es.filter((e) => !(e.source === from && e.target === to));
      return on ? [...rest, flowEdge(from, to)] : rest;
    });
  const updateData = (id: string, data: ResourceData) => setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data } : n)));
  const deleteSelected = () => {
    const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    setNodes((ns) => ns.filter((n) => !gone.has(n.id)));
    setEdges((es) => es.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)));
  };
  const layout = () => {
    setNodes((ns) => autoLayout(ns, edges));
    requestAnimationFrame(() => void fitView(LAYOUT_FIT));
  };
  const save = () =>
    startSaving(async () => {
      const result = await saveGraphAction(specId, graph);
      if (!result.ok) return toast.show(tErrors(result.message, result.params), "error");
      setSaved(JSON.stringify(graph));
      setStatus(result.data!.status);
      toast.show(result.data!.valid ? t("savedValid") : t("savedDraft"));
    });

  return (
    // The page is data-wide: the editor and its heading take the window's width.
    <div className="space-y-4">
      <div role="toolbar" aria-label={t("toolbar")} className="flex flex-wrap items-center gap-2">
        <Button onClick={save} disabled={saving}>{saving ? t("saving") : t("save")}</Button>
        <Button variant="secondary" onClick={layout}>{t("autoLayout")}</Button>
        <Button variant="secondary" onClick={() => void fitView(FIT)}>{t("fit")}</Button>
        <Button variant="secondary" onClick={deleteSelected} disabled={!nodes.some((n) => n.selected) && !edges.some((e) => e.selected)}>
          {t("deleteSelected")}
        </Button>
        <span className="ml-auto text-sm text-slate-600">
          {t("status", { status: tStatus(status) })}
          {dirty && <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-amber-800">{t("unsaved")}</span>}
        </span>
      </div>
      {/* A workspace down to the window's bottom edge under the page's header (17.75rem at 1440×900),
          so the controls and the minimap are in sight; the side panels scroll inside it. */}
      <div className="grid gap-4 lg:h-[calc(100dvh-17.75rem)] lg:min-h-[28rem] lg:grid-cols-[12rem_1fr_18rem]">
        <Palette onAdd={(type) => addNode(type)} />
        <div ref={pane} role="region" aria-label={t("canvas")} className="h-[70dvh] min-h-[28rem] rounded-lg border border-slate-200 bg-slate-50 lg:h-auto" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
          <NodeProblems.Provider value={byNode}>
            <ReactFlow<ResourceNode, Edge>
              nodes={nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={(c) => allowed(c) && connect(c.source, c.target)}
              isValidConnection={allowed}
              deleteKeyCode={["Backspace", "Delete"]}
              // Fit once, to show a stored graph; an empty canvas starts at 100 % and a drop never refits.
              fitView={initial.nodes.length > 0}
              fitViewOptions={FIT}
              minZoom={0.2}
              ariaLabelConfig={flow.ariaLabelConfig}
            >
              {nodes.length === 0 && (
                <Panel position="top-center" className="pointer-events-none mt-24 rounded-md bg-white/80 px-3 py-2 text-sm text-slate-600">
                  {t("emptyCanvas")}
                </Panel>
              )}
              <Background />
              <Controls />
              <MiniMap<ResourceNode> pannable zoomable nodeColor={kindColor} nodeStrokeColor={kindColor} nodeBorderRadius={4} maskColor="rgb(241 245 249 / 0.6)" />
            </ReactFlow>
          </NodeProblems.Provider>
        </div>
        <div className="min-h-0 lg:overflow-y-auto">
          {selected ? (
            <PropertyPanel
              key={selected.id}
              node={selected}
              nodes={nodes}
              dependsOn={edges.filter((e) => e.source === selected.id).map((e) => e.target)}
              problems={byNode.get(selected.id) ?? []}
              images={images}
              describe={describe}
              onChange={(data) => updateData(selected.id, data)}
              canConnect={canConnect}
              onDependency={(to, on) => connect(selected.id, to, on)}
              onDelete={deleteSelected}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-3 text-sm text-slate-600">{t("selectHint")}</p>
          )}
        </div>
      </div>
      <ProblemList problems={problems} describe={describe} onSelect={select} />
      <BomTable lines={bom} />
    </div>
  );
}
