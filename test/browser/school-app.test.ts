import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../e2e/local-stack';
import {
  accessibilityAudits,
  cameraJpeg,
  jpegInfo,
  newPhone,
  screenshot,
  startBrowserAndStack,
  type StackCredentials,
  type DemoSchool,
} from './support';

/*
 * Issue 17's six scenarios, in Chromium at a phone's size (390 × 844, touch) against the local
 * stack started as a developer starts it (free ports, its own data folder): the app is served at
 * the API's origin. One stack and one browser for the file; each scenario has its own phone.
 */

jest.setTimeout(240_000);

let stack: LocalStack;
let browser: Browser;
let credentials: StackCredentials;
let school: DemoSchool;
let photoDir: string;
const photos: string[] = [];
/** Every address the pages showed, to prove no token stayed in one after sign-in. */
const addresses: string[] = [];
/** axe findings of serious or critical impact, by screen. */
const { audit, screens: axeScreens, findings: axeFindings } = accessibilityAudits();

async function api<T>(
  path: string,
  init: { token?: string; method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? school.token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface SubmissionItem {
  submissionId: string;
  formType: string;
  date: string;
  photoCount: number;
}

/**
 * The school's own submissions of a form type, without the demo history (ids `demo-…`), which the
 * local stack may still be recording in the background while a test runs.
 */
async function submissionsOf(formType: string): Promise<SubmissionItem[]> {
  const { body } = await api<{ items: SubmissionItem[] }>(`/v1/submissions?formType=${formType}&limit=100`);
  return body.items.filter((item) => !item.submissionId.startsWith('demo-'));
}

async function phone(locale = 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newPhone(browser, locale);
  const page = await context.newPage();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) addresses.push(frame.url());
  });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

/** Signs in by the school's login link and waits for Today. */
async function signIn(page: Page): Promise<void> {
  await page.goto(school.loginLink);
  await page
    .getByRole('heading', { name: /今日|Today/ })
    .first()
    .waitFor();
}

async function yes(page: Page, field: string, value: boolean): Promise<void> {
  await page.locator(`#f-${field}-${value ? 0 : 1}`).check();
}

async function fillCanteen(
  page: Page,
  answers: { sampleKept: boolean; staffOnDuty: string; staffWithHealthCertificate: string },
): Promise<void> {
  await yes(page, 'ledgerKept', true);
  await yes(page, 'sampleKept', answers.sampleKept);
  await yes(page, 'tablewareDisinfected', true);
  await page.locator('#f-disinfectionMethod-0').check();
  for (const field of [
    'preventsRats',
    'preventsFlies',
    'preventsInsects',
    'preventsDust',
    'staffMorningCheckDone',
    'leaderAteWithStudents',
    'oilSourceChecked',
  ])
    await yes(page, field, true);
  await page.getByLabel('在岗从业人员').fill(answers.staffOnDuty);
  await page.getByLabel('持有效健康证上岗人数').fill(answers.staffWithHealthCertificate);
  await page.getByLabel('供餐数').fill('640');
  await page.getByLabel('餐厨垃圾（剩余饭菜）').fill('12.5');
}

/** Waits until the outbox holds nothing (the badge is gone). */
async function outboxEmpty(page: Page): Promise<void> {
  await page.locator('.tabs .badge').waitFor({ state: 'detached', timeout: 60_000 });
}

