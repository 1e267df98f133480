import { MAX_APPEAL_FILE_BYTES, type AppealView, type ResultRow, type ResultsOverview } from '@dz/contracts';
import fc from 'fast-check';
import {
  apartText,
  appealFileProblem,
  appealFormData,
  canAppeal,
  chinaToday,
  computeBlocker,
  computeCause,
  decisionBody,
  disqualifyBody,
  finaliseBlocker,
  formatDay,
  formatTotal,
  hashPrefix,
  noticeBlocker,
  noticeBody,
  noticePeriodText,
  splitRows,
  stageNamesOf,
  upgradeText,
  upheldAppealsFor,
} from './results';

const ENTRY = '00000000-0000-4000-8000-000000000001';

const row = (overrides: Partial<ResultRow> = {}): ResultRow => ({
  entryId: ENTRY,
  number: 1,
  name: '张三',
  judgingCode: 'A01',
  employer: '达州钢铁集团',
  county: '通川区',
  standing: 'valid',
  rank: 1,
  total: 9000,
  stageTotals: { 理论: 2700, 实操: 6300 },
  deductions: 0,
  award: '一等奖',
  tier: 1,
  titles: [],
  skillLevel: 'senior',
  upgradeTo: null,
  upgradeNote: null,
  nominated: false,
  disqualifiedReason: null,
  ...overrides,
});

const overview = (overrides: Partial<ResultsOverview> = {}): ResultsOverview => ({
  eventId: ENTRY,
  versions: [{ version: 1, inputsHash: 'ab'.repeat(32), algorithm: 'v1', cause: 'scoring_closed', createdAt: '2026-12-01T02:00:00.000Z', createdByName: null, validCount: 1 }],
  latest: {
    version: 1,
    inputsHash: 'ab'.repeat(32),
    algorithm: 'v1',
    cause: 'scoring_closed',
    createdAt: '2026-12-01T02:00:00.000Z',
    createdByName: null,
    validCount: 1,
    rows: [row()],
    tiers: [],
    arena: null,
  },
  currentInputsHash: 'ab'.repeat(32),
  stale: false,
  notice: { version: 1, startsOn: '2026-12-01', endsOn: '2026-12-07', openedAt: '2026-12-01T02:00:00.000Z', openedByName: '市人社局' },
  final: null,
  openAppeals: 0,
  ...overrides,
});

const appeal = (overrides: Partial<AppealView>): AppealView => ({
  id: '00000000-0000-4000-8000-0000000000a1',
  eventId: ENTRY,
  eventTitle: '焊工',
  entryId: ENTRY,
  entryNumber: 1,
  judgingCode: 'A01',
  contestantName: '张*',
  reason: '实操第一项测量有误，请复核',
  status: 'open',
  answer: null,
  decidedByName: null,
  decidedAt: null,
  createdAt: '2026-12-02T02:00:00.000Z',
  filedAgainstVersion: 1,
  attachments: [],
  ...overrides,
});

describe('formatting', () => {
  it.each([
    [9000, '90.00'],
    [7375, '73.75'],
    [0, '0.00'],
    [5, '0.05'],
  ])('should show %p hundredths as %p', (h, text) => {
    expect(formatTotal(h)).toBe(text);
  });

  it('should always show two decimals that read back as the hundredths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (h) => {
        const text = formatTotal(h);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(Math.round(Number(text) * 100)).toBe(h);
      }),
    );
  });

  it('should write calendar days the Chinese way without leading zeros', () => {
    expect(formatDay('2026-12-01')).toBe('2026年12月1日');
    expect(formatDay('2027-01-09')).toBe('2027年1月9日');
    expect(formatDay('not a day')).toBe('—');
    expect(noticePeriodText({ startsOn: '2026-12-01', endsOn: '2026-12-08' })).toBe('2026年12月1日 至 2026年12月8日');
  });

  it('should take today in China, not in the viewer’s zone', () => {
    // 17:00 UTC on 1 December is 01:00 on 2 December in Dazhou.
    expect(chinaToday(new Date('2026-12-01T17:00:00Z'))).toBe('2026-12-02');
    expect(chinaToday(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
  });

  it('should shorten a hash to its prefix', () => {
    expect(hashPrefix('0123456789abcdef0123')).toBe('0123456789ab');
  });

  it('should show an upgrade as from → to, else the note', () => {
    expect(upgradeText(row({ skillLevel: 'senior', upgradeTo: 'technician' }))).toBe('高级工 → 技师');
    expect(upgradeText(row({ upgradeTo: null, upgradeNote: '已是最高等级' }))).toBe('已是最高等级');
    expect(upgradeText(row({ upgradeTo: null, upgradeNote: null }))).toBe('—');
  });

  it('should list the absent and disqualified apart, with the reason', () => {
    const rows = [row(), row({ standing: 'absent', rank: null }), row({ standing: 'disqualified', rank: null, disqualifiedReason: '携带违禁工具' })];
    const { ranked, apart } = splitRows(rows);
    expect(ranked).toHaveLength(1);
    expect(apart.map(apartText)).toEqual(['缺考', '取消资格：携带违禁工具']);
  });

  it('should list stages in the event’s order, then others in the order they first appear', () => {
    expect(stageNamesOf([row({ stageTotals: { 理论: 1, 实操: 2 } }), row({ stageTotals: { 实操: 1, 答辩: 3 } })])).toEqual(['理论', '实操', '答辩']);
    // Stored scores come back as 实操, 理论 (jsonb orders keys by length); the event says 理论 first.
    expect(stageNamesOf([row({ stageTotals: { 实操: 2, 理论: 1 } })], [{ name: '理论' }, { name: '实操' }])).toEqual(['理论', '实操']);
    expect(stageNamesOf([], [{ name: '理论' }])).toEqual(['理论']);
    expect(stageNamesOf([])).toEqual([]);
  });
});

