import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/*
 * Zip files as an attacker would craft them, for the size checks of roster and history files:
 * deflated entries whose declared sizes can be told to lie (no zip library writes a lie). The
 * archive layout is the plain one (local headers, central directory, end record), no zip64.
 */

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** The uncompressed size to declare instead of the real one. */
  declaredSize?: number;
}

/** A zip of deflated entries. */
export function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.length + compressed.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

/** The entries of a real workbook (exceljs), one sheet with `rows`. */
export async function workbookEntries(rows: (string | number)[][]): Promise<ZipEntry[]> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const yauzl = await import('yauzl');
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const entries: ZipEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  zip.close();
  return entries;
}

/**
 * A zip bomb shaped as a workbook: a real workbook whose sheet is padded with `unpackedBytes` of
 * spaces inside its XML (deflate packs a megabyte of them into about a kilobyte). With `lie`, the
 * sheet declares the size of the real, unpadded sheet instead.
 */
export async function workbookBomb(unpackedBytes: number, options: { lie?: boolean } = {}): Promise<Buffer> {
  const entries = await workbookEntries([
    ['学校编号', '学校名称', '类型', '学生数', '教职工数', '有食堂', '寄宿'],
    ['bomb-01', '炸弹小学', '小学', 100, 10, '是', '否'],
  ]);
  return zipOf(
    entries.map((entry) => {
      if (entry.name !== 'xl/worksheets/sheet1.xml') return entry;
      const xml = Buffer.from(entry.data).toString('utf8');
      const at = xml.indexOf('<sheetData>');
      const padded = Buffer.concat([
        Buffer.from(xml.slice(0, at)),
        Buffer.alloc(unpackedBytes, 0x20),
        Buffer.from(xml.slice(at)),
      ]);
      return { name: entry.name, data: padded, ...(options.lie ? { declaredSize: entry.data.length } : {}) };
    }),
  );
}
