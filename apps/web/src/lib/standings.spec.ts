import type { BoardEvent, PublicStandingRow, StaffStandingRow } from '@dz/contracts';
import type { KeyedStaffRow } from '@dz/domain';
import { applyPublicReply, applyStaffReply, BoardModel, formatScore, GAP_RESUBSCRIBE_MS, HEARTBEAT_MS, pageOf, searchRows } from './standings';

const EVENT: BoardEvent = {
  id: '00000000-0000-4000-8000-00000000000e',
  title: '技能达人擂台赛·焊工',
  status: 'running',
  stages: [{ name: '实操', weight: 100 }],
  stageMaxima: { 实操: 3000 },
  tieBreaks: [{ kind: 'stage', stage: '实操' }],
  blind: true,
};
const AT = '2026-05-01T08:00:00.000Z';

const pub = (key: string, total: number, practical = total): PublicStandingRow => ({
  key,
  label: key,
  employer: null,
  total,
  stageTotals: { 实操: practical },
  aspectScores: {},
  deductions: 0,
});
const snapshot = (seq: number, rows: PublicStandingRow[], state: 'live' | 'frozen' | 'published' = 'live') => ({
  event: EVENT,
  state,
  freezeAt: null,
  seq,
  at: AT,
  rows,
});
const delta = (seq: number, rows: PublicStandingRow[]) => ({ seq, at: AT, rows });
const ranks = (model: BoardModel<PublicStandingRow>) => model.view().rows.map((r) => [r.row.key, r.rank, r.change]);

