import type { Industry } from '@dz/contracts';
import { industryPath, industryTree, occupationOptions } from './catalogues';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const industry = (n: number, parent: number | null, name: string, sort = 0): Industry => ({
  id: id(n),
  parentId: parent === null ? null : id(parent),
  name,
  sort,
});

describe('industryTree', () => {
  it('should nest children under their parents, siblings by sort order', () => {
    const tree = industryTree([
      industry(3, 1, '新材料', 2),
      industry(1, null, '现代制造业', 1),
      industry(2, 1, '装备制造', 1),
      industry(4, null, '现代服务业', 2),
    ]);
    expect(tree).toEqual([
      {
        value: id(1),
        title: '现代制造业',
        children: [
          { value: id(2), title: '装备制造' },
          { value: id(3), title: '新材料' },
        ],
      },
      { value: id(4), title: '现代服务业' },
    ]);
  });

  it('should keep an orphan or a cycle at the top level rather than lose it', () => {
    const tree = industryTree([industry(1, 99, '孤儿'), industry(2, 3, '甲'), industry(3, 2, '乙')]);
    expect(tree.map((n) => n.title).sort()).toEqual(['乙', '孤儿', '甲'].sort());
  });
});

describe('industryPath and occupationOptions', () => {
  it('should name an industry with its ancestors', () => {
    const all = [industry(1, null, '现代制造业'), industry(2, 1, '装备制造')];
    expect(industryPath(all, id(2))).toBe('现代制造业 / 装备制造');
    expect(industryPath(all, id(9))).toBeUndefined();
  });

  it('should label occupations with their code, ordered by code', () => {
    expect(occupationOptions([{ code: '6-18-02-04', name: '焊工' }, { code: '4-03-02-01', name: '中式烹调师' }])).toEqual([
      { value: '4-03-02-01', label: '中式烹调师（4-03-02-01）' },
      { value: '6-18-02-04', label: '焊工（6-18-02-04）' },
    ]);
  });
});
