import { IsoDateTime } from './common';
import { AggregationMethod, MarkingSchemeView, SchemeSectionBody } from './judging';
import { z } from './zod';

/**
 * Marking schemes (评分表) as Excel files: the template (a stage's current scheme, or an example)
 * and its import, which only previews — the editor shows the scheme and the organiser saves it
 * with PUT /events/:id/schemes/:stage. libs/domain `scheme-sheet.ts` converts rows ↔ schemes.
 *
 * Layout of the workbook:
 * - sheet 评分表: row 1 is the header SCHEME_SHEET_COLUMNS, one row per section or aspect below.
 *   A row with only the section columns (部分编号, 部分名称, 上级部分编号) declares a section
 *   (a subsection when 上级部分编号 names a section declared on an earlier row). A row with
 *   评分项编号 is an aspect of the section in 部分编号; 类型 is 测量, 评价 or 扣分, 分值 its
 *   marks (at most two decimals). Blank rows are skipped.
 * - sheet 设置 (optional): a row 汇总方式 | 平均分 (or 去掉最高最低取平均, 中位数); mean when absent.
 * - sheet 填写说明: instructions, not read back.
 */

export const SCHEME_SHEET_NAME = '评分表';
export const SCHEME_SETTINGS_SHEET = '设置';
export const SCHEME_HELP_SHEET = '填写说明';
/** The label of the method row in the settings sheet (column A; the method is in column B). */
export const SCHEME_METHOD_LABEL = '汇总方式';
/** The header of the scheme sheet, in order. */
export const SCHEME_SHEET_COLUMNS = ['部分编号', '部分名称', '上级部分编号', '评分项编号', '评分项名称', '类型', '分值'] as const;
/** A scheme file is small: 1 MB and 2,000 rows are far beyond any real 评分表. */
export const SCHEME_IMPORT_MAX_BYTES = 1024 * 1024;
export const SCHEME_IMPORT_MAX_ROWS = 2000;

/** The scheme read from a file: what MarkingSchemeBody takes, without a version. */
export const SchemeDraftBody = z.object({
  method: AggregationMethod,
  /** Hundredths: the sum of the measurement and judgement maxima. */
  totalMarks: z.number().int(),
  sections: z.array(SchemeSectionBody),
});
export type SchemeDraftBody = z.infer<typeof SchemeDraftBody>;

/** A remark on the file that did not stop the import (row 1-based as Excel shows it; null: the whole file). */
export const SchemeSheetNote = z.object({ row: z.number().int().nullable(), message: z.string() });
export type SchemeSheetNote = z.infer<typeof SchemeSheetNote>;

/**
 * POST /events/:id/schemes/:stage/import — the file's scheme, valid (a file with any problem is
 * refused with 400 and one issue per problem, path `rows.<n>` naming the row). Nothing is saved.
 */
export const SchemeImportPreview = z.object({
  stage: z.string(),
  filename: z.string(),
  scheme: SchemeDraftBody,
  /** Rows read (sections and aspects). */
  rows: z.number().int(),
  notes: z.array(SchemeSheetNote),
});
export type SchemeImportPreview = z.infer<typeof SchemeImportPreview>;

/** GET /events/:id/schemes — each stage of the event with its scheme, and whether it may still change. */
export const SchemeStageList = z.object({
  items: z.array(
    z.object({
      stage: z.string(),
      /** Percent of the event total. */
      weight: z.number().int(),
      scheme: MarkingSchemeView.nullable(),
      /** The stage has marks: its scheme is frozen. */
      marked: z.boolean(),
      /** Why the scheme can no longer change (Chinese), or null while it can. */
      lockedReason: z.string().nullable(),
    }),
  ),
  checkedAt: IsoDateTime,
});
export type SchemeStageList = z.infer<typeof SchemeStageList>;