describe('what is allowed', () => {
  it('should name the cause of a computation', () => {
    expect(computeCause({ versions: [] }, 'scoring_closed')).toBe('scoring_closed');
    expect(computeCause(overview(), 'scoring_closed')).toBe('recompute');
    expect(computeCause(overview(), 'under_notice')).toBe('appeal');
  });

  it('should compute only after scoring and before final', () => {
    expect(computeBlocker('scoring_closed')).toBeNull();
    expect(computeBlocker('under_notice')).toBeNull();
    expect(computeBlocker('running')).toBe('评分结束后才能计算成绩');
    expect(computeBlocker('final')).toBe('成绩已确定，不再计算');
  });

  it('should put under notice only a current version', () => {
    expect(noticeBlocker(overview(), 'scoring_closed')).toBeNull();
    expect(noticeBlocker(overview({ latest: null, versions: [] }), 'scoring_closed')).toBe('尚未计算成绩，请先计算');
    expect(noticeBlocker(overview({ stale: true }), 'under_notice')).toContain('重新计算');
    expect(noticeBlocker(overview(), 'running')).toBe('评分结束后才能公示成绩');
  });

  it('should make final only after the period, with no open appeal, for the noticed current version', () => {
    expect(finaliseBlocker(overview(), 'under_notice', '2026-12-08')).toBeNull();
    // The last day of the period still belongs to it.
    expect(finaliseBlocker(overview(), 'under_notice', '2026-12-07')).toBe('公示期至 2026年12月7日 结束，期满后才能确定成绩');
    expect(finaliseBlocker(overview({ openAppeals: 2 }), 'under_notice', '2026-12-08')).toBe('仍有 2 件申诉未处理，处理完毕后才能确定成绩');
    expect(finaliseBlocker(overview({ stale: true }), 'under_notice', '2026-12-08')).toContain('重新计算');
    expect(finaliseBlocker(overview(), 'scoring_closed', '2026-12-08')).toBe('成绩公示后才能确定');
    const newer = overview();
    newer.latest = { ...(newer.latest as NonNullable<ResultsOverview['latest']>), version: 2 };
    expect(finaliseBlocker(newer, 'under_notice', '2026-12-08')).toBe('最新的第 2 版尚未公示，请先公示');
    expect(finaliseBlocker(overview({ final: { version: 1, at: '2026-12-09T00:00:00.000Z', byName: null } }), 'final', '2026-12-09')).toBe('成绩已确定');
  });

  it('should let a contestant appeal an approved entry only within the period', () => {
    const notice = { startsOn: '2026-12-01', endsOn: '2026-12-07' };
    expect(canAppeal('approved', 'under_notice', notice, '2026-12-01')).toBe(true);
    expect(canAppeal('approved', 'under_notice', notice, '2026-12-07')).toBe(true);
    expect(canAppeal('approved', 'under_notice', notice, '2026-12-08')).toBe(false);
    expect(canAppeal('approved', 'under_notice', notice, '2026-11-30')).toBe(false);
    expect(canAppeal('approved', 'final', notice, '2026-12-03')).toBe(false);
    expect(canAppeal('withdrawn', 'under_notice', notice, '2026-12-03')).toBe(false);
    expect(canAppeal('approved', 'under_notice', null, '2026-12-03')).toBe(false);
  });

  it('should offer for a correction only the upheld appeals about that entry', () => {
    const appeals = [
      appeal({ id: '00000000-0000-4000-8000-0000000000a1', status: 'upheld', judgingCode: 'A01' }),
      appeal({ id: '00000000-0000-4000-8000-0000000000a2', status: 'rejected', judgingCode: 'A01' }),
      appeal({ id: '00000000-0000-4000-8000-0000000000a3', status: 'upheld', judgingCode: 'A02' }),
      appeal({ id: '00000000-0000-4000-8000-0000000000a4', status: 'open', judgingCode: 'A01' }),
    ];
    expect(upheldAppealsFor(appeals, 'A01').map((a) => a.id)).toEqual(['00000000-0000-4000-8000-0000000000a1']);
    expect(upheldAppealsFor(appeals, 'A09')).toEqual([]);
  });
});

