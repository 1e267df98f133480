import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

/**
 * Checks an uploaded .xlsx (a ZIP archive) before any library inflates it.
 *
 * 1. `inspectXlsx` reads only the end-of-central-directory record and the central directory:
 *    it refuses what is not a ZIP, an archive with too many members, members that claim more
 *    than `maxTotalBytes` in all, or an extreme compression ratio, encrypted members and unknown
 *    compression methods. Nothing is decompressed.
 * 2. `verifyInflation` then inflates each member with a hard output cap equal to the size the
 *    central directory claims, so an archive that lies about its sizes is refused after at
 *    most `maxTotalBytes` of output instead of filling memory.
 *
 * Only after both may the bytes reach exceljs. ZIP64 sizes (in the 0x0001 extra field) are
 * read too, though no spreadsheet within the upload limit needs them.
 */

export interface ZipLimits {
  /** Members of the archive; an .xlsx has a dozen or so. */
  maxEntries: number;
  /** Sum of the members' uncompressed sizes, in bytes. */
  maxTotalBytes: number;
  /** Highest uncompressed/compressed ratio for a member larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Members smaller than this may compress as well as they like (bytes). */
  ratioFloorBytes: number;
}

/** 5,000 rows of ten columns come to a few MB of XML; 50 MB leaves room for styled files. */
export const XLSX_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalBytes: 50 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipProblem = 'not_xlsx' | 'legacy_or_encrypted' | 'corrupt' | 'too_many_entries' | 'too_large' | 'ratio' | 'encrypted' | 'unsupported' | 'size_mismatch';

export type ZipInspection = { ok: true; members: ZipMember[]; totalBytes: number } | { ok: false; problem: ZipProblem; message: string };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
/** The compound-file signature of legacy .xls files and of password-protected .xlsx files. */
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const STORED = 0;
const DEFLATED = 8;
/** Parts every workbook has ([Content_Types].xml and the workbook part). */
const REQUIRED_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];

const MB = 1024 * 1024;

const fail = (problem: ZipProblem, message: string): ZipInspection => ({ ok: false, problem, message });
const NOT_XLSX = '文件不是 Excel（.xlsx）格式，请下载导入模板填写后上传';
const CORRUPT = '文件已损坏或不完整，无法读取；请在 Excel 中重新保存后上传';

/** Reads the archive's directory and applies `limits`; decompresses nothing. */
export function inspectXlsx(data: Buffer, limits: ZipLimits = XLSX_LIMITS): ZipInspection {
  if (data.length >= OLE2.length && data.subarray(0, OLE2.length).equals(OLE2)) {
    return fail('legacy_or_encrypted', '这是旧版 Excel（.xls）文件或设置了打开密码的文件，请在 Excel 中另存为不加密的 .xlsx 后上传');
  }
  if (data.length < 30 || data.readUInt32LE(0) !== LOCAL_HEADER) return fail('not_xlsx', NOT_XLSX);

  const eocd = findEndOfCentralDirectory(data);
  if (eocd < 0) return fail('corrupt', CORRUPT);
  let entries = data.readUInt16LE(eocd + 10);
  let directorySize = data.readUInt32LE(eocd + 12);
  let directoryOffset = data.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const zip64 = readZip64End(data, eocd);
    if (!zip64) return fail('corrupt', CORRUPT);
    ({ entries, directorySize, directoryOffset } = zip64);
  }
  if (entries > limits.maxEntries) return fail('too_many_entries', `文件异常：压缩包内有 ${entries} 个部件（上限 ${limits.maxEntries}），已拒绝`);
  if (directoryOffset + directorySize > data.length) return fail('corrupt', CORRUPT);

  const members: ZipMember[] = [];
  let totalBytes = 0;
  let at = directoryOffset;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_HEADER) return fail('corrupt', CORRUPT);
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    let compressedSize = data.readUInt32LE(at + 20);
    let uncompressedSize = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    let localHeaderOffset = data.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > data.length) return fail('corrupt', CORRUPT);
    const name = data.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const extra = data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const sizes = readZip64Extra(extra, { uncompressedSize, compressedSize, localHeaderOffset });
      if (!sizes) return fail('corrupt', CORRUPT);
      ({ uncompressedSize, compressedSize, localHeaderOffset } = sizes);
    }
    if (flags & 0x1) return fail('encrypted', '文件已加密，请取消密码保护后另存为 .xlsx 再上传');
    if (method !== STORED && method !== DEFLATED) return fail('unsupported', '文件异常：使用了不支持的压缩方式，请在 Excel 中重新保存后上传');
    totalBytes += uncompressedSize;
    if (totalBytes > limits.maxTotalBytes) {
      return fail('too_large', `文件异常：解压后内容超过 ${Math.round(limits.maxTotalBytes / MB)} MB，疑似压缩炸弹，已拒绝`);
    }
    if (uncompressedSize > limits.ratioFloorBytes && uncompressedSize / Math.max(compressedSize, 1) > limits.maxRatio) {
      return fail('ratio', `文件异常：压缩比过高（${name} 约 ${Math.round(uncompressedSize / Math.max(compressedSize, 1))} 倍），疑似压缩炸弹，已拒绝`);
    }
    if (localHeaderOffset + 30 > data.length) return fail('corrupt', CORRUPT);
    members.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  const names = new Set(members.map((m) => m.name));
  if (!REQUIRED_PARTS.every((part) => names.has(part))) return fail('not_xlsx', NOT_XLSX);
  return { ok: true, members, totalBytes };
}

