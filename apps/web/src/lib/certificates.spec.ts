import { CERTIFICATE_BACKGROUND_MAX_BYTES, CERTIFICATE_BATCH_STATUSES, type CertificateBatchView, type CertificateKeys } from '@dz/contracts';
import fc from 'fast-check';
import {
  activeBatch,
  awardText,
  backgroundProblem,
  batchPercent,
  certificateFileName,
  insertAt,
  kindCounts,
  listQuery,
  mergeBatchProgress,
  normaliseNumber,
  placeholderToken,
  publicKeyFor,
  revokeBody,
  showCertificatesTab,
  signedRecordJson,
  signedRecordOf,
  templateFormData,
  templatesOf,
  verificationDetail,
  verifyPath,
} from './certificates';

const BATCH = '00000000-0000-4000-8000-0000000000b1';
const EVENT = '00000000-0000-4000-8000-0000000000e1';

const batch = (overrides: Partial<CertificateBatchView> = {}): CertificateBatchView => ({
  id: BATCH,
  eventId: EVENT,
  status: 'running',
  resultsVersion: 2,
  total: 250,
  issued: 100,
  chunks: 3,
  chunksDone: 1,
  message: null,
  createdAt: '2026-12-01T02:00:00.000Z',
  createdByName: '市人社局',
  finishedAt: null,
  ...overrides,
});

const push = (overrides: Partial<CertificateBatchView> = {}) => {
  const { id, eventId, status, total, issued, chunks, chunksDone } = batch(overrides);
  return { id, eventId, status, total, issued, chunks, chunksDone };
};

const statusArb = fc.constantFrom(...CERTIFICATE_BATCH_STATUSES);

describe('showCertificatesTab', () => {
  it('should show the tab for final and archived events to anyone managing them, and always to the bureau', () => {
    expect(showCertificatesTab('final', false)).toBe(true);
    expect(showCertificatesTab('archived', false)).toBe(true);
    expect(showCertificatesTab('under_notice', false)).toBe(false);
    expect(showCertificatesTab('running', false)).toBe(false);
    expect(showCertificatesTab('under_notice', true)).toBe(true);
  });
});

describe('batchPercent', () => {
  it('should be the issued share, floored, and 100 only once done', () => {
    expect(batchPercent(batch({ issued: 100, total: 250 }))).toBe(40);
    expect(batchPercent(batch({ issued: 250, total: 250, status: 'running' }))).toBe(99);
    expect(batchPercent(batch({ issued: 250, total: 250, status: 'done' }))).toBe(100);
    expect(batchPercent(batch({ issued: 0, total: 0, status: 'done' }))).toBe(100);
    expect(batchPercent(batch({ issued: 0, total: 0, status: 'queued' }))).toBe(0);
    expect(batchPercent(batch({ issued: 50, total: 200, status: 'failed' }))).toBe(25);
  });

  it('should stay within 0–100 and below 100 while not done', () => {
    fc.assert(
      fc.property(statusArb, fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: -5, max: 12_000 }), (status, total, issued) => {
        const p = batchPercent({ status, total, issued });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(Number.isInteger(p)).toBe(true);
        if (status === 'running' || status === 'queued') expect(p).toBeLessThan(100);
      }),
    );
  });
});

describe('mergeBatchProgress', () => {
  it('should take a newer push and ignore another batch', () => {
    expect(mergeBatchProgress(batch(), push({ issued: 200, chunksDone: 2 }))).toMatchObject({ issued: 200, chunksDone: 2, createdByName: '市人社局' });
    const other = { ...push({ issued: 250 }), id: '00000000-0000-4000-8000-0000000000b2' };
    expect(mergeBatchProgress(batch(), other)).toEqual(batch());
  });

  it('should never go backwards nor reopen a finished batch', () => {
    expect(mergeBatchProgress(batch({ issued: 200, chunksDone: 2 }), push({ issued: 100, chunksDone: 1 }))).toMatchObject({ issued: 200, chunksDone: 2 });
    expect(mergeBatchProgress(batch({ status: 'done', issued: 250, chunksDone: 3 }), push({ status: 'running', issued: 200, chunksDone: 2 }))).toMatchObject({ status: 'done', issued: 250 });
    expect(mergeBatchProgress(batch({ issued: 200 }), push({ status: 'done', issued: 250, chunksDone: 3 }))).toMatchObject({ status: 'done', issued: 250 });
  });

  it('should end with the highest count whatever the order the pushes arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (order) => {
        let view = batch({ issued: 0, chunksDone: 0, chunks: 4, total: 400, status: 'queued' });
        for (const n of order) view = mergeBatchProgress(view, push({ issued: (n + 1) * 100, chunksDone: n + 1, chunks: 4, total: 400, status: n === 3 ? 'done' : 'running' }));
        expect(view.issued).toBe(400);
        expect(view.status).toBe('done');
      }),
    );
  });
});