describe('form → body', () => {
  it('should send the picked days and the latest version for the notice', () => {
    expect(noticeBody(2, ['2026-12-01', '2026-12-08'])).toEqual({ ok: true, body: { version: 2, startsOn: '2026-12-01', endsOn: '2026-12-08' } });
    expect(noticeBody(2, ['2026-12-08', '2026-12-01'])).toEqual({ ok: false, errors: { endsOn: '公示结束日期不能早于开始日期' } });
    expect(noticeBody(2, null)).toEqual({ ok: false, errors: { startsOn: '请选择公示期' } });
  });

  it('should ask a reason for 取消资格', () => {
    expect(disqualifyBody('  携带违禁工具进入赛场 ')).toEqual({ ok: true, body: { disqualified: true, reason: '携带违禁工具进入赛场' } });
    expect(disqualifyBody('')).toEqual({ ok: false, errors: { reason: '请填写取消资格的理由' } });
    expect(disqualifyBody(null)).toEqual({ ok: false, errors: { reason: '请填写取消资格的理由' } });
  });

  it('should ask an outcome and a written answer for a decision', () => {
    expect(decisionBody('upheld', ' 经复核属实，申诉成立 ')).toEqual({ ok: true, body: { outcome: 'upheld', answer: '经复核属实，申诉成立' } });
    expect(decisionBody(null, '经复核属实，申诉成立')).toEqual({ ok: false, errors: { outcome: '请选择申诉成立或不成立' } });
    expect(decisionBody('rejected', '不行')).toEqual({ ok: false, errors: { answer: '书面答复至少 5 个字' } });
  });

  it('should check files by size and type', () => {
    expect(appealFileProblem({ name: 'photo.png', size: 100, type: 'image/png' })).toBeNull();
    expect(appealFileProblem({ name: 'scan.PDF', size: 100, type: '' })).toBeNull();
    expect(appealFileProblem({ name: 'big.jpg', size: MAX_APPEAL_FILE_BYTES + 1, type: 'image/jpeg' })).toBe('「big.jpg」超过 5 MB');
    expect(appealFileProblem({ name: 'notes.docx', size: 100, type: 'application/msword' })).toBe('「notes.docx」不是 JPG、PNG 图片或 PDF 文件');
  });

  it('should build the multipart body with the entry, the trimmed reason and each file', async () => {
    const photo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'photo.png', { type: 'image/png' });
    const scan = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], '复核申请.pdf', { type: 'application/pdf' });
    const result = appealFormData(ENTRY, '  实操第一项测量有误，请复核  ', [photo, scan]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.body.get('entryId')).toBe(ENTRY);
    expect(result.body.get('reason')).toBe('实操第一项测量有误，请复核');
    const files = result.body.getAll('files') as File[];
    expect(files.map((f) => f.name)).toEqual(['photo.png', '复核申请.pdf']);
    expect(new Uint8Array(await files[0].arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it('should refuse a short reason, too many files and a wrong file, by field', () => {
    const file = (name: string, type = 'image/png') => new File([new Uint8Array([1])], name, { type });
    expect(appealFormData(ENTRY, '有误', [])).toEqual({ ok: false, errors: { reason: '申诉理由至少 10 个字' } });
    expect(appealFormData(ENTRY, '实操第一项测量有误，请复核', [file('a.png'), file('b.png'), file('c.png'), file('d.png')])).toEqual({
      ok: false,
      errors: { files: '附件最多 3 个' },
    });
    expect(appealFormData(ENTRY, '实操第一项测量有误，请复核', [file('a.exe', 'application/x-msdownload')])).toEqual({
      ok: false,
      errors: { files: '「a.exe」不是 JPG、PNG 图片或 PDF 文件' },
    });
    expect(appealFormData(ENTRY, '实操第一项测量有误，请复核', [])).toMatchObject({ ok: true });
  });
});
