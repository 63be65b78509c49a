import JSZip from 'jszip';
import { rollUpDistrictPeriod, type AnnualInput } from '../../../../shared/reports/annual/compose';
import { parsePeriod } from '../../../../shared/reports/annual/period';
import { renderAnnualCharts } from '../../../../shared/reports/annual/render/charts';
import { renderAnnualDocument } from '../../../../shared/reports/annual/render/document';
import type { ReportSubmission } from '../../../../shared/reports/input';
import { annualMonths, school, submission } from '../fixtures';

/*
 * The Word draft of the year-end summary, read back as an official's word processor would: the
 * .docx is a zip; word/document.xml holds the title, the numbered headings and the sentences with
 * their figures; word/media holds the charts as PNG images.
 */

jest.setTimeout(60_000);

const period = parsePeriod('2025-26')!;

function input(locale: 'zh-CN' | 'en'): AnnualInput {
  const submissions: ReportSubmission[] = [
    submission('s1', 'insurance-enrolment', '2025-09-02', {
      answers: {
        studentsEnrolled: 53_000,
        schoolLiabilityCovered: 53_000,
        studentAccidentCovered: 45_000,
        residentMedicalCovered: 30_000,
        canteenFoodSafetyLiability: 'yes',
      },
    }),
    submission('s2', 'insurance-enrolment', '2026-03-02', {
      answers: {
        studentsEnrolled: 694,
        schoolLiabilityCovered: 694,
        studentAccidentCovered: 337,
        residentMedicalCovered: 323,
        canteenFoodSafetyLiability: 'no',
      },
    }),
    submission('s1', 'energy-meter', '2025-10-30', { answers: { electricityKwh: 8800, waterM3: 880 } }),
    submission('s1', 'energy-meter', '2024-10-30', { answers: { electricityKwh: 10_000, waterM3: 1000 } }),
  ];
  return {
    district: {
      districtId: 'huaying',
      name: '华蓥市教育局',
      locale,
      timezone: 'Asia/Shanghai',
      targets: { electricityReductionPercent: 15 },
    },
    schools: [school('s1', { hasCanteen: true }), school('s2')],
    period,
    months: annualMonths(period, submissions),
    hazards: [],
    now: new Date('2026-09-05T00:00:00.000Z'),
  };
}

async function opened(docx: Buffer) {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean);
  return { text, media: Object.keys(zip.files).filter((name) => name.startsWith('word/media/')) };
}

describe('renderAnnualDocument', () => {
  it('writes the title, the headings 一、二、三… and each section’s figures as sentences, with the charts as images', async () => {
    // Prepare
    const { report } = rollUpDistrictPeriod(input('zh-CN'));
    const charts = await renderAnnualCharts(report, 'zh-CN');
    // Act
    const { text, media } = await opened(await renderAnnualDocument(report, 'zh-CN', charts));
    // Assess
    expect(text[0]).toBe('华蓥市教育局2025—2026学年学校后勤工作总结（数据部分）');
    expect(text.filter((line) => /^[一二三四五六七八九十]+、/.test(line))).toEqual([
      '一、学校与学生基本情况',
      '二、各项保险参保情况',
      '三、节能降耗（用电、用水）情况',
      '四、校园绿化建设情况',
      '五、勤工俭学与劳动实践基地',
      '六、食堂食品安全管理',
      '七、宿舍、用电与消防安全',
      '八、安全演练与安全教育',
      '九、安全隐患排查整治',
      '十、检查完成情况',
      '十一、数据说明',
    ]);
    // 45,337 of 53,694 is 84.4 %, computed from the counts (DOMAIN.md), whatever a typed summary once said.
    expect(text).toContain(
      '全市共有 2 所学校 53,694 名学生参加校方责任险，参保率 100.0%；学平险参保 45,337 人，参保率 84.4%；城乡居民医保参保 30,323 人，参保率 56.5%（在校学生 53,694 名，以各校本年度最近一次填报为准）。',
    );
    expect(text).toContain('全市共有 1 所学校的食堂购买了食品安全责任险（应购买 2 所，占 50.0%）。');
    expect(
      text.some((line) =>
        line.includes('用电 8,800 千瓦时，较上年同期 10,000 千瓦时降低了 12.0%（上年仅 1 个月有数据）'),
      ),
    ).toBe(true);
    expect(text).toContain('用电量较上年降低目标为 15%，实际为 12%，未达到目标。');
    expect(text).toContain('图：各月用电、用水量');
    expect(media).toHaveLength(3);
  });

  it('writes the same draft in English for a district that reads English', async () => {
    // Prepare
    const { report } = rollUpDistrictPeriod(input('en'));
    // Act
    const { text } = await opened(await renderAnnualDocument(report, 'en', []));
    // Assess
    expect(text[0]).toBe('华蓥市教育局: school logistics year-end summary for the 2025–26 school year (figures)');
    expect(text).toContain('2. Insurance');
    expect(
      text.some((line) =>
        line.startsWith(
          '53,694 students in 2 schools are covered by school liability insurance, 100.0%; student accident insurance covers 45,337, 84.4%',
        ),
      ),
    ).toBe(true);
  });
});
