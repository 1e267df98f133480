import fc from 'fast-check';
import { descendantsOf, industryDepths, industryMoveProblem, type IndustryNodeRef } from './industry-tree';

const tree: IndustryNodeRef[] = [
  { id: 'manufacturing', parentId: null },
  { id: 'equipment', parentId: 'manufacturing' },
  { id: 'welding-line', parentId: 'equipment' },
  { id: 'food', parentId: 'manufacturing' },
  { id: 'services', parentId: null },
];

describe('industry tree', () => {
  it('should list every descendant and nothing else', () => {
    expect([...descendantsOf(tree, 'manufacturing')].sort()).toEqual(['equipment', 'food', 'welding-line']);
    expect([...descendantsOf(tree, 'equipment')]).toEqual(['welding-line']);
    expect(descendantsOf(tree, 'services').size).toBe(0);
  });

  it.each([
    ['equipment', null, null],
    ['equipment', 'services', null],
    ['welding-line', 'food', null],
    ['manufacturing', 'manufacturing', 'self'],
    ['manufacturing', 'welding-line', 'descendant'],
    ['manufacturing', 'equipment', 'descendant'],
    ['equipment', 'nowhere', 'unknown_parent'],
    ['nowhere', null, 'unknown_node'],
  ] as const)('should judge moving %s under %s as %s', (id, parent, problem) => {
    expect(industryMoveProblem(tree, id, parent)).toBe(problem);
  });

  it('should give depths from the top level', () => {
    expect(Object.fromEntries(industryDepths(tree))).toEqual({ manufacturing: 0, equipment: 1, 'welding-line': 2, food: 1, services: 0 });
  });

  it('should not loop on a cycle already in the data', () => {
    const broken: IndustryNodeRef[] = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect([...descendantsOf(broken, 'a')]).toEqual(['b']);
    expect(industryDepths(broken).get('a')).toBe(1);
  });

  // Random forests: node i's parent is an earlier node or none, so the input is always a tree.
  const forest = fc
    .array(fc.option(fc.nat(), { nil: null }), { minLength: 1, maxLength: 30 })
    .map((parents) => parents.map((p, i): IndustryNodeRef => ({ id: `n${i}`, parentId: p === null || i === 0 ? null : `n${p % i}` })));

  it('should keep the tree a tree after any move it allows', () => {
    fc.assert(
      fc.property(forest, fc.nat(), fc.option(fc.nat(), { nil: null }), (nodes, pick, parentPick) => {
        const id = nodes[pick % nodes.length].id;
        const parentId = parentPick === null ? null : nodes[parentPick % nodes.length].id;
        const problem = industryMoveProblem(nodes, id, parentId);
        if (problem !== null) {
          // Refused moves are exactly those that would put a node under itself.
          expect(parentId === id || descendantsOf(nodes, id).has(parentId as string)).toBe(true);
          return;
        }
        const moved = nodes.map((n) => (n.id === id ? { ...n, parentId } : n));
        // Every node still reaches the top level without meeting itself.
        for (const node of moved) {
          const seen = new Set<string>();
          let current: IndustryNodeRef | undefined = node;
          while (current && current.parentId !== null) {
            expect(seen.has(current.id)).toBe(false);
            seen.add(current.id);
            current = moved.find((n) => n.id === current?.parentId);
          }
        }
      }),
    );
  });
});
