import {
  AppError,
  ErrorCode,
  SCHEME_HELP_SHEET,
  SCHEME_IMPORT_MAX_BYTES,
  SCHEME_IMPORT_MAX_ROWS,
  SCHEME_SETTINGS_SHEET,
  SCHEME_SHEET_COLUMNS,
  SCHEME_SHEET_NAME,
  type SchemeImportPreview,
  type SchemeStageList,
} from '@dz/contracts';
import {
  AGGREGATION_METHODS,
  ASPECT_KIND_LABELS,
  ASPECT_KINDS,
  METHOD_SHEET_LABELS,
  methodCellOf,
  methodSheetRows,
  schemeFromSheet,
  schemeToSheetRows,
  type SheetCell,
  type SheetScheme,
} from '@dz/domain';
import { JudgingRepository } from '@dz/persistence';
import { Injectable } from '@nestjs/common';
import ExcelJS, { type CellValue, type Worksheet } from 'exceljs';
import { escapeCell } from '../../common/xlsx/safe-xlsx';
import { inspectXlsx, verifyInflation } from '../../common/xlsx/zip-guard';
import { JudgingAccess } from './judging-access';
import { EDITABLE, schemeView } from './scheme.service';

export interface UploadedSchemeFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export const SCHEME_FILE_TOO_LARGE = `评分表文件不能超过 ${SCHEME_IMPORT_MAX_BYTES / 1024 / 1024} MB`;

/** Only these zip-guard problems mean "not an .xlsx at all" (415); the rest are a broken .xlsx (400). */
const NOT_XLSX = new Set(['not_xlsx', 'legacy_or_encrypted']);

/** The template's example, for a stage without a scheme: 100 marks, a subsection and a deduction. */
const EXAMPLE: SheetScheme = {
  method: 'trimmed_mean',
  totalMarks: 10000,
  sections: [
    {
      key: 'A',
      title: '操作规范',
      aspects: [
        { key: 'A1', title: '工艺流程规范', kind: 'judgement', maxMarks: 2000 },
        { key: 'A2', title: '尺寸精度', kind: 'measurement', maxMarks: 3000 },
      ],
      sections: [],
    },
    {
      key: 'B',
      title: '作品质量',
      aspects: [{ key: 'B1', title: '外观成形', kind: 'judgement', maxMarks: 2000 }],
      sections: [{ key: 'B2', title: '内部质量', aspects: [{ key: 'B2.1', title: '无损检测', kind: 'measurement', maxMarks: 2000 }], sections: [] }],
    },
    {
      key: 'C',
      title: '职业素养',
      aspects: [
        { key: 'C1', title: '安全文明生产', kind: 'measurement', maxMarks: 1000 },
        { key: 'C9', title: '违规操作', kind: 'deduction', maxMarks: 500 },
      ],
      sections: [],
    },
  ],
};

const WIDTHS = [10, 18, 12, 10, 24, 8, 8];
/** Key columns are text, so Excel keeps 1.10 as typed instead of turning it into the number 1.1. */
const TEXT_COLUMNS = new Set([0, 2, 3]);

