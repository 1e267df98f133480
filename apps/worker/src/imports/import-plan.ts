import { prepareMember, type EligibilityContext, type MemberRow, type NewEntry, type PiiCipher } from '@dz/persistence';
import type { SheetRow } from './read-sheet';
import { checkRow, isSampleRow, teamKey } from './import-rows';

/**
 * What an import will do, decided before anything is written: every row checked with the
 * single entry's contract and the event's eligibility rules (prepareMember), the same person
 * twice in the file caught, and rows grouped into entries (one per row, or one per 团队名称
 * in a team event). Pure apart from the cipher, which only encrypts and hashes.
 */

export interface RowError {
  /** The row number as Excel shows it. */
  row: number;
  message: string;
}

/** One entry to admit, or (entry null) rows that will not be: either way they count as processed. */
export interface PlanItem {
  rows: number[];
  /** The members' names, in the entry's order (for messages). */
  names: string[];
  entry: NewEntry | null;
}

export interface ImportPlan {
  /** Data rows, the template's sample row not counted. */
  totalRows: number;
  /** In the order of each item's first row: the order entries are admitted (arrival order). */
  items: PlanItem[];
  /** Sorted by row. */
  errors: RowError[];
}

export interface PlanContext {
  importId: string;
  teamSize: number;
  eligibility: EligibilityContext;
  cipher: PiiCipher;
}

interface GoodRow {
  row: number;
  name: string;
  member: MemberRow;
}

export function planImport(sheetRows: readonly SheetRow[], context: PlanContext): ImportPlan {
  const rows = sheetRows.filter((r) => !isSampleRow(r.cells));
  const problems = new Map<number, string[]>();
  const fail = (row: number, message: string) => problems.set(row, [...(problems.get(row) ?? []), message]);
  const good = new Map<number, GoodRow>();
  const firstRowOf = new Map<string, number>();

  for (const { row, cells } of rows) {
    const checked = checkRow(cells);
    if (!checked.ok) {
      fail(row, checked.message);
      continue;
    }
    const prepared = prepareMember(checked.value.person, context.eligibility, context.cipher);
    if (!prepared.ok) {
      fail(row, prepared.failures.map((f) => f.message).join('；'));
      continue;
    }
    const first = firstRowOf.get(prepared.idNumber);
    if (first !== undefined) {
      fail(row, `与第 ${first} 行是同一人（身份证号相同），同一人只能报名一次`);
      continue;
    }
    firstRowOf.set(prepared.idNumber, row);
    good.set(row, { row, name: checked.value.person.name, member: prepared.row });
  }

  const entryOf = (teamName: string | null, members: GoodRow[]): NewEntry => ({
    teamName,
    source: 'import',
    registrantUserId: null,
    importId: context.importId,
    members: members.map((m) => m.member),
  });
  const items: PlanItem[] = [];

  if (context.teamSize <= 1) {
    // An individual event ignores 团队名称, as a single registration does.
    for (const { row } of rows) {
      const ok = good.get(row);
      items.push({ rows: [row], names: ok ? [ok.name] : [], entry: ok ? entryOf(null, [ok]) : null });
    }
  } else {
    const teams = new Map<string, number[]>();
    for (const { row, cells } of rows) {
      const key = teamKey(cells);
      if (key === '') {
        fail(row, `团体赛须填写团队名称（每队 ${context.teamSize} 人，同队各行填写相同的名称）`);
        items.push({ rows: [row], names: [], entry: null });
        continue;
      }
      teams.set(key, [...(teams.get(key) ?? []), row]);
    }
    for (const [teamName, teamRows] of teams) {
      if (teamRows.length !== context.teamSize) {
        for (const row of teamRows) fail(row, `团队「${teamName}」有 ${teamRows.length} 行，本赛项每队须为 ${context.teamSize} 人`);
      } else {
        const bad = teamRows.filter((row) => !good.has(row));
        if (bad.length > 0) {
          for (const row of teamRows) if (!bad.includes(row)) fail(row, `同队成员（第 ${bad.join('、')} 行）有错误，整队未导入`);
        }
      }
      const members = teamRows.map((row) => good.get(row));
      const complete = members.every((m): m is GoodRow => m !== undefined) && teamRows.every((row) => !problems.has(row));
      items.push({
        rows: teamRows,
        names: members.map((m) => m?.name ?? ''),
        entry: complete ? entryOf(teamName, members as GoodRow[]) : null,
      });
    }
    items.sort((a, b) => a.rows[0] - b.rows[0]);
  }

  const errors = [...problems].map(([row, messages]) => ({ row, message: messages.join('；') })).sort((a, b) => a.row - b.row);
  return { totalRows: rows.length, items, errors };
}