beforeAll(async () => {
  // The demo's middle school: a canteen and boarders.
  ({ browser, stack, credentials, school } = await startBrowserAndStack());
  photoDir = mkdtempSync(join(tmpdir(), 'houqin-photos-'));
  for (const seed of [1, 2, 3]) {
    const path = join(photoDir, `camera-${seed}.jpg`);
    writeFileSync(path, cameraJpeg(2000, 1500, seed));
    photos.push(path);
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the school app on a phone', () => {
  let raisedHazardId: string;

  it('1. signs in by the login link, sends a canteen check with two photos, shows its hazards; the API holds it once with both photos verified', async () => {
    const { context, page } = await phone();
    await signIn(page);
    expect(page.url()).not.toContain('token');
    await page.getByText('没有等待发送的内容').waitFor();
    await screenshot(page, 'today');
    await audit(page, 'today');

    await page
      .getByRole('link', { name: /食堂食品安全每日检查/ })
      .first()
      .click();
    await page.getByRole('heading', { name: '食堂食品安全每日检查' }).waitFor();
    await audit(page, 'fill (empty)');
    await fillCanteen(page, { sampleKept: false, staffOnDuty: '6', staffWithHealthCertificate: '5' });
    await page.locator('#form-photos-input').setInputFiles(photos.slice(0, 2));
    await page.locator('.thumbs img').nth(1).waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/本次填报发现 2 项隐患/).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: /未按规定留样/ }).waitFor();
    await screenshot(page, 'hazards-raised');
    await audit(page, 'hazards raised');
    await outboxEmpty(page);

    // The demo history's submissions have ids of their own (demo-…); the app's are UUIDs.
    const mine = await submissionsOf('canteen-daily');
    expect(mine).toHaveLength(1);
    const id = (mine[0] as SubmissionItem).submissionId;
    const detail = await until('both photos verified', async () => {
      const { body } = await api<{
        photos: { status: string; photoId: string }[];
        hazards: { hazardId: string; ruleId: string }[];
      }>(`/v1/submissions/${id}`);
      return body.photos.length === 2 && body.photos.every((photo) => photo.status === 'verified') ? body : undefined;
    });
    expect(detail.hazards.map((hazard) => hazard.ruleId).sort()).toEqual(['no-sample', 'staff-without-certificate']);
    raisedHazardId = (detail.hazards.find((hazard) => hazard.ruleId === 'no-sample') as { hazardId: string }).hazardId;

    // Each photo was scaled on the phone (2,000 × 1,500 turned upright by its EXIF, then 1,600 on the long side: 1,200 × 1,600), re-encoded, without EXIF or GPS.
    for (const photo of detail.photos) {
      const response = await fetch(`${stack.apiUrl}/v1/photos/${photo.photoId}`, {
        headers: { authorization: `Bearer ${school.token}` },
        redirect: 'manual',
      });
      const location = response.headers.get('location') as string;
      const bytes = Buffer.from(await (await fetch(location)).arrayBuffer());
      expect(jpegInfo(bytes)).toEqual({ width: 1200, height: 1600, exif: false });
    }

    // My submissions lists it with its photos and hazards; its page shows both photos verified.
    await page.getByRole('link', { name: '我的提交' }).click();
    await page.locator(`a[href="#/submissions/${id}"]`).click();
    await page.locator('.photo-state.verified').nth(1).waitFor();
    await audit(page, 'submission');
    await context.close();
  });

  it('2. fills two forms offline with photos, survives closing the page, and sends each exactly once when online', async () => {
    const { context, page } = await phone();
    await signIn(page);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    // The service worker controls the page once it is reloaded (or claimed).
    await page.reload();
    await page.getByRole('heading', { name: '今日' }).first().waitFor();
    expect(await page.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    // Open the forms once online, so the catalogue is kept.
    await page.getByRole('link', { name: '填报' }).click();
    await page.getByRole('link', { name: '安全隐患报告' }).waitFor();

    await context.setOffline(true);
    await page.getByRole('link', { name: '安全隐患报告' }).click();
    await page.getByLabel('隐患位置').fill('教学楼二楼走廊');
    await page.getByLabel('隐患类别').selectOption('electrical');
    await page.locator('#f-severity-1').check();
    await page.getByLabel('隐患描述').fill('插座面板破损，电线外露（离线填报）');
    await page.locator('#form-photos-input').setInputFiles([photos[2] as string]);
    await page.locator('.thumbs img').first().waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();

    await page.getByRole('link', { name: '填报' }).click();
    await page.getByRole('link', { name: '门卫与安防检查' }).click();
    for (const [field, value] of Object.entries({
      guardsOnDuty: '2',
      visitorsRegistered: '15',
      visitorsUnregistered: '0',
      camerasTotal: '30',
      camerasWorking: '30',
      cctvRetentionDays: '30',
    })) {
      await page.locator(`#f-${field}`).fill(value);
    }
    await yes(page, 'securityEquipmentComplete', true);
    await page.locator('#form-photos-input').setInputFiles([photos[0] as string]);
    await page.locator('.thumbs img').first().waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();
    await page.getByRole('link', { name: /待发送/ }).click();
    await page.locator('.outbox > li').nth(1).waitFor();
    await screenshot(page, 'outbox-offline');
    await audit(page, 'outbox');
    await page.close();

    // Reopened with no network: the app loads from the service worker, the queue is still there.
    const again = await context.newPage();
    await again.goto(credentials.appUrl);
    await again.getByRole('heading', { name: '今日' }).first().waitFor();
    await again.getByText('离线：填写的内容会保存在本机，联网后自动发送。').waitFor();
    // Two forms wait (the hazard report and the gate check), each with its photo: the badge counts forms.
    expect(await again.locator('.tabs .badge').textContent()).toBe('2');
    const before = {
      report: (await submissionsOf('hazard-report')).length,
      gate: (await submissionsOf('security-gate')).length,
    };

    await context.setOffline(false);
    await outboxEmpty(again);
    const reports = await submissionsOf('hazard-report');
    const gates = await submissionsOf('security-gate');
    expect(reports.length - before.report).toBe(1);
    expect(gates.length - before.gate).toBe(1);
    // Each arrived once, with its photo, verified.
    for (const list of [reports, gates]) {
      const item = list.sort((a, b) => b.date.localeCompare(a.date))[0] as SubmissionItem;
      await until(`the photo of ${item.submissionId} verified`, async () => {
        const { body } = await api<{ photos: { status: string }[] }>(`/v1/submissions/${item.submissionId}`);
        return body.photos.length === 1 && body.photos[0]?.status === 'verified' ? true : undefined;
      });
    }
    await context.close();
  });

  it('3. shows a server 422 beside its field; a bad answer caught in the browser sends nothing', async () => {
    const { context, page } = await phone();
    await signIn(page);
    await page.goto(`${credentials.appUrl}#/fill/canteen-daily`);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });

    await fillCanteen(page, { sampleKept: true, staffOnDuty: 'abc', staffWithHealthCertificate: '9' });
    await page.getByLabel('每个品种最少留样量').fill('150');
    await page.getByLabel('留样保存时长').fill('48');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('#f-staffOnDuty-error').getByText('请输入数字').waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('f-staffOnDuty');
    await screenshot(page, 'fill-errors');
    await audit(page, 'fill (browser errors)');
    expect(posts).toEqual([]);

    // More certified staff than staff on duty: only the server knows that rule.
    await page.getByLabel('在岗从业人员').fill('3');
    await page.getByRole('button', { name: '提交' }).click();
    const beside = page.locator('#f-staffWithHealthCertificate-error');
    await beside.waitFor();
    expect(await beside.textContent()).toContain('不能多于在岗人数');
    expect(posts.filter((url) => url.endsWith('/v1/submissions'))).toHaveLength(1);
    await audit(page, 'fill (server 422)');

    // Fixed, it is sent under the same id (the refusal stored nothing).
    await page.getByLabel('持有效健康证上岗人数').fill('3');
    await page.getByRole('button', { name: '提交' }).click();
    await page
      .getByText(/已提交/)
      .first()
      .waitFor({ timeout: 60_000 });

    // Corrected from My submissions (supersedes): the earlier one is kept and marked.
    const { body } = await api<{ items: (SubmissionItem & { receivedAt: string })[] }>(
      '/v1/submissions?formType=canteen-daily&limit=100',
    );
    const latest = body.items
      .filter((item) => !item.submissionId.startsWith('demo-'))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))[0] as SubmissionItem;
    await page.goto(`${credentials.appUrl}#/submissions/${latest.submissionId}`);
    await page.getByRole('link', { name: '更正' }).click();
    await page.getByText(/更正 .* 的提交/).waitFor();
    expect(await page.getByLabel('供餐数').inputValue()).toBe('640');
    await audit(page, 'correction');
    await page.getByLabel('供餐数').fill('700');
    await page.getByRole('button', { name: '提交' }).click();
    await page
      .getByText(/已提交/)
      .first()
      .waitFor({ timeout: 60_000 });
    const earlier = await api<{ submission: { supersededBy: string | null }; corrections: unknown[] }>(
      `/v1/submissions/${latest.submissionId}`,
    );
    expect(earlier.body.submission.supersededBy).toEqual(expect.any(String));
    const correction = await api<{ submission: { supersedes: string; answers: { mealsServed: number } } }>(
      `/v1/submissions/${earlier.body.submission.supersededBy}`,
    );
    expect(correction.body.submission).toMatchObject({
      supersedes: latest.submissionId,
      answers: { mealsServed: 700 },
    });
    await context.close();
  });

  it("4. rectifies a hazard with a photo, then shows the official's reason when it is sent back", async () => {
    const { context, page } = await phone();
    await signIn(page);
    await page.goto(`${credentials.appUrl}#/hazards/${raisedHazardId}`);
    await page.getByRole('heading', { name: '未按规定留样' }).waitFor();
    // On a real 390 × 844 screen, scrolled to the end, the last controls (the photo buttons and
    // 提交) are clear of the sticky submit bar and the fixed tabs: a tap lands on them.
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    for (const name of ['拍照', '从相册选择', '提交']) {
      const control =
        name === '提交'
          ? page.getByRole('button', { name, exact: true })
          : page.locator('label.file-button', { hasText: name }).last();
      const box = (await control.boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      const tapped = await page.evaluate(
        `(document.elementFromPoint(${x}, ${y})?.closest('button, label')?.textContent ?? '').trim()`,
      );
      expect([name, box.y + box.height <= 844, tapped]).toEqual([name, true, name]);
    }
    await screenshot(page, 'hazard-rectify-bottom');
    await page.getByLabel('整改情况说明').fill('已补充留样柜并按规定留样 48 小时');
    await page.locator('#rectify-photos-input').setInputFiles([photos[1] as string]);
    await page.locator('.thumbs img').first().waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已整改，待核查').waitFor({ timeout: 60_000 });

    const rejection = '照片看不清留样标签，请重新拍摄';
    const verdict = await api(`/v1/hazards/${raisedHazardId}/verification`, {
      token: credentials.tokens.official,
      method: 'POST',
      body: { accepted: false, note: rejection },
    });
    expect(verdict.status).toBe(200);
    await page.reload();
    await page.getByText(`原因：${rejection}`).waitFor();
    await screenshot(page, 'hazard-sent-back', true);
    await audit(page, 'hazard');
    await context.close();
  });

  it('5. has no serious or critical axe-core violation on any screen', async () => {
    const { context, page } = await phone();
    await signIn(page);
    await page.getByRole('link', { name: '填报' }).click();
    await page.getByRole('link', { name: '安全隐患报告' }).waitFor();
    await audit(page, 'forms');
    await page.getByRole('link', { name: '我的提交' }).click();
    await page.locator('.cards').first().waitFor();
    await audit(page, 'my submissions');
    await context.close();
    expect(axeScreens.length).toBeGreaterThanOrEqual(10);
    expect(axeFindings).toEqual([]);
  });

  it('6. switches to English, and the token is never in the address bar after sign-in', async () => {
    const { context, page } = await phone();
    await signIn(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /Today/ }).first().waitFor();
    await page.getByRole('link', { name: 'Forms' }).click();
    await page.getByRole('link', { name: 'Canteen food safety daily check' }).click();
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await page.getByRole('textbox', { name: 'Staff on duty', exact: true }).fill('x');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.locator('#f-staffOnDuty-error').getByText('Enter a number').waitFor();
    await screenshot(page, 'fill-english');
    await audit(page, 'fill (English)');
    // Kept across a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Submit' }).waitFor();
    await context.close();

    // An English phone starts in English.
    const english = await phone('en-US');
    await english.page.goto(school.loginLink);
    await english.page.getByRole('heading', { name: /Today/ }).first().waitFor();
    // Back from the app leads out of it, never to an address holding the token (it was replaced, not pushed).
    await english.page.goBack().catch(() => undefined);
    expect(english.page.url()).not.toContain('token');
    await english.context.close();

    const withToken = addresses.filter((address) => address.includes('token='));
    // Only the login link itself, as it was opened; never an address the app showed afterwards.
    expect(new Set(withToken)).toEqual(new Set([school.loginLink]));
    const afterSignIn = addresses.filter((address, index) => index > 0 && addresses[index - 1] === school.loginLink);
    expect(afterSignIn.every((address) => !address.includes('token'))).toBe(true);
  });
});
