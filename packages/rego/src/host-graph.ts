/**
 * `graph.reachable(graph, initial)`: the nodes reachable from `initial`
 * in an adjacency object (neighbours as arrays or sets), as OPA walks it:
 * a node counts only when the graph has it as a key.
 */
export function graphReachable(
  graph: unknown,
  initial: unknown,
): unknown[] | undefined {
  if (graph === null || typeof graph !== 'object' || Array.isArray(graph)) {
    return undefined;
  }
  if (!Array.isArray(initial)) return undefined;
  const edges = graph as Record<string, unknown>;
  const reached = new Set<string>();
  const queue: unknown[] = [...initial];
  while (queue.length > 0) {
    const node = queue.shift();
    if (typeof node !== 'string' || reached.has(node)) continue;
    const next = Object.hasOwn(edges, node) ? edges[node] : undefined;
    if (next === undefined) continue;
    reached.add(node);
    if (Array.isArray(next)) queue.push(...next);
  }

  return [...reached];
}
