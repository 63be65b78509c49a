import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../e2e/local-stack';
import {
  accessibilityAudits,
  newPhone,
  screenshot,
  startBrowserAndStack,
  type StackCredentials,
  type DemoSchool,
} from './support';

/*
 * The officials' console (issue 18) in Chromium against the local stack's demo district, at a
 * desktop viewport (1280 × 900) and a phone's (390 × 844, touch): the five scenarios of the issue.
 */

jest.setTimeout(300_000);

let stack: LocalStack;
let browser: Browser;
let credentials: StackCredentials;
let school: DemoSchool;
const { audit, screens: axeScreens, findings: axeFindings } = accessibilityAudits();
/** Two rectifications the school sent for this run: one to send back, one to accept. */
const rectified: string[] = [];
const REASON = '照片看不清灭火器压力表，请补拍清晰照片后重新提交。';

async function api<T>(
  path: string,
  init: { token?: string; method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? credentials.tokens.official}`,
      'content-type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface HazardItem {
  hazardId: string;
  status: string;
  severity: string;
  history: { action: string; note: string | null }[];
}

/** Every item of a list route, page by page. */
async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { status: number; body: { items: T[]; nextCursor: string | null } } = await api(
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page };
}

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newPhone(browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  return { context, page };
}

/** Signs in by the official's login link and waits for the overview. */
async function signInOfficial(page: Page): Promise<void> {
  await page.goto(credentials.loginLinks.official);
  await page.locator('[data-stat="districtRate"] .stat-value').waitFor({ timeout: 60_000 });
}

async function open(page: Page, hash: string, ready: string): Promise<void> {
  await go(page, hash);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
}

/** Moves the page to a hash route (the app is one document). */
const go = (page: Page, hash: string) => page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
/** Waits until a decision on `hazardId` moved the page on (to the next awaiting one, or to "none left"). */
async function movedOn(page: Page, hazardId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (
    new URL(page.url()).hash.startsWith(`#/hazards/${hazardId}`) &&
    (await page.getByText('没有待验收的隐患了').count()) === 0
  ) {
    if (Date.now() > deadline) throw new Error(`the page did not move on from ${hazardId}`);
    await page.waitForTimeout(200);
  }
}

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