describe('activeBatch', () => {
  it('should pick the newest batch still queued or running, else none', () => {
    const older = batch({ id: '00000000-0000-4000-8000-0000000000b3', createdAt: '2026-12-01T01:00:00.000Z' });
    const newer = batch({ status: 'queued', createdAt: '2026-12-01T03:00:00.000Z' });
    const done = batch({ id: '00000000-0000-4000-8000-0000000000b4', status: 'done', createdAt: '2026-12-01T05:00:00.000Z' });
    expect(activeBatch([older, done, newer])?.id).toBe(newer.id);
    expect(activeBatch([done])).toBeNull();
    expect(activeBatch([])).toBeNull();
  });
});

describe('kindCounts and awardText', () => {
  it('should list every kind in order with zero for the missing', () => {
    expect(kindCounts({ participation: 5, award: 2 })).toEqual([
      { kind: 'award', count: 2 },
      { kind: 'champion', count: 0 },
      { kind: 'participation', count: 5 },
    ]);
  });

  it('should join the award and titles', () => {
    expect(awardText({ award: '一等奖', titles: ['技能达人'] })).toBe('一等奖 · 技能达人');
    expect(awardText({ award: null, titles: [] })).toBe('—');
    expect(awardText({ award: null, titles: ['擂主'] })).toBe('擂主');
  });
});

describe('listQuery', () => {
  it('should trim the search and leave empty values out', () => {
    expect(listQuery({ page: 2, pageSize: 20, q: '  张三 ' })).toEqual({ page: 2, pageSize: 20, kind: undefined, q: '张三' });
    expect(listQuery({ page: 1, pageSize: 50, kind: 'award', q: '   ' })).toEqual({ page: 1, pageSize: 50, kind: 'award', q: undefined });
  });
});

describe('normaliseNumber and verifyPath', () => {
  it('should drop spaces (also full-width ones), upper-case, and give null for nothing', () => {
    expect(normaliseNumber(' DZ 2026 000123 ')).toBe('DZ2026000123');
    expect(normaliseNumber('dz2026a0001234x')).toBe('DZ2026A0001234X');
    expect(normaliseNumber('DZ\u30002026')).toBe('DZ2026');
    expect(normaliseNumber('   ')).toBeNull();
    expect(normaliseNumber(undefined)).toBeNull();
  });

  it('should be idempotent and leave no whitespace', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normaliseNumber(s);
        if (once === null) return;
        expect(normaliseNumber(once)).toBe(once);
        expect(/\s/.test(once)).toBe(false);
      }),
    );
  });

  it('should build a path that survives any characters', () => {
    expect(verifyPath('DZ-2026-1')).toBe('/verify/DZ-2026-1');
    fc.assert(fc.property(fc.string({ minLength: 1 }), (n) => expect(decodeURIComponent(verifyPath(n).slice('/verify/'.length))).toBe(n)));
  });
});

describe('certificateFileName', () => {
  it('should name the PDF by number and, when known, the person', () => {
    expect(certificateFileName({ number: 'DZ2026000123' })).toBe('证书-DZ2026000123.pdf');
    expect(certificateFileName({ number: 'DZ2026000123', personName: '张三' })).toBe('证书-DZ2026000123-张三.pdf');
  });
});

