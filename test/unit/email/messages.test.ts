import { simpleParser, type ParsedMail } from 'mailparser';
import { criticalAlertMessage, type CriticalAlertContent } from '../../../shared/email/critical-alert';
import { escapeHtml, formatDate } from '../../../shared/email/format';
import { composeRawMessage } from '../../../shared/email/mime';
import { overdueDigestMessage, type OverdueDigestContent } from '../../../shared/email/overdue-digest';
import type { Locale } from '../../../shared/i18n';
import { hazardRaisedDetail } from '../../support/events';

/** The alert of the fixtures' critical hazard (events/eventbridge/hazard-raised.json), with `overrides`. */
const alert = (overrides: Partial<CriticalAlertContent['hazard']> = {}, photoUrl?: string): CriticalAlertContent => {
  const { hazardId, severity, category, title, place, description, foundOn, dueDate } = hazardRaisedDetail();
  return {
    districtName: '华蓥市教育局',
    schoolName: '华蓥市双河第一小学',
    hazard: { hazardId, severity, category, title, place, description, foundOn, dueDate, ...overrides },
    ...(photoUrl ? { photoUrl } : {}),
  };
};

/** Composes the raw MIME as SES would receive it and parses it back as a mail client would. */
async function roundTrip(
  content: { subject: string; text: string; html: string },
  locale: Locale,
  to = ['houqinban@huaying.example', 'anquangu@huaying.example'],
): Promise<ParsedMail> {
  const raw = await composeRawMessage({
    from: 'noreply@huaying.example',
    to,
    language: locale,
    headers: { 'X-Houqin-Alert': 'critical-hazard huaying/hz_1' },
    ...content,
  });
  return simpleParser(raw);
}

const addresses = (mail: ParsedMail) => [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

describe('the critical-hazard e-mail', () => {
  it('reads in Chinese with the subject 【重大隐患】school：what, to every official', async () => {
    // Act
    const mail = await roundTrip(criticalAlertMessage(alert(), 'zh-CN'), 'zh-CN');
    // Assess
    expect(mail.subject).toBe('【重大隐患】华蓥市双河第一小学：学生夜间未归或去向不明');
    expect(addresses(mail)).toEqual(['houqinban@huaying.example', 'anquangu@huaying.example']);
    expect(mail.from?.value[0]?.address).toBe('noreply@huaying.example');
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(mail.headers.get('x-houqin-alert')).toBe('critical-hazard huaying/hz_1');
    expect(mail.text).toContain('学校：华蓥市双河第一小学');
    expect(mail.text).toContain('地点：男生宿舍 3 号楼');
    expect(mail.text).toContain('发现日期：2026年5月10日');
    expect(mail.text).toContain('整改期限：2026年5月11日');
    expect(mail.html).toContain('华蓥市双河第一小学');
    expect(mail.html).toContain('男生宿舍 3 号楼');
    expect(mail.html).toContain('学生夜间未归或去向不明');
    expect(mail.html).toContain('2 名学生夜间未归');
  });

  it('reads in English for a district whose locale is en', async () => {
    // Act
    const mail = await roundTrip(
      criticalAlertMessage(
        { ...alert(), districtName: 'Huaying Education Bureau', schoolName: 'Shuanghe No. 1 Primary' },
        'en',
      ),
      'en',
    );
    // Assess
    expect(mail.subject).toBe('[Critical hazard] Shuanghe No. 1 Primary: Students unaccounted for at night');
    expect(mail.text).toContain('Place: 男生宿舍 3 号楼');
    expect(mail.text).toContain('Found on: 10 May 2026');
    expect(mail.text).toContain('Rectify by: 11 May 2026');
    expect(mail.text).toContain('Category: Security');
    expect(mail.html).toContain('Students unaccounted for at night');
    expect(mail.text).not.toMatch(/[学校地点]：/);
  });

  it('escapes what the school wrote, so a description cannot inject HTML', async () => {
    // Act
    const content = criticalAlertMessage(alert({ description: '<img src=x onerror=alert(1)> & "插座"' }), 'zh-CN');
    // Assess
    expect(content.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;插座&quot;');
    expect(content.html).not.toContain('<img');
    expect(content.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('shows the photo as a link when there is one, and no photo line when there is none', () => {
    // Act
    const withPhoto = criticalAlertMessage(alert({}, 'https://api.example/v1/photos/ph_1'), 'zh-CN');
    const without = criticalAlertMessage(alert(), 'zh-CN');
    // Assess
    expect(withPhoto.html).toContain('<a href="https://api.example/v1/photos/ph_1">查看照片</a>');
    expect(withPhoto.text).toContain('现场照片：https://api.example/v1/photos/ph_1');
    expect(without.text).not.toContain('现场照片');
  });

  it('says "not given" for a hazard without a place', () => {
    // Act / Assess
    expect(criticalAlertMessage(alert({ place: undefined }), 'zh-CN').text).toContain('地点：未填写');
  });
});

describe('the overdue digest', () => {
  const digest: OverdueDigestContent = {
    districtName: '华蓥市教育局',
    date: '2026-05-12',
    hazards: [
      {
        hazardId: 'hz_b',
        schoolName: '华蓥中学',
        severity: 'high',
        title: { zh: '灭火器过期', en: 'Expired extinguishers' },
        place: '实验楼',
        dueDate: '2026-05-10',
      },
      {
        hazardId: 'hz_a',
        schoolName: '双河小学',
        severity: 'medium',
        title: { zh: '四防设施缺失', en: 'A prevention measure missing' },
        dueDate: '2026-05-05',
      },
    ],
  };

  it('lists every newly overdue hazard, most overdue first, with days overdue, in Chinese', async () => {
    // Act
    const mail = await roundTrip(overdueDigestMessage(digest, 'zh-CN'), 'zh-CN');
    // Assess
    expect(mail.subject).toBe('【隐患逾期】华蓥市教育局：2 项隐患逾期未整改（2026年5月12日）');
    const lines = (mail.text ?? '').split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toEqual([
      '1. 双河小学：四防设施缺失；一般；整改期限 2026年5月5日，已逾期 7 天 [hz_a]',
      '2. 华蓥中学：灭火器过期（实验楼）；较大；整改期限 2026年5月10日，已逾期 2 天 [hz_b]',
    ]);
    expect(mail.html).toContain('<th');
    expect(mail.html).toContain('灭火器过期');
  });

  it('reads in English for an English-speaking district', async () => {
    // Act
    const mail = await roundTrip(overdueDigestMessage({ ...digest, districtName: 'Huaying' }, 'en'), 'en');
    // Assess
    expect(mail.subject).toBe('[Overdue hazards] Huaying: 2 hazards are past the due date (12 May 2026)');
    expect(mail.text).toContain(
      '1. 双河小学: A prevention measure missing; Medium; due 5 May 2026, 7 days overdue [hz_a]',
    );
  });
});

describe('e-mail formatting helpers', () => {
  it('escapes the five HTML characters', () => {
    // Act / Assess
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('writes dates as each locale does', () => {
    // Act / Assess
    expect(formatDate('2026-05-10', 'zh-CN')).toBe('2026年5月10日');
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});
