/**
 * `root` and every process below it, given each process's parent: a proxy
 * may be one process (node) or a master with workers (nginx, a cluster).
 */
export function processTree(
  root: number,
  parents: ReadonlyMap<number, number>,
): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }

  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (tree.includes(pid)) continue;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []).sort((a, b) => a - b));
  }

  return tree;
}
