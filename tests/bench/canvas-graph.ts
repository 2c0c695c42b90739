/**
 * A valid 200-node graph: 100 workloads in 10 tiers (each on one or two of the tier before), each
 * with an endpoint exposing it; a handful share credentials, a volume and a network.
 */
export function benchGraph(image = "hello-iot:v1.0") {
  const nodes: { id: string; type: string; name: string; position: { x: number; y: number }; properties: Record<string, unknown> }[] = [];
  const edges: { from: string; to: string }[] = [];
  const shared = [
    { id: "creds", type: "credentials" },
    { id: "data", type: "volume" },
    { id: "net", type: "network" },
  ];
  shared.forEach((s, i) => nodes.push({ ...s, name: s.id, position: { x: 0, y: i * 100 }, properties: {} }));
  for (let i = 0; i < 100; i++) {
    const id = `w${i}`;
    nodes.push({ id, type: "workload", name: `Workload ${i}`, position: { x: 250 + Math.floor(i / 10) * 420, y: (i % 10) * 100 }, properties: { image, port: 8000 + i } });
    if (i < 97) nodes.push({ id: `e${i}`, type: "endpoint", name: `Endpoint ${i}`, position: { x: 450 + Math.floor(i / 10) * 420, y: (i % 10) * 100 }, properties: { port: 8000 + i } });
    if (i < 97) edges.push({ from: `e${i}`, to: id });
    if (i >= 10) edges.push({ from: id, to: `w${i - 10}` }, ...(i % 3 ? [{ from: id, to: `w${i - 10 + ((i + 1) % 10) - (i % 10)}` }] : []));
    else edges.push({ from: id, to: shared[i % 3].id });
  }
  return { nodes, edges };
}
