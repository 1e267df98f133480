import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipMemberSpec {
  name: string;
  data: Buffer;
  /** Deflate (default) or store. */
  method?: 'deflate' | 'store';
  /** Lie in the central directory about the uncompressed size (a crafted zip bomb). */
  claimUncompressed?: number;
  /** Set the "encrypted" flag. */
  encrypted?: boolean;
}

/**
 * A minimal ZIP archive written by hand (local headers, data, central directory, end record),
 * so tests can make archives no zip library would: sizes that lie, encryption flags, bombs.
 */
export function zipOf(members: readonly ZipMemberSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const method = member.method === 'store' ? 0 : 8;
    const body = method === 8 ? deflateRawSync(member.data, { level: 9 }) : member.data;
    const crc = crc32(member.data);
    const uncompressed = member.claimUncompressed ?? member.data.length;
    const flags = member.encrypted ? 0x1 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(uncompressed, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(uncompressed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts an .xlsx must have, so an archive passes as one up to what a test changes. */
export const XLSX_SKELETON: ZipMemberSpec[] = [
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook/>') },
];

/**
 * A zip bomb shaped like an .xlsx: a sheet of `megabytes` MB of spaces, which deflate shrinks
 * about a thousandfold, so a 100 MB bomb is a file of about 100 KB.
 */
export function xlsxBomb(megabytes: number): Buffer {
  return zipOf([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(megabytes * 1024 * 1024, 0x20) }]);
}
