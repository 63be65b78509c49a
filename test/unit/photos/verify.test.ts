import { deflateSync } from 'node:zlib';
import { decode } from 'jpeg-js';
import { demoJpeg } from '../../../shared/photos/demo-images';
import { MAX_PHOTO_BYTES } from '../../../shared/http/limits';
import { DETECTION_BYTES, inspectSize, inspectUpload, type UploadFacts } from '../../../shared/photos/verify';

/** CRC-32 as PNG chunks need it. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real 2×2 RGB PNG (signature, IHDR, IDAT, IEND). */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real 1×1 lossless WebP. */
const TINY_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** The start of a HEIC file as phones write it: an ftyp box with major brand `heic`. */
function heicHeader(majorBrand: 'heic' | 'mif1'): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(majorBrand, 8, 'latin1');
  box.write('mif1', 16, 'latin1');
  box.write('heic', 20, 'latin1');
  return Buffer.concat([box, Buffer.alloc(64)]);
}

/** The facts of an upload whose declared size is its real size. */
const facts = (bytes: Buffer, declaredType: string, extra: Partial<UploadFacts> = {}): UploadFacts => ({
  declaredType,
  declaredBytes: bytes.length,
  size: bytes.length,
  head: bytes.subarray(0, DETECTION_BYTES),
  ...extra,
});

describe('inspectUpload', () => {
  it.each([
    ['a JPEG declared as JPEG', () => demoJpeg({ label: 'CANTEEN' }), 'image/jpeg', 'image/jpeg'],
    ['a PNG declared as PNG', tinyPng, 'image/png', 'image/png'],
    ['a WebP declared as WebP', () => TINY_WEBP, 'image/webp', 'image/webp'],
    ['a HEIC (brand heic) declared as HEIC', () => heicHeader('heic'), 'image/heic', 'image/heic'],
    ['a HEIF (brand mif1) declared as HEIC', () => heicHeader('mif1'), 'image/heic', 'image/heif'],
  ])('accepts %s with the type found in its bytes', async (_name, bytes, declared, detected) => {
    // Act
    const verdict = await inspectUpload(facts(bytes(), declared));
    // Assess
    expect(verdict).toEqual({ ok: true, detectedType: detected });
  });

  it('refuses text declared as JPEG as unrecognized content', async () => {
    // Prepare
    const text = Buffer.from('<html><script>alert(1)</script></html>\n'.repeat(10));
    // Act
    const verdict = await inspectUpload(facts(text, 'image/jpeg'));
    // Assess
    expect(verdict).toEqual({
      ok: false,
      reason: 'UNRECOGNIZED_CONTENT',
      message: {
        zh: '文件不是 JPEG、PNG、WebP 或 HEIC 图片（声明为 image/jpeg，无法识别）',
        en: 'The file is not a JPEG, PNG, WebP or HEIC image (declared image/jpeg, not recognised)',
      },
    });
  });

  it('refuses a PDF declared as JPEG as unrecognized content, naming what it is', async () => {
    // Prepare
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    // Act
    const verdict = await inspectUpload(facts(pdf, 'image/jpeg'));
    // Assess
    expect(verdict).toMatchObject({ ok: false, reason: 'UNRECOGNIZED_CONTENT', detectedType: 'application/pdf' });
  });

  it('refuses a PNG declared as JPEG as a type mismatch', async () => {
    // Act
    const verdict = await inspectUpload(facts(tinyPng(), 'image/jpeg'));
    // Assess
    expect(verdict).toEqual({
      ok: false,
      reason: 'TYPE_MISMATCH',
      detectedType: 'image/png',
      message: {
        zh: '文件的实际类型与声明的类型不符（声明为 image/jpeg，实际为 image/png）',
        en: 'The file’s real type differs from the declared type (declared image/jpeg, found image/png)',
      },
    });
  });

  it('refuses a real JPEG stored with another Content-Type than declared', async () => {
    // Prepare: downloads are served with the stored type, so text/html must never pass.
    const jpeg = demoJpeg({ label: 'GATE' });
    // Act
    const verdict = await inspectUpload(facts(jpeg, 'image/jpeg', { storedType: 'text/html' }));
    // Assess
    expect(verdict).toMatchObject({ ok: false, reason: 'TYPE_MISMATCH', detectedType: 'image/jpeg' });
  });

  it('refuses an empty file before looking at any byte', async () => {
    // Act
    const verdict = await inspectUpload({ declaredType: 'image/jpeg', size: 0, head: new Uint8Array() });
    // Assess
    expect(verdict).toEqual({ ok: false, reason: 'EMPTY', message: { zh: '文件为空', en: 'The file is empty' } });
  });

  it('refuses a file over 10 MiB from its size alone', async () => {
    // Prepare: the head is a valid JPEG; only the size is wrong.
    const jpeg = demoJpeg({ label: 'BIG' });
    // Act
    const verdict = await inspectUpload({
      declaredType: 'image/jpeg',
      size: MAX_PHOTO_BYTES + 1,
      head: jpeg.subarray(0, DETECTION_BYTES),
    });
    // Assess
    expect(verdict).toEqual({
      ok: false,
      reason: 'TOO_LARGE',
      message: {
        zh: `文件超过 10 MB（${MAX_PHOTO_BYTES + 1} 字节）`,
        en: `The file is larger than 10 MB (${MAX_PHOTO_BYTES + 1} bytes)`,
      },
    });
  });

  it('accepts exactly 10 MiB', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'EDGE' });
    // Act
    const verdict = await inspectUpload({
      declaredType: 'image/jpeg',
      size: MAX_PHOTO_BYTES,
      head: jpeg.subarray(0, DETECTION_BYTES),
    });
    // Assess
    expect(verdict).toEqual({ ok: true, detectedType: 'image/jpeg' });
  });

  it('refuses a file whose size is not the size declared', async () => {
    // Prepare
    const jpeg = demoJpeg({ label: 'SIZE' });
    // Act
    const verdict = await inspectUpload(facts(jpeg, 'image/jpeg', { declaredBytes: jpeg.length + 1 }));
    // Assess
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'SIZE_MISMATCH',
      message: {
        en: `The file size differs from the size declared when the upload was asked for (declared ${jpeg.length + 1} bytes, received ${jpeg.length})`,
      },
    });
  });

  it('refuses a JPEG declared as a type we do not take', async () => {
    // Act
    const verdict = await inspectUpload(facts(demoJpeg({ label: 'GIF' }), 'image/gif'));
    // Assess
    expect(verdict).toMatchObject({ ok: false, reason: 'TYPE_MISMATCH', detectedType: 'image/jpeg' });
  });
});