const inflate = promisify(inflateRaw) as (data: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/**
 * Inflates every member with its output capped at the size the directory claims (so at most
 * the inspected total is ever produced) and checks the sizes agree. Null when all is well.
 */
export async function verifyInflation(data: Buffer, members: readonly ZipMember[]): Promise<ZipInspection & { ok: false } | null> {
  for (const member of members) {
    const at = member.localHeaderOffset;
    if (data.readUInt32LE(at) !== LOCAL_HEADER) return { ok: false, problem: 'corrupt', message: CORRUPT };
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    if (start + member.compressedSize > data.length) return { ok: false, problem: 'corrupt', message: CORRUPT };
    const body = data.subarray(start, start + member.compressedSize);
    let size: number;
    if (member.method === STORED) {
      size = body.length;
    } else {
      try {
        // maxOutputLength must be at least 1; a claimed 0 that inflates to anything is caught below.
        size = (await inflate(body, { maxOutputLength: Math.max(member.uncompressedSize, 1) })).length;
      } catch (error) {
        const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
        return tooBig
          ? { ok: false, problem: 'size_mismatch', message: '文件异常：压缩包内的大小信息与实际内容不符，疑似压缩炸弹，已拒绝' }
          : { ok: false, problem: 'corrupt', message: CORRUPT };
      }
    }
    if (size !== member.uncompressedSize) {
      return { ok: false, problem: 'size_mismatch', message: '文件异常：压缩包内的大小信息与实际内容不符，疑似压缩炸弹，已拒绝' };
    }
  }
  return null;
}

/** Offset of the end-of-central-directory record (searched back over a possible comment), or -1. */
function findEndOfCentralDirectory(data: Buffer): number {
  const lowest = Math.max(0, data.length - EOCD_MIN - MAX_COMMENT);
  for (let at = data.length - EOCD_MIN; at >= lowest; at -= 1) {
    if (data.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY && at + EOCD_MIN + data.readUInt16LE(at + 20) === data.length) return at;
  }
  return -1;
}

function readZip64End(data: Buffer, eocd: number): { entries: number; directorySize: number; directoryOffset: number } | null {
  const locator = eocd - 20;
  if (locator < 0 || data.readUInt32LE(locator) !== ZIP64_END_LOCATOR) return null;
  const end = Number(data.readBigUInt64LE(locator + 8));
  if (end + 56 > data.length || data.readUInt32LE(end) !== ZIP64_END) return null;
  return {
    entries: safeNumber(data.readBigUInt64LE(end + 32)),
    directorySize: safeNumber(data.readBigUInt64LE(end + 40)),
    directoryOffset: safeNumber(data.readBigUInt64LE(end + 48)),
  };
}

/** The ZIP64 extra field holds, in this order, only the values whose 32-bit field is saturated. */
function readZip64Extra(
  extra: Buffer,
  fields: { uncompressedSize: number; compressedSize: number; localHeaderOffset: number },
): { uncompressedSize: number; compressedSize: number; localHeaderOffset: number } | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      const out = { ...fields };
      let p = at + 4;
      const next = (): number | null => {
        if (p + 8 > at + 4 + size || p + 8 > extra.length) return null;
        const value = safeNumber(extra.readBigUInt64LE(p));
        p += 8;
        return value;
      };
      for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
        if (fields[key] !== 0xffffffff) continue;
        const value = next();
        if (value === null) return null;
        out[key] = value;
      }
      return out;
    }
    at += 4 + size;
  }
  return null;
}

/** Anything beyond 2^53 is absurd for an upload and fails every limit as Infinity. */
function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(value);
}
