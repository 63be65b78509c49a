import { stat, readFile } from 'node:fs/promises';
import yauzl from 'yauzl';
import { localize, type Locale, type Text } from '../i18n';

/*
 * Size limits of the spreadsheets people hand us (school rosters, last year's records), checked
 * before anything is parsed or unzipped, so a 200 MB sheet or a zip bomb is refused with a message
 * and costs nothing: the file's size first (before it is read, when it comes from disk); then, for
 * an .xlsx, the sizes its zip directory declares (read by yauzl without inflating anything); then
 * the real sizes, inflated entry by entry and thrown away, each stopped at the first byte past
 * what its entry declared (a zip that lies about its sizes is refused after at most the limit).
 * Only then does exceljs read the file. A refusal changes nothing: the parsers return it as an
 * issue on line 0 before any row exists.
 */

/** What a kind of file may weigh. */
export interface SpreadsheetLimits {
  /** What the limits are for, in messages ("roster", "history file"). */
  kind: Text;
  /** The file as it is (a .csv, or the .xlsx zip). */
  maxFileBytes: number;
  /** An .xlsx's entries unpacked, all together. */
  maxUnpackedBytes: number;
  /** Entries of an .xlsx's zip (Excel writes about a dozen). */
  maxEntries: number;
}

/** A roster of every school of a province is under 2 MB; exceljs reads a roster whole, so its unpacked size stays small. */
export const ROSTER_LIMITS: SpreadsheetLimits = {
  kind: { zh: '花名册', en: 'roster' },
  maxFileBytes: 5_000_000,
  maxUnpackedBytes: 50_000_000,
  maxEntries: 2_000,
};

/** A history file of the most rows an import takes (50,000) is about 5 MB as CSV and 25 MB unpacked as .xlsx. */
export const HISTORY_FILE_LIMITS: SpreadsheetLimits = {
  kind: { zh: '历史记录', en: 'history file' },
  maxFileBytes: 20_000_000,
  maxUnpackedBytes: 100_000_000,
  maxEntries: 2_000,
};

const MESSAGES = {
  fileTooLarge: {
    zh: '文件过大：{actual}，{kind}文件最大 {max}。请拆分成几个文件，或删去无关的工作表和图片后再导入；未导入任何内容',
    en: 'The file is too large: {actual}; a {kind} may be at most {max}. Split it into several files, or remove unrelated sheets and pictures, and import again; nothing was imported',
  },
  unpackedTooLarge: {
    zh: '文件解压后过大：{actual}，{kind}文件解压后最大 {max}（可能是压缩炸弹，或工作表过大）；未导入任何内容',
    en: 'The workbook unpacks to {actual}; a {kind} may unpack to at most {max} (a zip bomb, or sheets far too large); nothing was imported',
  },
  tooManyEntries: {
    zh: '文件包含 {actual} 个部件，最多 {max} 个，不像正常的 Excel 文件；未导入任何内容',
    en: 'The workbook holds {actual} parts, at most {max} are allowed: this is not an ordinary Excel file; nothing was imported',
  },
  sizeMismatch: {
    zh: '文件已损坏或被篡改：其中的“{entry}”解压后的大小与声明的不符；未导入任何内容',
    en: 'The file is damaged or crafted: its part "{entry}" unpacks to another size than it declares; nothing was imported',
  },
} satisfies Record<string, Text>;

type LimitMessage = keyof typeof MESSAGES;

/** A file refused for its size, with the reason in every language (the caller words it in its own). */
export class SpreadsheetTooLargeError extends Error {
  constructor(
    readonly code: LimitMessage,
    readonly reason: Text,
  ) {
    super(reason.en);
    this.name = 'SpreadsheetTooLargeError';
  }
}

/** 212,400,000 bytes → "212.4 MB". */
function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}

function refuse(code: LimitMessage, limits: SpreadsheetLimits, values: Record<string, string>): never {
  const fill = (locale: Locale) =>
    localize(MESSAGES[code], locale).replace(/\{(\w+)\}/g, (whole, name: string) =>
      name === 'kind' ? localize(limits.kind, locale) : (values[name] ?? whole),
    );
  throw new SpreadsheetTooLargeError(code, { zh: fill('zh-CN'), en: fill('en') });
}

/** Refuses a file of `bytes` bytes over the limit. */
export function checkFileSize(bytes: number, limits: SpreadsheetLimits): void {
  if (bytes > limits.maxFileBytes)
    refuse('fileTooLarge', limits, { actual: megabytes(bytes), max: megabytes(limits.maxFileBytes) });
}

/**
 * Reads a file from disk after checking its size, so a file over the limit is never read into
 * memory. Throws SpreadsheetTooLargeError (or the file system's error for a missing file).
 */
export async function readSpreadsheetFile(path: string, limits: SpreadsheetLimits): Promise<Buffer> {
  checkFileSize((await stat(path)).size, limits);
  const bytes = await readFile(path);
  // The file may have grown between the two calls.
  checkFileSize(bytes.length, limits);
  return bytes;
}

/** Inflates one entry into nothing; yauzl fails the stream at the first byte past the declared size. */
async function drain(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  const stream = await zip.openReadStreamPromise(entry);
  for await (const chunk of stream) void chunk;
}

/**
 * Checks an .xlsx's zip before it is unzipped for real: the entry count and the sizes the zip
 * declares, then each entry's real size against what it declared. Throws
 * SpreadsheetTooLargeError; a file that is not a zip at all throws yauzl's error (the caller's
 * "cannot read this workbook").
 */
export async function checkXlsxSize(bytes: Uint8Array, limits: SpreadsheetLimits): Promise<void> {
  checkFileSize(bytes.byteLength, limits);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  try {
    if (zip.entryCount > limits.maxEntries)
      refuse('tooManyEntries', limits, { actual: String(zip.entryCount), max: String(limits.maxEntries) });
    // First what the zip declares, without inflating a byte.
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      entries.push(entry);
    }
    if (declared > limits.maxUnpackedBytes)
      refuse('unpackedTooLarge', limits, {
        actual: megabytes(declared),
        max: megabytes(limits.maxUnpackedBytes),
      });
    // Then whether it told the truth: at most `declared` bytes are inflated in all.
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      try {
        await drain(zip, entry);
      } catch (error) {
        if (/too many bytes|size mismatch|expected \d+/i.test((error as Error).message))
          refuse('sizeMismatch', limits, { entry: entry.fileName.slice(0, 100) });
        throw error;
      }
    }
  } finally {
    zip.close();
  }
}

/**
 * Checks a file of `format` before it is parsed: its size, and for an .xlsx its zip as above. A
 * string is a CSV's text, or an .xlsx's bytes as a binary string (as the roster reader takes it).
 */
export async function checkSpreadsheetSize(
  input: Uint8Array | string,
  format: 'csv' | 'xlsx',
  limits: SpreadsheetLimits,
): Promise<void> {
  if (format === 'csv')
    return checkFileSize(typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength, limits);
  return checkXlsxSize(typeof input === 'string' ? Buffer.from(input, 'binary') : input, limits);
}