describe('inspectSize', () => {
  it.each([
    [0, undefined, 'EMPTY'],
    [MAX_PHOTO_BYTES + 1, undefined, 'TOO_LARGE'],
    [100, 99, 'SIZE_MISMATCH'],
  ])('refuses %i bytes (declared %p) as %s', (size, declaredBytes, reason) => {
    // Act
    const verdict = inspectSize({ size, ...(declaredBytes !== undefined ? { declaredBytes } : {}) });
    // Assess
    expect(verdict?.reason).toBe(reason);
  });

  it('lets a size within the limits through when nothing was declared', () => {
    // Assess
    expect(inspectSize({ size: 1 })).toBeUndefined();
  });
});

describe('demoJpeg', () => {
  it('draws a real 320×240 JPEG, the same bytes for the same options', () => {
    // Act
    const first = demoJpeg({ label: 'CANTEEN 2025-05-06', scene: 1 });
    const again = demoJpeg({ label: 'CANTEEN 2025-05-06', scene: 1 });
    const decoded = decode(first);
    // Assess
    expect(first.equals(again)).toBe(true);
    expect(decoded).toMatchObject({ width: 320, height: 240 });
    expect(first.length).toBeLessThan(40_000);
  });

  it('gives other bytes for another label or scene', () => {
    // Prepare
    const base = demoJpeg({ label: 'DORM 1' });
    // Assess
    expect(base.equals(demoJpeg({ label: 'DORM 2' }))).toBe(false);
    expect(base.equals(demoJpeg({ label: 'DORM 1', scene: 2 }))).toBe(false);
  });
});
