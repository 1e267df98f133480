import { PassThrough, Writable } from 'node:stream';

import ExcelJS from 'exceljs';
import fc from 'fast-check';

import { escapeCell, writeXlsx, type XlsxRow, type XlsxSheet } from './safe-xlsx';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** Runs writeXlsx into a PassThrough read concurrently, and returns the file's bytes. */
async function writeToBuffer(sheets: XlsxSheet[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeXlsx(stream, sheets);
  return Buffer.concat(chunks);
}

async function load(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS types its argument as its own ArrayBuffer-like `Buffer`; a Node Buffer works at runtime.
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A Writable that takes each chunk on a later turn, with a tiny buffer, so drain matters. */
function slowSink(highWaterMark = 1024): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      setImmediate(callback);
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

async function* slowRows(count: number): AsyncGenerator<XlsxRow> {
  for (let i = 0; i < count; i += 1) {
    if (i % 100 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    yield { n: i, text: `第 ${i} 行 =${i}` };
  }
}

describe('escapeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'],
    ['+8613800138000', "'+8613800138000"],
    ['-5', "'-5"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['＝1+1', "'＝1+1"],
    ['－5', "'－5"],
  ])('should prefix the formula-like text %j', (input, expected) => {
    expect(escapeCell(input)).toBe(expected);
  });

  it.each(['', '张三', 'a=1', ' =1', "'=1", '5-3', '138-0013-8000', '\n=1'])(
    'should leave the text %j alone',
    (input) => {
      expect(escapeCell(input)).toBe(input);
    },
  );

  it('should keep numbers, booleans and dates as they are', () => {
    const date = new Date(Date.UTC(2025, 4, 20, 8, 30));
    expect(escapeCell(42)).toBe(42);
    expect(escapeCell(-5)).toBe(-5);
    expect(escapeCell(0.1)).toBe(0.1);
    expect(escapeCell(true)).toBe(true);
    expect(escapeCell(false)).toBe(false);
    expect(escapeCell(date)).toBe(date);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['an invalid date', new Date(Number.NaN)],
  ])('should turn %s into an empty cell', (_case, value) => {
    expect(escapeCell(value)).toBeNull();
  });

  it.each([
    ['a formula object', { formula: '1+1', result: 2 }, '{"formula":"1+1","result":2}'],
    ['a hyperlink object', { text: 'x', hyperlink: 'http://evil' }, '{"text":"x","hyperlink":"http://evil"}'],
    ['an array', ['=1', 2], "'=1,2"],
    ['a bigint', 10n, '10'],
    ['a negative bigint', -10n, "'-10"],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 }), '{"a":1}'],
    ['an object with toString', { toString: () => '=cmd' }, "'=cmd"],
  ])('should turn %s into escaped text', (_case, value, expected) => {
    expect(escapeCell(value)).toBe(expected);
  });

  it('should survive a cyclic object', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(escapeCell(cyclic)).toBe('[object Object]');
  });

  it('should never give text that starts a formula, nor an object', () => {
    const risky = fc
      .tuple(fc.constantFrom(...TRIGGERS), fc.string())
      .map(([first, rest]) => first + rest);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), risky, fc.string()), (value) => {
        const cell = escapeCell(value);
        if (typeof cell === 'string') {
          expect(TRIGGERS).not.toContain(cell.charAt(0));
        } else if (cell !== null) {
          expect(['number', 'boolean'].includes(typeof cell) || cell instanceof Date).toBe(true);
        }
      }),
    );
  });

  it('should change safe text not at all and risky text only by one leading apostrophe', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeCell(text);
        expect(escaped === text || escaped === `'${text}`).toBe(true);
      }),
    );
  });
});

