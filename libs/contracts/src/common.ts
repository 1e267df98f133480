import { z } from './zod';

export const Uuid = z.uuid({ message: '应为有效的 UUID' });

/** A timestamp as it crosses a process: ISO 8601 with offset, e.g. 2026-11-25T09:00:00.000Z. */
export const IsoDateTime = z.iso.datetime({ offset: true, message: '应为 ISO 8601 时间' });

export const IdParam = z.object({ id: Uuid });
export type IdParam = z.infer<typeof IdParam>;

/** The nine county-level areas of Dazhou (DOMAIN.md), in their official order. */
export const COUNTIES = [
  '通川区',
  '达川区',
  '万源市',
  '宣汉县',
  '开江县',
  '大竹县',
  '渠县',
  '达州高新区',
  '达州东部经开区',
] as const;
export const County = z.enum(COUNTIES, { message: '应为达州市的区县之一' });
export type County = z.infer<typeof County>;