describe('signedRecordOf', () => {
  const raw = {
    number: 'DZ1',
    status: 'valid',
    message: '证书有效',
    content: { number: 'DZ1', personName: '张三', extraFieldTheWebDoesNotKnow: 1 },
    signature: 'c2lnbmF0dXJl',
    keyId: 'k2026',
    revoked: null,
  };

  it('should keep content, signature and keyId exactly as sent, unknown fields included', () => {
    const record = signedRecordOf(raw);
    expect(record).toEqual({ content: raw.content, signature: 'c2lnbmF0dXJl', keyId: 'k2026' });
    expect(JSON.parse(signedRecordJson(record!))).toEqual({ content: raw.content, signature: 'c2lnbmF0dXJl', keyId: 'k2026' });
    expect(Object.keys(JSON.parse(signedRecordJson(record!)))).toEqual(['content', 'signature', 'keyId']);
  });

  it('should give nothing for a reply without signed content', () => {
    expect(signedRecordOf({ ...raw, content: null, signature: null, keyId: null })).toBeNull();
    expect(signedRecordOf({ ...raw, signature: '' })).toBeNull();
    expect(signedRecordOf({ ...raw, content: [] })).toBeNull();
    expect(signedRecordOf(null)).toBeNull();
    expect(signedRecordOf('x')).toBeNull();
  });
});

describe('publicKeyFor', () => {
  const keys: CertificateKeys = {
    keys: [
      { keyId: 'k2025', algorithm: 'Ed25519', publicKeyPem: 'PEM-2025', createdAt: '2025-01-01T00:00:00.000Z' },
      { keyId: 'k2026', algorithm: 'Ed25519', publicKeyPem: 'PEM-2026', createdAt: '2026-01-01T00:00:00.000Z' },
    ],
  };

  it('should pick the key that signed, even an old one', () => {
    expect(publicKeyFor(keys, 'k2025')).toBe('PEM-2025');
    expect(publicKeyFor(keys, 'k2026')).toBe('PEM-2026');
    expect(publicKeyFor(keys, 'k1999')).toBeNull();
    expect(publicKeyFor(undefined, 'k2026')).toBeNull();
    expect(publicKeyFor(keys, null)).toBeNull();
  });
});

describe('revokeBody', () => {
  it('should require a reason of at least 4 characters, in Chinese', () => {
    expect(revokeBody('')).toEqual({ ok: false, errors: { reason: '撤销原因至少 4 个字' } });
    expect(revokeBody('  错误  ')).toEqual({ ok: false, errors: { reason: '撤销原因至少 4 个字' } });
    expect(revokeBody('x'.repeat(501))).toEqual({ ok: false, errors: { reason: '撤销原因不超过 500 字' } });
    expect(revokeBody('  成绩更正后奖项变更 ')).toEqual({ ok: true, body: { reason: '成绩更正后奖项变更' } });
  });
});

describe('backgroundProblem', () => {
  it('should accept PNG and JPEG within the limit and say why not otherwise', () => {
    expect(backgroundProblem({ name: 'bg.png', size: 1000, type: 'image/png' })).toBeNull();
    expect(backgroundProblem({ name: 'bg.jpg', size: 1000, type: 'image/jpeg' })).toBeNull();
    expect(backgroundProblem({ name: 'bg.jpg', size: 1000, type: '' })).toBeNull();
    expect(backgroundProblem({ name: 'bg.gif', size: 1000, type: 'image/gif' })).toBe('背景图须为 PNG 或 JPEG 图片');
    expect(backgroundProblem({ name: 'bg.png', size: CERTIFICATE_BACKGROUND_MAX_BYTES + 1, type: 'image/png' })).toBe('背景图不能超过 2 MB');
    expect(backgroundProblem({ name: 'bg.png', size: CERTIFICATE_BACKGROUND_MAX_BYTES, type: 'image/png' })).toBeNull();
  });
});

