import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../infra/cli/admin';
import {
  districtLines,
  parseDueDays,
  parseReset,
  parseThreshold,
  readCalendarFile,
  settingsFromOptions,
} from '../../../infra/cli/commands/district';
import type { Io } from '../../../infra/cli/output';
import { nationalCalendarKnown } from '../../../shared/calendar/national';
import { DEFAULT_COMPLIANCE_THRESHOLD as COMPLIANCE_DEFAULT } from '../../../shared/compliance/compliance';
import { settingsChange, type DistrictWithSettings, type StoredSettings } from '../../../shared/directory/districts';
import { DEFAULT_COMPLIANCE_THRESHOLD } from '../../../shared/directory/schemas';
import { DEFAULT_DUE_DAYS } from '../../../shared/directory/district-settings';
import { refusal } from './refusal';

const DEMO_CALENDAR = join(__dirname, '..', '..', '..', 'infra', 'local', 'demo-calendar.json');
const NOTHING_STORED: StoredSettings = {};

const term = (name: string, start: string, end: string) => ({ name, start, end });

describe('settingsChange', () => {
  describe('days to rectify', () => {
    it('merges the severities given with the defaults into the full map', () => {
      // Act
      const change = settingsChange(NOTHING_STORED, { hazardDueDays: { high: 2 } }, 'en');
      // Assess
      expect(change).toEqual({ set: { hazardDueDays: { critical: 1, high: 2, medium: 7, low: 30 } }, remove: [] });
    });

    it("merges the severities given with the district's own days", () => {
      // Prepare
      const stored: StoredSettings = { hazardDueDays: { critical: 2, high: 4, medium: 10, low: 60 } };
      // Act
      const change = settingsChange(stored, { hazardDueDays: { low: 45 } }, 'en');
      // Assess
      expect(change.set.hazardDueDays).toEqual({ critical: 2, high: 4, medium: 10, low: 45 });
    });

    it.each([0, 366, 2.5, Number.NaN])('refuses %p days, naming the severity', (days) => {
      // Act
      const issues = refusal(NOTHING_STORED, { hazardDueDays: { medium: days } });
      // Assess
      expect(issues).toEqual([
        {
          field: 'hazardDueDays.medium',
          label: 'days to rectify a medium hazard',
          reason: 'must be a whole number of days from 1 to 365',
        },
      ]);
    });

    it('refuses a graver hazard getting longer than a lesser one, blaming the severity given (en)', () => {
      // Act
      const issues = refusal(NOTHING_STORED, { hazardDueDays: { high: 10 } });
      // Assess
      expect(issues).toEqual([
        {
          field: 'hazardDueDays.high',
          label: 'days to rectify a high hazard',
          reason: 'must not exceed the 7 days of medium hazards: a graver hazard cannot get longer',
        },
      ]);
    });

    it('refuses a lesser hazard getting less time than a graver one, blaming the severity given (zh)', () => {
      // Act
      const issues = refusal(NOTHING_STORED, { hazardDueDays: { medium: 2 } }, 'zh-CN');
      // Assess
      expect(issues).toEqual([
        {
          field: 'hazardDueDays.medium',
          label: '一般隐患整改天数',
          reason: '不能少于较大隐患的 3 天：风险越低，整改期限不能越短',
        },
      ]);
    });

    it('refuses an empty map and a severity it does not know', () => {
      // Act
      const empty = refusal(NOTHING_STORED, { hazardDueDays: {} });
      const unknown = refusal(NOTHING_STORED, { hazardDueDays: { high: 2, urgent: 1 } as never });
      // Assess
      expect(empty).toEqual([
        { field: 'hazardDueDays', label: 'days to rectify', reason: 'give the days for at least one severity' },
      ]);
      expect(unknown).toEqual([expect.objectContaining({ field: 'hazardDueDays.urgent' })]);
    });
  });

  describe('compliance threshold', () => {
    it('takes a rate from 0 to 1', () => {
      // Act
      const change = settingsChange(NOTHING_STORED, { complianceThreshold: 0.85 }, 'en');
      // Assess
      expect(change).toEqual({ set: { complianceThreshold: 0.85 }, remove: [] });
    });

    it.each([-0.1, 1.5, 85, Number.POSITIVE_INFINITY])('refuses %p in both languages', (threshold) => {
      // Act
      const en = refusal(NOTHING_STORED, { complianceThreshold: threshold }, 'en');
      const zh = refusal(NOTHING_STORED, { complianceThreshold: threshold }, 'zh-CN');
      // Assess
      expect(en).toEqual([
        {
          field: 'complianceThreshold',
          label: 'compliance threshold',
          reason: 'must be a number from 0 to 1 (0.9 means 90%)',
        },
      ]);
      expect(zh).toEqual([
        { field: 'complianceThreshold', label: '合规率阈值', reason: '应为 0 到 1 之间的数（例如 0.9 表示 90%）' },
      ]);
    });

    it('uses the same default as the compliance report', () => {
      // Assess
      expect(DEFAULT_COMPLIANCE_THRESHOLD).toBe(COMPLIANCE_DEFAULT);
    });
  });

  describe('calendar', () => {
    it('stores terms by start date and the extra days deduplicated and in order', () => {
      // Prepare
      const calendar = {
        terms: [
          term('2027年春季学期', '2027-02-24', '2027-07-04'),
          term(' 2026年秋季学期 ', '2026-09-01', '2027-01-17'),
        ],
        extraHolidays: ['2026-11-20', '2026-10-09', '2026-11-20'],
      };
      // Act
      const change = settingsChange(NOTHING_STORED, { calendar }, 'en');
      // Assess
      expect(change.set.calendar).toEqual({
        terms: [term('2026年秋季学期', '2026-09-01', '2027-01-17'), term('2027年春季学期', '2027-02-24', '2027-07-04')],
        extraHolidays: ['2026-10-09', '2026-11-20'],
        extraSchoolDays: [],
      });
    });

    it('accepts the demo calendar file', () => {
      // Prepare
      const calendar = JSON.parse(readFileSync(DEMO_CALENDAR, 'utf8'));
      // Act
      const change = settingsChange(NOTHING_STORED, { calendar }, 'zh-CN');
      // Assess
      expect(change.set.calendar?.terms.map((t) => t.name)).toEqual([
        '2025年秋季学期',
        '2026年春季学期',
        '2026年秋季学期',
        '2027年春季学期',
      ]);
    });

    it('refuses a term that ends before it starts', () => {
      // Act
      const issues = refusal(NOTHING_STORED, { calendar: { terms: [term('秋季', '2026-09-01', '2026-08-31')] } });
      // Assess
      expect(issues).toEqual([
        { field: 'calendar.terms.0.end', label: 'terms', reason: 'must not be before the start date 2026-09-01' },
      ]);
    });

    it('refuses a date that is not a real YYYY-MM-DD date, in a term or a list', () => {
      // Act
      const issues = refusal(
        NOTHING_STORED,
        { calendar: { terms: [term('秋季', '2026-02-30', '2026-07-01')], extraSchoolDays: ['2026/10/10'] } },
        'zh-CN',
      );
      // Assess
      expect(issues).toEqual([
        { field: 'calendar.terms.0.start', label: '学期', reason: '应为 YYYY-MM-DD 格式的真实日期' },
        { field: 'calendar.extraSchoolDays.0', label: '额外上课日', reason: '应为 YYYY-MM-DD 格式的真实日期' },
      ]);
    });

    it.each([
      ['', 'must not be empty, at most 40 characters'],
      ['学'.repeat(41), 'must not be empty, at most 40 characters'],
    ])('refuses the term name %j', (name, reason) => {
      // Act
      const issues = refusal(NOTHING_STORED, { calendar: { terms: [term(name, '2026-09-01', '2027-01-17')] } });
      // Assess
      expect(issues).toEqual([{ field: 'calendar.terms.0.name', label: 'terms', reason }]);
    });

    it('refuses overlapping terms, naming the term each overlaps', () => {
      // Prepare
      const terms = [
        term('学年', '2026-09-01', '2027-07-04'),
        term('春季', '2027-02-24', '2027-07-04'),
        term('秋季', '2026-09-01', '2027-01-17'),
      ];
      // Act
      const issues = refusal(NOTHING_STORED, { calendar: { terms } }, 'zh-CN');
      // Assess
      expect(issues).toEqual([
        { field: 'calendar.terms.2', label: '学期', reason: '与学期“学年”（2026-09-01 至 2027-07-04）重叠' },
        { field: 'calendar.terms.1', label: '学期', reason: '与学期“学年”（2026-09-01 至 2027-07-04）重叠' },
      ]);
    });

    it('refuses more than 20 terms', () => {
      // Prepare
      const terms = Array.from({ length: 21 }, (_, index) =>
        term(`第 ${index + 1} 学期`, `${2000 + index}-09-01`, `${2001 + index}-01-15`),
      );
      // Act
      const issues = refusal(NOTHING_STORED, { calendar: { terms } });
      // Assess
      expect(issues).toEqual([{ field: 'calendar.terms', label: 'terms', reason: 'at most 20' }]);
    });

    it('refuses more than 366 distinct extra holidays, but counts a repeated date once', () => {
      // Prepare
      const days = Array.from({ length: 367 }, (_, index) =>
        new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10),
      );
      // Act
      const issues = refusal(NOTHING_STORED, { calendar: { extraHolidays: days } });
      const repeated = settingsChange(
        NOTHING_STORED,
        { calendar: { extraHolidays: [...days.slice(0, 366), days[0]!] } },
        'en',
      );
      // Assess
      expect(issues).toEqual([{ field: 'calendar.extraHolidays', label: 'extra holidays', reason: 'at most 366' }]);
      expect(repeated.set.calendar?.extraHolidays).toHaveLength(366);
    });

    it('refuses a date that is both an extra holiday and an extra school day', () => {
      // Act
      const issues = refusal(
        NOTHING_STORED,
        { calendar: { extraHolidays: ['2026-11-20', '2026-10-09'], extraSchoolDays: ['2026-11-20', '2026-10-10'] } },
        'zh-CN',
      );
      // Assess
      expect(issues).toEqual([
        {
          field: 'calendar.extraSchoolDays',
          label: '额外上课日',
          reason: '以下日期同时列为额外假日和额外上课日：2026-11-20',
        },
      ]);
    });

    it('refuses a calendar that is not an object, and a key it does not know', () => {
      // Act
      const list = refusal(NOTHING_STORED, { calendar: [] as never });
      const unknown = refusal(NOTHING_STORED, { calendar: { terms: [], holidays: [] } as never });
      // Assess
      expect(list).toEqual([
        {
          field: 'calendar',
          label: 'school calendar',
          reason: 'must be an object with terms, extraHolidays and extraSchoolDays',
        },
      ]);
      expect(unknown).toEqual([expect.objectContaining({ field: 'calendar.holidays', label: 'school calendar' })]);
    });
  });

  describe('reset', () => {
    it('removes the settings named, once each', () => {
      // Act
      const change = settingsChange(NOTHING_STORED, { reset: ['calendar', 'hazardDueDays', 'calendar'] }, 'en');
      // Assess
      expect(change).toEqual({ set: {}, remove: ['calendar', 'hazardDueDays'] });
    });

    it('refuses a setting it does not know', () => {
      // Act
      const issues = refusal(NOTHING_STORED, { reset: ['timezone' as 'calendar'] });
      // Assess
      expect(issues).toEqual([
        {
          field: 'reset.0',
          label: 'settings to clear',
          reason: 'must be hazardDueDays, complianceThreshold, calendar or targets',
        },
      ]);
    });

    it('refuses setting and clearing the same setting', () => {
      // Act
      const issues = refusal(NOTHING_STORED, { complianceThreshold: 0.8, reset: ['complianceThreshold'] }, 'zh-CN');
      // Assess
      expect(issues).toEqual([
        { field: 'reset', label: '要清除的设置', reason: '不能同时设置又清除：complianceThreshold' },
      ]);
    });
  });

  it('refuses a call that changes nothing', () => {
    // Act
    const issues = refusal(NOTHING_STORED, {});
    // Assess
    expect(issues).toEqual([
      {
        field: '(body)',
        reason:
          'nothing to change: give days to rectify, a compliance threshold, a calendar, targets or settings to clear',
      },
    ]);
  });
});

