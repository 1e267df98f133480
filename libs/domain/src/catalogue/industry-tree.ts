/**
 * The "3+3+N" industry layout is a tree the bureau edits. Moving a node under itself or under
 * one of its own descendants would cut a branch off the tree, so such a move is refused.
 */
export interface IndustryNodeRef {
  id: string;
  parentId: string | null;
}

export type IndustryMoveProblem = 'unknown_node' | 'unknown_parent' | 'self' | 'descendant';

/** Ids of every node below `id` (children, grandchildren, …); cycles in the input do not loop. */
export function descendantsOf(nodes: readonly IndustryNodeRef[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.parentId === null) continue;
    children.set(node.parentId, [...(children.get(node.parentId) ?? []), node.id]);
  }
  const found = new Set<string>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (found.has(next) || next === id) continue;
    found.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Why `id` cannot be moved under `newParentId` (`null`: to the top level), or `null` when it can. */
export function industryMoveProblem(
  nodes: readonly IndustryNodeRef[],
  id: string,
  newParentId: string | null,
): IndustryMoveProblem | null {
  if (!nodes.some((n) => n.id === id)) return 'unknown_node';
  if (newParentId === null) return null;
  if (newParentId === id) return 'self';
  if (!nodes.some((n) => n.id === newParentId)) return 'unknown_parent';
  if (descendantsOf(nodes, id).has(newParentId)) return 'descendant';
  return null;
}

/** Depth of every node (top level 0), following parents; a node whose parent is missing counts as top level. */
export function industryDepths(nodes: readonly IndustryNodeRef[]): Map<string, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depths = new Map<string, number>();
  for (const node of nodes) {
    let depth = 0;
    const seen = new Set<string>([node.id]);
    let parentId = node.parentId;
    while (parentId !== null && byId.has(parentId) && !seen.has(parentId)) {
      seen.add(parentId);
      depth += 1;
      parentId = byId.get(parentId)?.parentId ?? null;
    }
    depths.set(node.id, depth);
  }
  return depths;
}