beforeAll(async () => {
  ({ browser, stack, credentials, school } = await startBrowserAndStack());
  // The demo's recent past is recorded in the background after the stack is ready: wait for it,
  // so the figures do not move under the comparisons.
  await stack.waitForOutput(/houqin: demo history [\d,]+ submissions/, 240_000);
  for (const place of ['教学楼一楼配电间', '食堂后厨']) {
    const submission = await api<{ hazards: { hazardId: string }[] }>('/v1/submissions', {
      token: school.token,
      method: 'POST',
      body: {
        submissionId: randomUUID(),
        formType: 'hazard-report',
        date: (await api<{ today: { date: string } }>('/v1/me', { token: school.token })).body.today.date,
        answers: { place, category: 'fire', severity: 'high', description: '灭火器压力不足' },
      },
    });
    const hazardId = submission.body.hazards[0]!.hazardId;
    expect(
      (
        await api(`/v1/hazards/${hazardId}/rectification`, {
          token: school.token,
          method: 'POST',
          body: { note: '已更换灭火器并张贴检查标签。' },
        })
      ).status,
    ).toBe(200);
    rectified.push(hazardId);
  }
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the officials’ console', () => {
  it('1. signs in by the official’s login link; the overview’s numbers equal the API’s (desktop and phone)', async () => {
    for (const [name, make] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const { context, page } = await make();
      await signInOfficial(page);
      expect(page.url()).not.toContain('token');
      const compliance = (await api<{ district: { rate: number | null }; month: string }>('/v1/compliance')).body;
      const overdue = await all<HazardItem>('/v1/hazards?overdue=true');
      const awaiting = await all<HazardItem>('/v1/hazards?status=rectified');
      const open = await all<HazardItem>('/v1/hazards?status=open');
      const stat = (key: string) => page.locator(`[data-stat="${key}"] .stat-value`).innerText();
      expect(await stat('districtRate')).toBe(percent(compliance.district.rate));
      expect(Number(await stat('overdue'))).toBe(overdue.length);
      expect(Number(await stat('awaiting'))).toBe(awaiting.length);
      expect(Number(await stat('open'))).toBe(open.length);
      expect(Number(await stat('critical'))).toBe(
        [...open, ...awaiting].filter((h) => h.severity === 'critical').length,
      );
      expect(overdue.length).toBeGreaterThan(0);
      // Schools worst first, those under the threshold marked.
      const rates = await page.locator('[data-table="schools"] [data-rate]').allInnerTexts();
      const numbers = rates.map((text) => (text === '—' ? Infinity : Number(text.replace('%', ''))));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      // Laid out for the width it has: the schools table fits without a sideways scroll, and the
      // charts' labels are drawn at a readable size (not a desktop drawing shrunk to a phone).
      const layout = (await page.evaluate(`(() => {
        const wrap = document.querySelector('[data-table="schools"]').parentElement;
        const label = document.querySelector('.chart .chart-label').getBoundingClientRect();
        return { scroll: wrap.scrollWidth, client: wrap.clientWidth, labelHeight: label.height };
      })()`)) as { scroll: number; client: number; labelHeight: number };
      expect(layout.scroll).toBeLessThanOrEqual(layout.client);
      expect(layout.labelHeight).toBeGreaterThanOrEqual(11);
      await screenshot(page, name === 'desktop' ? 'console-overview' : 'console-overview-phone', true);
      if (name === 'phone') await screenshot(page, 'console-overview-phone-viewport');
      await audit(page, `overview (${name})`);
      // A count opens its list.
      await page.locator('[data-stat="overdue"]').click();
      await page.locator('[data-table="hazards"]').waitFor();
      expect(await page.locator('[data-table="hazards"] tbody tr').count()).toBe(overdue.length);
      await audit(page, `hazards overdue (${name})`);
      await context.close();
    }
  });

  it('2. sends a rectification back with a reason (open again, the school app shows it), accepts another (verified, leaves the queue)', async () => {
    const [sentBack, accepted] = rectified as [string, string];
    const { context, page } = await desktop();
    await signInOfficial(page);
    await open(page, `#/hazards/${sentBack}`, '#decision-note');
    await page.locator('[data-rectification-note]').waitFor();
    await screenshot(page, 'console-verification', true);
    await audit(page, 'hazard page (desktop)');
    // Without a reason, sending back is refused in the page.
    await page.getByRole('button', { name: '退回整改' }).click();
    await page.getByText('请填写退回原因。').waitFor();
    expect((await api<{ hazard: HazardItem }>(`/v1/hazards/${sentBack}`)).body.hazard.status).toBe('rectified');
    await page.getByLabel('意见（退回整改时必填）').fill(REASON);
    await page.getByRole('button', { name: '退回整改' }).click();
    // After a decision the page moves on to the next one awaiting verification.
    await movedOn(page, sentBack);
    const afterSendBack = (await api<{ hazard: HazardItem }>(`/v1/hazards/${sentBack}`)).body.hazard;
    expect(afterSendBack.status).toBe('open');
    expect(afterSendBack.history.at(-1)).toMatchObject({ action: 'rejected', note: REASON });
    await context.close();

    // The school sees the reason in its app.
    const schoolPhone = await phone();
    await schoolPhone.page.goto(school.loginLink);
    await schoolPhone.page
      .getByRole('heading', { name: /今日|Today/ })
      .first()
      .waitFor();
    await go(schoolPhone.page, `#/hazards/${sentBack}`);
    await schoolPhone.page.getByText(REASON).first().waitFor({ timeout: 30_000 });
    await schoolPhone.context.close();

    // Accept the other on a phone.
    const official = await phone();
    await signInOfficial(official.page);
    await open(official.page, `#/hazards/${accepted}`, '#decision-note');
    await audit(official.page, 'hazard page (phone)');
    await screenshot(official.page, 'console-verification-phone', true);
    await official.page.getByRole('button', { name: '验收通过' }).click();
    await movedOn(official.page, accepted);
    expect((await api<{ hazard: HazardItem }>(`/v1/hazards/${accepted}`)).body.hazard.status).toBe('verified');
    const queue = await all<HazardItem>('/v1/hazards?status=rectified');
    expect(queue.map((h) => h.hazardId)).not.toContain(accepted);
    expect(queue.map((h) => h.hazardId)).not.toContain(sentBack);
    await official.context.close();
  });

  it('3. a school token cannot open the console’s pages: it sees the school app, and the console’s routes refuse it', async () => {
    const { context, page } = await phone();
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(school.loginLink);
    await page
      .getByRole('heading', { name: /今日|Today/ })
      .first()
      .waitFor();
    for (const hash of ['#/hazards?status=rectified', `#/hazards/${rectified[1]}`, '#/schools', '#/reports']) {
      await go(page, hash);
      await page.waitForTimeout(500);
      expect(await page.locator('.console').count()).toBe(0);
      expect(await page.locator('nav.tabs').count()).toBe(1);
    }
    expect(asked.filter((path) => /^\/v1\/(overview|reports)/.test(path))).toEqual([]);
    expect((await api('/v1/overview', { token: school.token })).status).toBe(403);
    expect((await api('/v1/reports', { token: school.token })).status).toBe(403);
    await context.close();
  });

  it('4. downloads last month’s workbook; exports a filtered hazard list to Excel that reads back as the API lists it', async () => {
    const { context, page } = await desktop();
    await signInOfficial(page);
    await open(page, '#/reports', 'section h2');
    const me = (await api<{ today: { date: string } }>('/v1/me')).body;
    const [year, month] = me.today.date.split('-').map(Number) as [number, number];
    const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    if ((await page.locator(`[data-report="${lastMonth}"]`).count()) === 0) {
      await page.getByRole('button', { name: `生成 ${lastMonth} 月报` }).click();
    }
    await page.locator(`[data-report="${lastMonth}"]`).waitFor({ timeout: 120_000 });
    await audit(page, 'reports (desktop)');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`[data-workbook="${lastMonth}"]`).click(),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'houqin-console-'));
    const workbookPath = join(dir, download.suggestedFilename());
    await download.saveAs(workbookPath);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(workbookPath);
    expect(report.worksheets.length).toBeGreaterThan(0);
    // The report opens as its mail's HTML.
    await open(page, `#/reports/${lastMonth}`, '.mail-html div');
    expect(await page.locator('.mail-html').innerText()).toContain(lastMonth.slice(0, 4));
    await audit(page, 'report (desktop)');

    // A filtered list: open hazards of severity high.
    await open(page, '#/hazards?status=open&severity=high', '[data-table="hazards"], .notice');
    const expected = await all<HazardItem>('/v1/hazards?status=open&severity=high');
    const [exported] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
    const listPath = join(dir, 'hazards.xlsx');
    await exported.saveAs(listPath);
    const list = new ExcelJS.Workbook();
    await list.xlsx.readFile(listPath);
    const sheet = list.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean).slice(1) as unknown[][];
    expect(rows).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    const ids = rows.map((row) => String(row.at(-1)));
    expect(ids.sort()).toEqual(expected.map((h) => h.hazardId).sort());
    expect(rows.every((row) => row.includes('较大'))).toBe(true);
    await audit(page, 'hazards filtered (desktop)');
    await context.close();
  });

  it('5. has no serious or critical axe-core violation on any screen (schools, a school, a submission too)', async () => {
    for (const make of [desktop, phone]) {
      const { context, page } = await make();
      await signInOfficial(page);
      await open(page, '#/schools', '[data-table="roster"]');
      await audit(page, `schools (${make.name})`);
      await open(page, `#/schools/${school.schoolId}`, 'section h2');
      await page.locator('table.grid a').first().waitFor({ timeout: 60_000 });
      await audit(page, `school (${make.name})`);
      await page.locator('table.grid a').first().click();
      await page.locator('.answers-table').waitFor();
      await audit(page, `submission (${make.name})`);
      await open(page, '#/reports', '[data-table="reports"]');
      await audit(page, `reports (${make.name})`);
      await context.close();
    }
    expect(axeScreens.length).toBeGreaterThanOrEqual(12);
    expect(axeFindings).toEqual([]);
  });
});