describe('admin CLI district configure options', () => {
  it('reads --due-days by severity, in English or Chinese', () => {
    // Act
    const english = parseDueDays('critical=1, HIGH=2,medium=5');
    const chinese = parseDueDays('较大=2，轻微=20');
    // Assess
    expect(english).toEqual({ critical: 1, high: 2, medium: 5 });
    expect(chinese).toEqual({ high: 2, low: 20 });
  });

  it('passes a --due-days value that is not a number on as NaN, for the directory to refuse', () => {
    // Act
    const days = parseDueDays('high=soon');
    // Assess
    expect(days).toEqual({ high: Number.NaN });
  });

  it.each([['urgent=1'], ['high'], ['high=1,high=2'], [',']])('refuses --due-days %j as a usage mistake', (value) => {
    // Act
    const attempt = () => parseDueDays(value);
    // Assess
    expect(attempt).toThrow(/--due-days/);
  });

  it('reads --threshold as a percentage', () => {
    // Act
    const plain = parseThreshold('85');
    const withSign = parseThreshold('87.5%');
    // Assess
    expect(plain).toBe(0.85);
    expect(withSign).toBe(0.875);
  });

  it.each([['150'], ['-1'], ['ninety'], ['']])('refuses --threshold %j as a usage mistake', (value) => {
    // Act
    const attempt = () => parseThreshold(value);
    // Assess
    expect(attempt).toThrow(/--threshold must be a percentage from 0 to 100/);
  });

  it('reads --reset given several times or separated by commas', () => {
    // Act
    const settings = parseReset(['due-days,threshold', 'calendar', 'threshold', 'targets']);
    // Assess
    expect(settings).toEqual(['hazardDueDays', 'complianceThreshold', 'calendar', 'targets']);
  });

  it('refuses --reset of something that cannot be cleared', () => {
    // Act
    const attempt = () => parseReset(['timezone']);
    // Assess
    expect(attempt).toThrow(
      '--reset takes due-days, threshold, calendar, targets, alert-budget, school-token-days or photo-uploads-per-day: timezone',
    );
  });

  it('refuses a configure that asks for nothing, and one that sets and clears the same setting', () => {
    // Act
    const nothing = () => settingsFromOptions({});
    const both = () => settingsFromOptions({ threshold: '80', reset: ['threshold'] });
    // Assess
    expect(nothing).toThrow(
      'district configure needs at least one of --due-days, --threshold, --calendar, --targets, --alert-budget, --school-token-days, --photo-uploads-per-day, --reset',
    );
    expect(both).toThrow('Cannot both set and clear: --threshold');
  });

  it('answers a configure without a setting with exit code 2 before looking for a target', async () => {
    // Prepare
    const lines: string[] = [];
    const io: Io = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
    // Act
    const code = await main(
      ['district', 'configure', '--id', 'huaying'],
      { HOUQIN_LOCAL_STACK_FILE: '/nonexistent/stack.json' },
      io,
    );
    // Assess
    expect(code).toBe(2);
    expect(lines[0]).toBe(
      'district configure 需要 --due-days、--threshold、--calendar、--targets、--alert-budget、--school-token-days、--photo-uploads-per-day 或 --reset 中的至少一个',
    );
  });

  describe('readCalendarFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houqin-calendar-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a calendar file, byte-order mark and all', async () => {
      // Prepare
      const file = join(dir, 'bom.json');
      writeFileSync(file, '\uFEFF{"terms":[],"extraHolidays":["2026-11-20"]}');
      // Act
      const calendar = await readCalendarFile(file);
      // Assess
      expect(calendar).toEqual({ terms: [], extraHolidays: ['2026-11-20'] });
    });

    it('refuses a file that is not JSON, naming it', async () => {
      // Prepare
      const file = join(dir, 'broken.json');
      writeFileSync(file, '{"terms": [');
      // Act
      const attempt = readCalendarFile(file);
      // Assess
      await expect(attempt).rejects.toThrow(`The calendar file ${file} is not valid JSON`);
    });

    it('refuses a file it cannot read, naming it', async () => {
      // Act
      const attempt = readCalendarFile(join(dir, 'missing.json'));
      // Assess
      await expect(attempt).rejects.toThrow(`Cannot read the calendar file ${join(dir, 'missing.json')}`);
    });
  });
});