describe('templateFormData', () => {
  const values = { title: '荣誉证书', body: '{{personName}} 同志在本次竞赛中荣获 {{award}}，特发此证。', signatureLine: '达州市人力资源和社会保障局', version: 3, removeBackground: false };

  it('should send the contract fields as strings, and the picked image', () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'bg.png', { type: 'image/png' });
    const parsed = templateFormData(values, file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.body.get('title')).toBe('荣誉证书');
    expect(parsed.body.get('version')).toBe('3');
    expect(parsed.body.get('removeBackground')).toBe('false');
    expect((parsed.body.get('background') as File).name).toBe('bg.png');
  });

  it('should ask to remove the background only when no new image is picked', () => {
    const removed = templateFormData({ ...values, removeBackground: true }, null);
    if (!removed.ok) throw new Error(JSON.stringify(removed.errors));
    expect(removed.body.get('removeBackground')).toBe('true');
    expect(removed.body.get('background')).toBeNull();
    const replaced = templateFormData({ ...values, removeBackground: true }, new File([new Uint8Array([1])], 'bg.png', { type: 'image/png' }));
    expect(replaced.ok && replaced.body.get('removeBackground')).toBe('false');
  });

  it("should give the contract's Chinese messages by field, and the image's problem", () => {
    const parsed = templateFormData({ ...values, title: '证', body: '太短', signatureLine: '' }, new File([new Uint8Array([1])], 'bg.gif', { type: 'image/gif' }));
    expect(parsed).toEqual({
      ok: false,
      errors: { title: '标题至少 2 个字', body: '正文至少 10 个字', signatureLine: '落款至少 2 个字', background: '背景图须为 PNG 或 JPEG 图片' },
    });
  });
});

describe('placeholderToken and insertAt', () => {
  it('should insert tokens as given, wrapping bare names', () => {
    expect(placeholderToken('{姓名}')).toBe('{姓名}');
    expect(placeholderToken('{{personName}}')).toBe('{{personName}}');
    expect(placeholderToken('personName')).toBe('{{personName}}');
  });

  it('should put the token at the caret or in place of the selection', () => {
    expect(insertAt('兹证明同志', '{{personName}}', 3)).toEqual({ text: '兹证明{{personName}}同志', caret: 17 });
    expect(insertAt('兹证明XX同志', '{姓名}', 3, 5)).toEqual({ text: '兹证明{姓名}同志', caret: 7 });
    expect(insertAt('abc', 'T', 99)).toEqual({ text: 'abcT', caret: 4 });
  });

  it('should keep the text around the selection and place the caret after the token', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.nat(), fc.nat(), (text, token, s, e) => {
        const start = s % (text.length + 1);
        const end = e % (text.length + 1);
        const [a, b] = [Math.min(start, end), Math.max(start, end)];
        const out = insertAt(text, token, start, end);
        expect(out.text).toBe(text.slice(0, a) + token + text.slice(b));
        expect(out.text.slice(out.caret - token.length, out.caret)).toBe(token);
        expect(out.text.length).toBe(text.length - (b - a) + token.length);
      }),
    );
  });
});

describe('templatesOf', () => {
  it('should give one series in kind order', () => {
    const items = [
      { series: 'skill_master_arena' as const, kind: 'participation' as const },
      { series: 'dazhou_skills_competition' as const, kind: 'champion' as const },
      { series: 'skill_master_arena' as const, kind: 'award' as const },
    ];
    expect(templatesOf(items, 'skill_master_arena').map((t) => t.kind)).toEqual(['award', 'participation']);
    expect(templatesOf(items, 'dazhou_skills_competition').map((t) => t.kind)).toEqual(['champion']);
  });
});

describe('verificationDetail', () => {
  it("should drop the label the server's message starts with, and say nothing more for a revocation", () => {
    expect(verificationDetail({ status: 'valid', message: '证书有效：签名有效，内容与颁发时一致' }, '证书有效')).toBe('签名有效，内容与颁发时一致');
    expect(verificationDetail({ status: 'unknown', message: '查无此证书：编号 DZ1 不是达州市技能竞赛颁发的证书' }, '查无此证书')).toBe('编号 DZ1 不是达州市技能竞赛颁发的证书');
    expect(verificationDetail({ status: 'tampered', message: '请以市人社局的记录为准' }, '证书数据校验失败')).toBe('请以市人社局的记录为准');
    expect(verificationDetail({ status: 'valid', message: '证书有效' }, '证书有效')).toBeNull();
    expect(verificationDetail({ status: 'revoked', message: '证书已撤销：成绩更正' }, '证书已撤销')).toBeNull();
  });
});