describe('writeXlsx', () => {
  const date = new Date(Date.UTC(2025, 4, 20, 8, 30));

  const sheets: XlsxSheet[] = [
    {
      name: '报名名单',
      columns: [
        { header: '姓名', key: 'name', width: 12 },
        { header: '分数', key: 'score' },
        { header: '通过', key: 'passed' },
        { header: '时间', key: 'at', width: 20 },
        { header: '备注', key: 'remark' },
      ],
      rows: [
        { name: '=1+1', score: 95.5, passed: true, at: date, remark: '@SUM(A1:A9)' },
        { name: '张三', score: -3, passed: false, at: null, remark: { formula: 'A1*2' } },
        { name: '-李四', score: 0, remark: '+86 138 0013 8000', ignored: '=not a column' },
      ],
    },
    { name: 'Empty', columns: [{ header: '=H', key: 'h' }], rows: [] },
  ];

  it('should write readable sheets with escaped text and native values', async () => {
    const workbook = await load(await writeToBuffer(sheets));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['报名名单', 'Empty']);

    const sheet = workbook.getWorksheet('报名名单');
    expect(sheet?.rowCount).toBe(4);
    expect(sheet?.getRow(1).values).toEqual([undefined, '姓名', '分数', '通过', '时间', '备注']);

    const first = sheet?.getRow(2);
    expect(first?.getCell(1).value).toBe("'=1+1");
    expect(first?.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first?.getCell(1).formula).toBeUndefined();
    expect(first?.getCell(2).value).toBe(95.5);
    expect(first?.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(first?.getCell(3).value).toBe(true);
    expect(first?.getCell(4).value).toEqual(date);
    expect(first?.getCell(5).value).toBe("'@SUM(A1:A9)");

    const second = sheet?.getRow(3);
    expect(second?.getCell(2).value).toBe(-3);
    expect(second?.getCell(3).value).toBe(false);
    expect(second?.getCell(4).value).toBeNull();
    expect(second?.getCell(5).value).toBe('{"formula":"A1*2"}');
    expect(second?.getCell(5).type).toBe(ExcelJS.ValueType.String);

    const third = sheet?.getRow(4);
    expect(third?.getCell(1).value).toBe("'-李四");
    expect(third?.getCell(2).value).toBe(0);
    expect(third?.getCell(5).value).toBe("'+86 138 0013 8000");
    expect(third?.cellCount).toBe(5);

    expect(workbook.getWorksheet('Empty')?.getRow(1).getCell(1).value).toBe("'=H");
  });

  it('should make the header row bold, and only it', async () => {
    const sheet = (await load(await writeToBuffer(sheets))).getWorksheet('报名名单');
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet?.getRow(2).getCell(1).font?.bold).toBeFalsy();
  });

  it('should set the column widths asked for', async () => {
    const sheet = (await load(await writeToBuffer(sheets))).getWorksheet('报名名单');
    expect(sheet?.getColumn(1).width).toBe(12);
    expect(sheet?.getColumn(4).width).toBe(20);
  });

  it('should stream rows from an async source into a slow destination', async () => {
    const { sink, bytes } = slowSink();
    const finished = new Promise((resolve) => sink.on('finish', resolve));
    await writeXlsx(sink, [
      {
        name: 'Big',
        columns: [
          { header: 'n', key: 'n' },
          { header: 'text', key: 'text' },
        ],
        rows: slowRows(5000),
      },
    ]);
    await finished;
    const sheet = (await load(bytes())).getWorksheet('Big');
    expect(sheet?.rowCount).toBe(5001);
    expect(sheet?.getRow(5001).values).toEqual([undefined, 4999, '第 4999 行 =4999']);
  });

  it('should reject when the destination fails part-way', async () => {
    let written = 0;
    const failing = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.length;
        setImmediate(() => callback(written > 2048 ? new Error('disk full') : null));
      },
    });
    await expect(
      writeXlsx(failing, [
        { name: 'Big', columns: [{ header: 'text', key: 'text' }], rows: slowRows(20_000) },
      ]),
    ).rejects.toThrow('disk full');
  });

  it('should reject when the destination is closed part-way', async () => {
    const { sink } = slowSink();
    sink.once('drain', () => sink.destroy());
    await expect(
      writeXlsx(sink, [
        { name: 'Big', columns: [{ header: 'text', key: 'text' }], rows: slowRows(20_000) },
      ]),
    ).rejects.toThrow('closed before the workbook was written');
  });

  it('should reject when the row source fails', async () => {
    async function* broken(): AsyncGenerator<XlsxRow> {
      yield { a: 1 };
      throw new Error('cursor lost');
    }
    const { sink } = slowSink();
    await expect(
      writeXlsx(sink, [{ name: 'A', columns: [{ header: 'a', key: 'a' }], rows: broken() }]),
    ).rejects.toThrow('cursor lost');
  });

  it.each(['', 'a'.repeat(32), 'a/b', 'a:b', '[a]', 'a*', 'a?', 'a\\b', "'a", "a'"])(
    'should refuse the sheet name %j before writing anything',
    async (name) => {
      const { sink, bytes } = slowSink();
      await expect(writeXlsx(sink, [{ name, columns: [], rows: [] }])).rejects.toThrow(
        'Invalid worksheet name',
      );
      expect(bytes()).toHaveLength(0);
    },
  );

  it('should refuse two sheets whose names differ only in case', async () => {
    const { sink } = slowSink();
    const sheet = (name: string) => ({ name, columns: [], rows: [] });
    await expect(writeXlsx(sink, [sheet('成绩 A'), sheet('成绩 a')])).rejects.toThrow(
      'Duplicate worksheet name',
    );
  });

  it('should accept a sheet name of exactly 31 characters', async () => {
    const name = '达州'.repeat(15) + 'x';
    const workbook = await load(await writeToBuffer([{ name, columns: [], rows: [] }]));
    expect(workbook.worksheets[0]?.name).toBe(name);
  });
});