/** A cell of exceljs as a plain value for libs/domain: a formula's result, a link's or rich text's text. */
function sheetCell(value: CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return sheetCell(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return sheetCell((value.result ?? null) as CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

const badFile = (message: string) => new AppError(ErrorCode.ValidationFailed, message, [{ path: 'file', message }]);

/**
 * Marking schemes as Excel files: the stages of an event with their schemes, the template (the
 * stage's scheme, or an example) and the import, which reads a file into a scheme and checks it
 * as the PUT will, but saves nothing (the editor shows it; the organiser saves it).
 */
@Injectable()
export class SchemeSheetService {
  constructor(
    private readonly judging: JudgingRepository,
    private readonly access: JudgingAccess,
  ) {}

  async stages(eventId: string): Promise<SchemeStageList> {
    const event = await this.access.event(eventId);
    const schemes = new Map((await this.judging.schemes(eventId)).map((s) => [s.stage, s]));
    const items = await Promise.all(
      event.stages.map(async ({ name, weight }) => {
        const marked = await this.judging.hasMarks(eventId, name);
        const stored = schemes.get(name);
        const lockedReason = !EDITABLE.includes(event.status)
          ? '赛项评分已结束，评分表不能再修改'
          : marked
            ? `「${name}」阶段已有评分，评分表不能再修改`
            : null;
        return { stage: name, weight, scheme: stored ? schemeView(stored) : null, marked, lockedReason };
      }),
    );
    return { items, checkedAt: new Date().toISOString() };
  }

  async template(eventId: string, stage: string): Promise<{ filename: string; data: Buffer }> {
    const event = await this.access.eventWithStage(eventId, stage);
    const stored = await this.judging.scheme(eventId, stage);
    const scheme: SheetScheme = stored ? { method: stored.method, totalMarks: stored.totalMarks, sections: stored.sections } : EXAMPLE;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = '达州技能大赛';
    const sheet = workbook.addWorksheet(SCHEME_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = SCHEME_SHEET_COLUMNS.map((header, i) => ({ header, width: WIDTHS[i], style: TEXT_COLUMNS.has(i) ? { numFmt: '@' } : {} }));
    for (const row of schemeToSheetRows(scheme).slice(1)) {
      sheet.addRow(row.map((cell) => escapeCell(cell === '' ? null : cell)));
    }
    styleHeader(sheet);
    const settings = workbook.addWorksheet(SCHEME_SETTINGS_SHEET);
    settings.columns = [{ width: 14 }, { width: 26 }];
    settings.addRows(methodSheetRows(scheme.method).map((row) => row.map((cell) => escapeCell(cell))));
    styleHeader(settings);
    const help = workbook.addWorksheet(SCHEME_HELP_SHEET);
    help.getColumn(1).width = 110;
    instructions(event.title, stage, stored !== null).forEach((line, i) => {
      const cell = help.getCell(i + 1, 1);
      cell.value = escapeCell(line);
      cell.alignment = { wrapText: true, vertical: 'top' };
      if (i === 0) cell.font = { bold: true, size: 14 };
    });
    return { filename: `评分表-${event.title}-${stage}.xlsx`, data: Buffer.from(await workbook.xlsx.writeBuffer()) };
  }

  async preview(eventId: string, stage: string, file: UploadedSchemeFile | undefined): Promise<SchemeImportPreview> {
    await this.access.eventWithStage(eventId, stage);
    if (!file) throw badFile('请选择要上传的评分表 Excel 文件（.xlsx）');
    if (file.size > SCHEME_IMPORT_MAX_BYTES) throw new AppError(ErrorCode.PayloadTooLarge, SCHEME_FILE_TOO_LARGE);
    if (file.size === 0) throw badFile('上传的文件是空的');
    const inspection = inspectXlsx(file.buffer);
    if (!inspection.ok) {
      throw new AppError(NOT_XLSX.has(inspection.problem) ? ErrorCode.UnsupportedMediaType : ErrorCode.ValidationFailed, inspection.message, [
        { path: 'file', message: inspection.message },
      ]);
    }
    const mismatch = await verifyInflation(file.buffer, inspection.members);
    if (mismatch) throw badFile(mismatch.message);

    const workbook = new ExcelJS.Workbook();
    try {
      // exceljs types its parameter as Node's older Buffer; the runtime takes any Buffer.
      await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
    } catch {
      throw badFile('文件已损坏或不是有效的 Excel 工作簿，无法读取；请在 Excel 中重新保存后上传');
    }
    const sheet = workbook.getWorksheet(SCHEME_SHEET_NAME) ?? workbook.worksheets[0];
    if (!sheet) throw badFile(`文件中没有「${SCHEME_SHEET_NAME}」工作表`);
    const rows = readRows(sheet, SCHEME_IMPORT_MAX_ROWS + 1);
    if (rows === null) throw badFile(`评分表最多 ${SCHEME_IMPORT_MAX_ROWS} 行（不含表头），请删去多余的行`);
    const settings = workbook.getWorksheet(SCHEME_SETTINGS_SHEET);
    const methodCell = settings ? methodCellOf(readRows(settings, 50) ?? []) : undefined;

    const result = schemeFromSheet(rows, methodCell);
    if (result.scheme === null) {
      const { problems } = result;
      const shown = problems.slice(0, 3).map((p) => p.message);
      throw new AppError(
        ErrorCode.ValidationFailed,
        `评分表文件有 ${problems.length} 处错误：${shown.join('；')}${problems.length > shown.length ? '……' : ''}`,
        problems.map((p) => ({ path: p.row === null ? 'file' : `rows.${p.row}`, message: p.message })),
      );
    }
    // multer decodes the filename as latin1; browsers send UTF-8.
    const filename = Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 120) || 'scheme.xlsx';
    return { stage, filename, scheme: result.scheme, rows: result.rows, notes: result.notes };
  }
}

function styleHeader(sheet: Worksheet): void {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
}

/** Rows 1… of a sheet as plain cells (rows[0] is row 1; blank rows are empty arrays); null beyond `maxRows`. */
function readRows(sheet: Worksheet, maxRows: number): SheetCell[][] | null {
  const rows: SheetCell[][] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n > maxRows) {
      tooMany = true;
      return;
    }
    rows[n - 1] = Array.from({ length: SCHEME_SHEET_COLUMNS.length }, (_, c) => sheetCell(row.getCell(c + 1).value));
  });
  if (tooMany) return null;
  return Array.from({ length: rows.length }, (_, i) => rows[i] ?? []);
}

