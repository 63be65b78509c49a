import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import jpeg from 'jpeg-js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumCandidates } from '../../infra/local/prerequisites';
import { startLocalStack, type LocalStack } from '../e2e/local-stack';

/*
 * Browser tests drive the Debian `chromium` package with playwright-core (playwright's own browser
 * download cannot work here). No browser is a failure, never a skip.
 */

export const CHROMIUM_CANDIDATES = chromiumCandidates();

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `The browser tests need Chromium and found none (looked at ${CHROMIUM_CANDIDATES.join(', ')}). Install it: \`sudo apt-get install chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH.\n` +
        `浏览器测试需要 Chromium，但没有找到。请安装：\`sudo apt-get install chromium\`，或设置 CHROMIUM_PATH。`,
    );
  }
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** A school of the local stack's demo district, as its credentials name it. */
export interface DemoSchool {
  schoolId: string;
  name: string;
  token: string;
  loginLink: string;
}

/** What the browser tests read of the local stack's demo credentials. */
export interface StackCredentials {
  appUrl: string;
  loginLinks: { official: string };
  tokens: { official: string; schools: DemoSchool[] };
}

/**
 * For a browser test file's beforeAll: Chromium, the local stack started as a developer starts it
 * (free ports, its own data folder; the app served at the API's origin), its demo credentials and
 * the demo's middle school (hy-zx: a canteen and boarders). The file's afterAll closes the browser
 * and stops the stack; the browser is closed here when the stack does not start.
 */
export async function startBrowserAndStack(): Promise<{
  browser: Browser;
  stack: LocalStack;
  credentials: StackCredentials;
  school: DemoSchool;
}> {
  const browser = await launchChromium();
  try {
    const stack = await startLocalStack({ readyTimeoutMs: 120_000 });
    const credentials = stack.credentials as unknown as StackCredentials;
    const school =
      credentials.tokens.schools.find((candidate) => candidate.schoolId === 'hy-zx') ?? credentials.tokens.schools[0]!;
    return { browser, stack, credentials, school };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** A phone: 390 × 844, touch, zh-CN unless asked otherwise. */
export async function newPhone(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
    locale,
    serviceWorkers: 'allow',
  });
}

/** A serious or critical accessibility violation axe-core found on a screen. */
export interface AxeFinding {
  screen: string;
  id: string;
  impact: string;
  nodes: string[];
}

/**
 * Audits the page as it is with axe-core (WCAG 2.0/2.1 A and AA, best practice): adds `screen` to
 * `screens` and each serious or critical violation to `findings`.
 */
export async function auditAccessibility(
  page: Page,
  screen: string,
  screens: string[],
  findings: AxeFinding[],
): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  screens.push(screen);
  for (const violation of result.violations) {
    if (violation.impact === 'serious' || violation.impact === 'critical') {
      findings.push({
        screen,
        id: violation.id,
        impact: violation.impact,
        nodes: violation.nodes.map((node) => node.target.join(' ')),
      });
    }
  }
}

/** A test file's audits: `audit(page, screen)` audits with auditAccessibility into its `screens` and `findings`. */
export function accessibilityAudits() {
  const screens: string[] = [];
  const findings: AxeFinding[] = [];
  const audit = (page: Page, screen: string): Promise<void> => auditAccessibility(page, screen, screens, findings);
  return { audit, screens, findings };
}

export const SCREENSHOTS = resolve(__dirname, 'screenshots');

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * An EXIF segment (APP1) saying "rotate 90° clockwise to display" (Orientation 6) with a GPS
 * position, as a phone camera writes it: the app must apply the first and drop the second.
 */
function exifSegment(): Buffer {
  const tiff = Buffer.alloc(62);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  // IFD0: two entries.
  tiff.writeUInt16BE(2, 8);
  // Orientation (0x0112), SHORT, 1, value 6.
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(6, 18);
  // GPSInfo IFD pointer (0x8825), LONG, 1, offset 38.
  tiff.writeUInt16BE(0x8825, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(38, 30);
  tiff.writeUInt32BE(0, 34);
  // GPS IFD: GPSLatitudeRef "N".
  tiff.writeUInt16BE(1, 38);
  tiff.writeUInt16BE(0x0001, 40);
  tiff.writeUInt16BE(2, 42);
  tiff.writeUInt32BE(2, 44);
  tiff.write('N\0', 48, 'latin1');
  tiff.writeUInt32BE(0, 52);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/**
 * A camera-like JPEG: `width` × `height` pixels of noisy gradients (so it does not compress to
 * nothing), with EXIF orientation 6 and a GPS tag. Displayed upright it is `height` × `width`.
 */
export function cameraJpeg(width: number, height: number, seed: number, quality = 92): Buffer {
  const data = Buffer.alloc(width * height * 4);
  let state = seed * 2654435761;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) & 0x0f;
      const i = (y * width + x) * 4;
      data[i] = ((x * 255) / width + noise) & 0xff;
      data[i + 1] = ((y * 255) / height + noise) & 0xff;
      data[i + 2] = (((x + y) * 128) / (width + height) + seed * 40 + noise) & 0xff;
      data[i + 3] = 255;
    }
  }
  const encoded = jpeg.encode({ data, width, height }, quality).data;
  return Buffer.concat([encoded.subarray(0, 2), exifSegment(), encoded.subarray(2)]);
}

/** Width and height of a JPEG (its first SOF marker), and whether it carries EXIF. */
export function jpegInfo(bytes: Buffer): { width: number; height: number; exif: boolean } {
  let offset = 2;
  let exif = false;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw new Error('not a JPEG');
    const marker = bytes[offset + 1] as number;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker === 0xe1 && bytes.subarray(offset + 4, offset + 8).toString('latin1') === 'Exif') exif = true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7), exif };
    }
    offset += 2 + length;
  }
  throw new Error('no frame header');
}
