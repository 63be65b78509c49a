import { inflateSync } from 'node:zlib';

/*
 * Just enough PNG reading for the tests: the header, and the image data inflated, which proves
 * the file decodes to as many bytes as its header says.
 */

export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bytes per pixel of 8-bit PNG colour types: grey, RGB, palette, grey + alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** The inflated image data: one filter byte and `width × channels` bytes per row. */
  data: Buffer;
  /** The length the header promises for `data`. */
  expectedLength: number;
}

/** Reads a PNG's chunks and inflates its image data (throws when the file is not a PNG). */
export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(PNG_MAGIC)) throw new Error('not a PNG');
  let offset = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR');
  const [width, height, bitDepth, colorType] = [header.readUInt32BE(0), header.readUInt32BE(4), header[8]!, header[9]!];
  const data = inflateSync(Buffer.concat(idat));
  return {
    width,
    height,
    bitDepth,
    colorType,
    data,
    expectedLength: height * (1 + width * (CHANNELS[colorType] ?? 0) * (bitDepth / 8)),
  };
}