function instructions(title: string, stage: string, current: boolean): string[] {
  const methods = AGGREGATION_METHODS.map((m) => METHOD_SHEET_LABELS[m]).join('、');
  return [
    `「${title}」${stage}阶段评分表 · 填写说明`,
    current ? '1. 本文件是该阶段当前保存的评分表，修改后可在「评分表」页导入，确认无误再保存。' : '1. 该阶段尚未设置评分表，本文件中是示例，请按实际改写后在「评分表」页导入，确认无误再保存。',
    `2. 「${SCHEME_SHEET_NAME}」工作表第 1 行是表头（${SCHEME_SHEET_COLUMNS.join(' | ')}），请勿修改列名或调整列的顺序。`,
    '3. 声明评分部分：一行只填「部分编号」「部分名称」；子部分另填「上级部分编号」，上级部分须写在前面的行中。',
    '4. 评分项：一行填所属的「部分编号」（须在前面的行中声明）以及「评分项编号」「评分项名称」「类型」「分值」；「部分名称」「上级部分编号」可以不填。',
    `5. 类型：${ASPECT_KINDS.map((k) => ASPECT_KIND_LABELS[k]).join('、')}。测量、评价项的分值是满分（评价项裁判打 0–3 分后按满分折算），扣分项的分值是最多扣多少分，扣分只从其所在部分扣除。`,
    '6. 分值以“分”计，最多两位小数（如 12.5）；总分为全部测量、评价项满分之和，自动计算。',
    '7. 编号只能包含字母、数字、点、下划线和连字符（如 A、A1、B2.1），部分和评分项的编号在整张表中不能重复；阶段开始评分后编号即被引用，请勿再改。',
    `8. 「${SCHEME_SETTINGS_SHEET}」工作表的「汇总方式」：${methods}（多名裁判的分数如何合并）；不填按平均分。`,
    `9. 文件不超过 ${SCHEME_IMPORT_MAX_BYTES / 1024 / 1024} MB、${SCHEME_IMPORT_MAX_ROWS} 行，只接受 .xlsx 格式。导入只会预览，不会直接保存。`,
  ];
}
