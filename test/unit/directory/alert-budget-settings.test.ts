import { settingsChange, type StoredSettings } from '../../../shared/directory/districts';
import { refusal } from './refusal';

/* The district settings of issue 19: the hourly alert mail budget and the school token validity. */

const NOTHING_STORED: StoredSettings = {};

describe('settingsChange: alert mail budget', () => {
  it('merges the part given with the defaults (5 per school, 20 per district)', () => {
    // Act
    const change = settingsChange(NOTHING_STORED, { alertBudget: { school: 3 } }, 'en');
    // Assess
    expect(change).toEqual({ set: { alertBudget: { school: 3, district: 20 } }, remove: [] });
  });

  it("merges the part given with the district's own budget", () => {
    // Prepare
    const stored: StoredSettings = { alertBudget: { school: 2, district: 8 } };
    // Act
    const change = settingsChange(stored, { alertBudget: { district: 50 } }, 'en');
    // Assess
    expect(change.set.alertBudget).toEqual({ school: 2, district: 50 });
  });

  it.each([0, 201, 2.5, Number.NaN])('refuses %p alert mails per school, naming the field (en)', (school) => {
    // Act
    const issues = refusal(NOTHING_STORED, { alertBudget: { school } });
    // Assess
    expect(issues).toEqual([
      {
        field: 'alertBudget.school',
        label: 'alert mails per school per hour',
        reason: 'must be a whole number from 1 to 200 (critical-hazard alert mails sent one by one per hour)',
      },
    ]);
  });

  it('refuses a school budget above the district budget (zh)', () => {
    // Act
    const issues = refusal({ alertBudget: { school: 5, district: 10 } }, { alertBudget: { school: 12 } }, 'zh-CN');
    // Assess
    expect(issues).toEqual([
      {
        field: 'alertBudget.school',
        label: '每所学校每小时提醒邮件数',
        reason: '每所学校每小时的提醒邮件数（12）不能多于全区县的（10）',
      },
    ]);
  });

  it('refuses an empty budget and an unknown key', () => {
    // Act
    const empty = refusal(NOTHING_STORED, { alertBudget: {} });
    const unknown = refusal(NOTHING_STORED, { alertBudget: { county: 3 } as never });
    // Assess
    expect(empty).toEqual([expect.objectContaining({ field: 'alertBudget', label: 'hourly alert mail budget' })]);
    expect(unknown[0]).toMatchObject({ field: 'alertBudget.county', label: 'hourly alert mail budget' });
  });

  it('clears the budget back to the defaults with reset', () => {
    // Act
    const change = settingsChange({ alertBudget: { school: 1, district: 2 } }, { reset: ['alertBudget'] }, 'en');
    // Assess
    expect(change).toEqual({ set: {}, remove: ['alertBudget'] });
  });
});

describe('settingsChange: school token validity', () => {
  it('sets the days a new school token works', () => {
    // Act
    const change = settingsChange(NOTHING_STORED, { schoolTokenDays: 180 }, 'en');
    // Assess
    expect(change).toEqual({ set: { schoolTokenDays: 180 }, remove: [] });
  });

  it.each([0, 3651, 1.5])('refuses %p days (zh)', (days) => {
    // Act
    const issues = refusal(NOTHING_STORED, { schoolTokenDays: days }, 'zh-CN');
    // Assess
    expect(issues).toEqual([
      { field: 'schoolTokenDays', label: '学校令牌有效天数', reason: '应为 1 到 3650 之间的整数（天）' },
    ]);
  });
});
