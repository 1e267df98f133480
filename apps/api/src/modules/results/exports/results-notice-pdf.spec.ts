import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { renderResultsNotice } from './results-notice-pdf';
import { exampleSheet } from './results-sheet.fixture';

let dir: string;
let seq = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dz-results-notice-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function save(pdf: Buffer): string {
  seq += 1;
  const file = join(dir, `notice-${seq}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The text of each page in drawing order (pdftotext -raw; pages end with a form feed), whitespace removed. */
function pageTexts(file: string): string[] {
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages.map((p) => p.replace(/\s+/g, ''));
}

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Page 1 as an 8-bit greyscale raster (pdftoppm's PGM): width, height and one byte a pixel. */
function greyPage(file: string, dpi: number): { width: number; height: number; pixels: Buffer } {
  const base = join(dir, `grey-${(seq += 1)}`);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, base]);
  const data = readFileSync(`${base}.pgm`);
  // Header: "P5\n<width> <height>\n<max>\n", then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const [, width, height] = header.map(Number);
  return { width, height, pixels: data.subarray(header[0].length) };
}

const PLACES_HEADER = '名次编号姓名单位总分奖项';
const APART_HEADER = '编号姓名单位情况';
const HEADING = '关于2026年达州技能大赛焊工赛项比赛成绩的公示';

describe('renderResultsNotice', () => {
  it('should draw the heading, the notice period, how to appeal, names, awards and the issuer as real text', async () => {
    const sheet = exampleSheet(26);
    const file = save(await renderResultsNotice(sheet));
    const pages = pageTexts(file);
    const all = pages.join('');
    expect(pages[0].startsWith(HEADING)).toBe(true);
    expect(all).toContain('公示期为2026年12月2日至2026年12月8日');
    expect(all).toContain('申诉');
    expect(all).toContain('理论30%、实操70%');
    for (const row of sheet.rows) expect(all).toContain(row.name);
    for (const award of ['一等奖', '二等奖', '三等奖']) expect(all).toContain(award);
    expect(all).toContain('96.50'); // first place's total, 2 decimals
    expect(all).toContain('达州市人力资源和社会保障局2026年12月2日');
    // The public notice never shows ID numbers, not even masked.
    expect(all).not.toContain('5117');
    // The font is embedded (a subset of Noto Sans SC), so the text is drawn, not tofu.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(fonts).toMatch(/NotoSansSC-Bold/);
  });

  it('should number every page as 第 N 页 共 M 页', async () => {
    const file = save(await renderResultsNotice(exampleSheet(26)));
    const pages = pageTexts(file);
    expect(pages.length).toBe(pageCount(file));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => expect(text).toContain(`第${i + 1}页共${pages.length}页`));
  });

  it('should spread 120 entries over several pages, each with the table header, without splitting a row', async () => {
    const sheet = exampleSheet(120);
    const file = save(await renderResultsNotice(sheet));
    const pages = pageTexts(file);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const places = sheet.rows.filter((r) => r.standing === 'valid');
    const apart = sheet.rows.filter((r) => r.standing !== 'valid');
    expect(places).toHaveLength(110);
    expect(apart).toHaveLength(10);

    // Every page holds table rows, and each starts (after the heading and intro on page 1) with a header.
    pages.forEach((text) => {
      const withoutFooter = text.replace(/第\d+页共\d+页$/, '');
      expect(withoutFooter.includes(PLACES_HEADER) || withoutFooter.includes(APART_HEADER)).toBe(true);
    });
    for (const text of pages.slice(1)) expect(text.startsWith(PLACES_HEADER) || text.startsWith(APART_HEADER)).toBe(true);

    // Each entry is listed exactly once: names are distinct in the fixture.
    const all = pages.join('');
    for (const row of sheet.rows) expect(count(all, row.name)).toBe(row.name === sheet.arena?.champion || row.name === sheet.arena?.longestDefence?.name ? 2 : 1);

    // A wrapped unit stays on the page of its row: on every page its first and last lines pair up.
    for (const text of pages) {
      expect(count(text, '四川省达州市通川区某某精密机械制造')).toBe(count(text, '焊接与装配车'));
    }

    // Those apart come after the places, under their own heading, with 缺考 / 取消资格.
    const apartAt = all.indexOf('以下10名选手不列入名次');
    expect(apartAt).toBeGreaterThan(all.lastIndexOf(places[places.length - 1].name));
    expect(all.indexOf(apart[0].name)).toBeGreaterThan(apartAt);
    expect(count(all.slice(apartAt), '缺考')).toBe(5);
    expect(count(all.slice(apartAt), '取消资格')).toBe(5);
    expect(all).toContain('擂主：张伟');
    expect(all).toContain('最长连续守擂：王伟（守擂成功5次）');
  });

  it('should cut an overlong unit and name with an ellipsis instead of overflowing the cell', async () => {
    const sheet = exampleSheet(3, { arena: null });
    sheet.rows[1] = { ...sheet.rows[1], employer: `${'甲乙丙丁戊己庚辛壬癸'.repeat(8)}尾部标记`, name: `${'欧阳'.repeat(12)}名尾` };
    const file = save(await renderResultsNotice(sheet));
    const all = pageTexts(file).join('');
    expect(all).toContain('甲乙丙丁戊己庚辛壬癸');
    expect(all).not.toContain('尾部标记');
    expect(all).not.toContain('名尾');
    expect(count(all, '…')).toBe(2);
    // The next row is still there, after it.
    expect(all.indexOf(sheet.rows[2].name)).toBeGreaterThan(all.indexOf('甲乙丙丁'));
  });

  it('should render page 1 to a PNG that is not blank', async () => {
    const file = save(await renderResultsNotice(exampleSheet(40)));
    const png = join(dir, 'page1');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, png]);
    expect(existsSync(`${png}.png`)).toBe(true);
    expect(readFileSync(`${png}.png`).subarray(1, 4).toString('latin1')).toBe('PNG');
    // A blank A4 page at 60 dpi compresses to about 1 KB; a page of text and rules to tens of KB.
    expect(statSync(`${png}.png`).size).toBeGreaterThan(20_000);

    const { width, height, pixels } = greyPage(file, 60);
    expect(pixels.length).toBe(width * height);
    const dark = (from: number, to: number) => {
      let n = 0;
      for (let i = from * width; i < to * width; i += 1) if (pixels[i] < 128) n += 1;
      return n;
    };
    // Ink in the heading band (top ~6–10 % of the page) and across the page, none in the margin above.
    expect(dark(Math.round(height * 0.06), Math.round(height * 0.1))).toBeGreaterThan(200);
    expect(dark(0, height) / (width * height)).toBeGreaterThan(0.02);
    expect(dark(0, Math.round(height * 0.03))).toBe(0);
  });

  it('should mark a draft on every page and, without a notice period, announce instead of setting one', async () => {
    const sheet = exampleSheet(60, { status: 'draft', notice: null, computedAt: new Date('2026-11-30T18:00:00Z') });
    const file = save(await renderResultsNotice(sheet));
    const pages = pageTexts(file);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const text of pages) expect(text).toContain('草稿：仅供核对，不得公开');
    const all = pages.join('');
    expect(all).not.toContain('公示期为');
    expect(all).toContain('予以公布');
    // Dated by the computation, in Dazhou's calendar (18:00 UTC is 02:00 the next day there).
    expect(all).toContain('达州市人力资源和社会保障局2026年12月1日');
  });

  it('should leave out the arena section when no arena outcome is given, and mark no draft on a notice', async () => {
    const file = save(await renderResultsNotice(exampleSheet(5, { arena: null })));
    const all = pageTexts(file).join('');
    expect(all).not.toContain('擂台赛结果');
    expect(all).not.toContain('草稿');
    expect(all).toContain(HEADING);
  });

  it('should render an event without entries', async () => {
    const file = save(await renderResultsNotice(exampleSheet(0, { arena: null })));
    const all = pageTexts(file).join('');
    expect(all).toContain(PLACES_HEADER);
    expect(all).toContain('暂无列入名次的选手。');
    expect(all).toContain('第1页共1页');
  });
});