describe('BoardModel', () => {
  it('should rank a snapshot with shared ranks and no rank change yet', () => {
    const model = new BoardModel<PublicStandingRow>();
    expect(model.view().loaded).toBe(false);
    model.applySnapshot(snapshot(3, [pub('C', 500), pub('A', 900), pub('B', 500)]));
    expect(ranks(model)).toEqual([
      ['A', 1, 0],
      ['B', 2, 0],
      ['C', 2, 0],
    ]);
    expect(model.view()).toMatchObject({ loaded: true, seq: 3, state: 'live', event: EVENT });
  });

  it('should apply deltas once, in seq order, and report each row’s move since the previous update', () => {
    const model = new BoardModel<PublicStandingRow>();
    model.applySnapshot(snapshot(1, [pub('A', 900), pub('B', 500), pub('C', 100)]));
    expect(model.receive([delta(2, [pub('C', 950)])], 0)).toBe(1);
    expect(ranks(model)).toEqual([
      ['C', 1, 2],
      ['A', 2, -1],
      ['B', 3, -1],
    ]);
    // The same delta again changes nothing, and is not a new update.
    const before = model.view();
    expect(model.receive([delta(2, [pub('C', 950)])], 0)).toBe(0);
    expect(model.view()).toBe(before);
    // The next update: moves are against the board just before it.
    model.receive([delta(3, [pub('B', 920)])], 0);
    expect(ranks(model)).toEqual([
      ['C', 1, 0],
      ['B', 2, 1],
      ['A', 3, -1],
    ]);
    expect(model.view().seq).toBe(3);
  });

  it('should hold a delta behind a gap, ask again only after the gap waited over a second, and fill it from the replay', () => {
    const model = new BoardModel<PublicStandingRow>();
    model.applySnapshot(snapshot(1, [pub('A', 100), pub('B', 200)]));
    expect(model.receive([delta(3, [pub('A', 700)])], 1000)).toBe(0);
    expect(model.view().seq).toBe(1);
    expect(model.gapTooOld(1000 + GAP_RESUBSCRIBE_MS)).toBe(false);
    expect(model.gapTooOld(1001 + GAP_RESUBSCRIBE_MS)).toBe(true);
    const outcome = applyPublicReply(model, { room: 'public', state: 'live', deltas: [delta(2, [pub('B', 300)]), delta(3, [pub('A', 700)])], snapshot: null }, 2500);
    expect(outcome).toBe('applied');
    expect(model.view().seq).toBe(3);
    expect(ranks(model)).toEqual([
      ['A', 1, 1],
      ['B', 2, -1],
    ]);
    expect(model.gapTooOld(10_000)).toBe(false);
  });

  it('should ask again past the freeze time of a live board, and on the heartbeat', () => {
    const model = new BoardModel<PublicStandingRow>();
    expect(model.shouldAsk(0, 0)).toBe(false);
    const freeze = Date.parse(AT) + 60_000;
    model.applySnapshot({ ...snapshot(1, [pub('A', 1)]), freezeAt: new Date(freeze).toISOString() });
    expect(model.shouldAsk(freeze - 1000, freeze - 2000)).toBe(false);
    expect(model.shouldAsk(freeze + 400, freeze - 2000)).toBe(true);
    // Asked after the freeze already: not again until the heartbeat.
    expect(model.shouldAsk(freeze + 1000, freeze + 400)).toBe(false);
    expect(model.shouldAsk(freeze + 400 + HEARTBEAT_MS, freeze + 400)).toBe(true);
  });

  it('should keep deltas that came before the first snapshot and apply those after it', () => {
    const model = new BoardModel<PublicStandingRow>();
    model.receive([delta(4, [pub('A', 50)]), delta(6, [pub('B', 999)])], 0);
    model.applySnapshot(snapshot(5, [pub('A', 600), pub('B', 100)]));
    // seq 4 is older than the snapshot (ignored), seq 6 follows it.
    expect(ranks(model)).toEqual([
      ['B', 1, 0],
      ['A', 2, 0],
    ]);
    expect(model.view().seq).toBe(6);
  });

  it('should ask for a snapshot when the public board changed state, and show the moves it brings', () => {
    const model = new BoardModel<PublicStandingRow>();
    model.applySnapshot(snapshot(2, [pub('A', 900), pub('B', 100)]));
    expect(applyPublicReply(model, { room: 'public', state: 'frozen', deltas: [], snapshot: null }, 0)).toBe('need_snapshot');
    expect(applyPublicReply(model, { room: 'public', state: 'frozen', deltas: null, snapshot: snapshot(2, [pub('A', 900), pub('B', 100)], 'frozen') }, 0)).toBe(
      'applied',
    );
    expect(model.view().state).toBe('frozen');
    applyPublicReply(model, { room: 'public', state: 'published', deltas: null, snapshot: snapshot(9, [pub('A', 900), pub('B', 950)], 'published') }, 0);
    expect(model.view()).toMatchObject({ state: 'published', seq: 9 });
    expect(ranks(model)).toEqual([
      ['B', 1, 1],
      ['A', 2, -1],
    ]);
  });

  it('should key staff rows by entry id', () => {
    const staff = (entryId: string, name: string, total: number): StaffStandingRow => ({
      entryId,
      number: 1,
      name,
      employer: null,
      judgingCode: null,
      workstation: null,
      total,
      stageTotals: {},
      aspectScores: {},
      deductions: 0,
      marksIn: 0,
      marksExpected: 6,
      signedOff: [],
    });
    const model = new BoardModel<KeyedStaffRow>();
    expect(applyStaffReply(model, { room: 'staff', deltas: [], snapshot: null }, 0)).toBe('need_snapshot');
    applyStaffReply(model, { room: 'staff', deltas: null, snapshot: { event: EVENT, seq: 1, at: AT, rows: [staff('e1', '张三', 10), staff('e2', '李四', 20)] } }, 0);
    applyStaffReply(model, { room: 'staff', deltas: [{ seq: 2, at: AT, rows: [staff('e1', '张三', 30)] }], snapshot: null }, 0);
    expect(model.view().rows.map((r) => [r.row.key, r.row.name, r.rank])).toEqual([
      ['e1', '张三', 1],
      ['e2', '李四', 2],
    ]);
  });
});

describe('formatScore', () => {
  it('should show hundredths with two decimals', () => {
    expect([8725, 0, 5, 1867, 10000, -250].map(formatScore)).toEqual(['87.25', '0.00', '0.05', '18.67', '100.00', '-2.50']);
  });
});

describe('searchRows', () => {
  it('should find rows by label or key, ignoring case and spaces', () => {
    const rows = [pub('J001', 1), { ...pub('12', 2), label: '张*明' }].map((row, i) => ({ row, rank: i + 1, change: 0 }));
    expect(searchRows(rows, 'j00').map((r) => r.row.key)).toEqual(['J001']);
    expect(searchRows(rows, ' 张 ').map((r) => r.row.key)).toEqual(['12']);
    expect(searchRows(rows, '12').map((r) => r.row.key)).toEqual(['12']);
    expect(searchRows(rows, '').length).toBe(2);
  });
});

describe('pageOf', () => {
  it('should cycle through pages', () => {
    const items = [1, 2, 3, 4, 5];
    expect(pageOf(items, 2, 0)).toEqual({ items: [1, 2], page: 0, pages: 3 });
    expect(pageOf(items, 2, 2)).toEqual({ items: [5], page: 2, pages: 3 });
    expect(pageOf(items, 2, 3)).toEqual({ items: [1, 2], page: 0, pages: 3 });
    expect(pageOf([], 2, 7)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