describe('admin CLI district lines', () => {
  const district: DistrictWithSettings = {
    districtId: 'huaying',
    name: '华蓥市教育局',
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    officialEmails: ['houqinban@huaying.example'],
    createdAt: '2026-09-01T00:00:00.000Z',
    hazardDueDays: DEFAULT_DUE_DAYS,
    complianceThreshold: 0.9,
    alertBudget: { school: 5, district: 20 },
    schoolTokenDays: 365,
    photoUploadsPerDay: 200,
  };

  it('marks the defaults and describes the default school year', () => {
    // Act
    const lines = districtLines(district, 'en');
    // Assess
    expect(lines.slice(3)).toEqual([
      '  days to rectify: critical 1, high 3, medium 7, low 30 (the defaults)',
      '  compliance threshold: 90% (the default)',
      '  school calendar: none of its own: the default school year (autumn term 1 Sep to 15 Jan, spring term 1 Mar to 10 Jul) and the national holidays',
      '  report targets: none',
      "  critical alert budget: 5 mails per school and 20 per district an hour; the rest go in the hour's digest (the default)",
      '  school token validity: 365 days (the default)',
      '  photo upload cap: 200 per school a day (the default)',
    ]);
  });

  it("lists the district's own settings and calendar", () => {
    // Prepare
    const configured = {
      ...district,
      alertBudget: { school: 3, district: 12 },
      schoolTokenDays: 180,
      photoUploadsPerDay: 40,
      hazardDueDays: { critical: 1, high: 2, medium: 5, low: 20 },
      complianceThreshold: 0.875,
      calendar: {
        terms: [term('2026年秋季学期', '2026-09-01', '2027-01-17')],
        extraHolidays: ['2026-11-20'],
        extraSchoolDays: [],
      },
    };
    // Act
    const lines = districtLines(configured, 'zh-CN');
    // Assess
    expect(lines.slice(3)).toEqual([
      '  隐患整改天数：重大 1 天，较大 2 天，一般 5 天，轻微 20 天',
      '  合规率阈值：87.5%',
      '  校历：1 个学期',
      '    2026年秋季学期  2026-09-01 至 2027-01-17',
      '    额外假日：2026-11-20',
      '    额外上课日：无',
      // The term runs into 2027: warned about while 2027's national holidays are unknown.
      ...(nationalCalendarKnown(2027)
        ? []
        : [
            '  注意：2026年秋季学期（2026-09-01 至 2027-01-17）跨入 2027 年，系统还没有 2027 年的全国法定节假日和调休数据：这一年的节假日按周一至周五计为上学日。国务院公布安排后，用 npm run admin -- calendar national --year 2027 <文件> 载入。',
          ]),
      '  月报目标：未设置',
      '  重大隐患提醒上限：每所学校每小时 3 封，全区县每小时 12 封，超出部分并入整点汇总邮件',
      '  学校令牌有效期：180 天',
      '  照片上传上限：每所学校每天 40 张',
    ]);
  });

  it('warns in English too, and not about a term within years the national data covers (issue 23 point 3)', () => {
    // Prepare
    const into2003 = {
      ...district,
      calendar: {
        terms: [term('2003 spring term', '2003-02-17', '2003-07-04')],
        extraHolidays: [],
        extraSchoolDays: [],
      },
    };
    const within2026 = {
      ...district,
      calendar: { terms: [term('2026年春季学期', '2026-03-02', '2026-07-05')], extraHolidays: [], extraSchoolDays: [] },
    };
    // Act
    const warned = districtLines(into2003, 'en').filter((line) => line.startsWith('  Warning:'));
    const quiet = districtLines(within2026, 'zh-CN').filter((line) => line.startsWith('  注意：'));
    // Assess
    expect(warned).toEqual([
      '  Warning: 2003 spring term (2003-02-17 to 2003-07-04) runs into 2003, for which the system has no national holidays and make-up days yet: that year’s holidays count as school days. Once the State Council publishes them, load them with npm run admin -- calendar national --year 2003 <file>.',
    ]);
    expect(quiet).toEqual([]);
  });
});
