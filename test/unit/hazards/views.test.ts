import { daysOverdue, hazardDetailView } from '../../../shared/hazards/views';

const stored = {
  hazardId: 'hz_1',
  districtId: 'd1',
  schoolId: 's1',
  submissionId: 'sub-1',
  formType: 'hazard-report',
  ruleId: 'report',
  severity: 'high',
  category: 'electrical',
  title: { zh: '插座破损', en: 'Broken socket' },
  place: '二楼走廊',
  status: 'open',
  foundOn: '2026-11-20',
  dueDate: '2026-11-23',
  raisedAt: '2026-11-20T01:00:00.000Z',
  overdueAt: '2026-11-24T01:00:00.000Z',
  history: [
    { action: 'raised', status: 'open', at: '2026-11-20T01:00:00.000Z', by: 'tok_school' },
    { action: 'overdue', status: 'open', at: '2026-11-24T01:00:00.000Z', by: 'system' },
  ],
  pk: 'HAZARD#d1#hz_1',
  gsi2pk: 'DISTRICT#d1#HAZARDS#open',
  createdAt: '2026-11-20T01:00:00.000Z',
  schemaVersion: 1,
};

describe('daysOverdue', () => {
  it('is 0 on the due date itself and counts whole days after it', () => {
    expect(daysOverdue({ status: 'open', dueDate: '2026-11-23' }, '2026-11-23')).toBe(0);
    expect(daysOverdue({ status: 'open', dueDate: '2026-11-23' }, '2026-11-24')).toBe(1);
    expect(daysOverdue({ status: 'open', dueDate: '2026-11-23' }, '2027-01-02')).toBe(40);
  });

  it('is 0 for a hazard that is not open, however late', () => {
    expect(daysOverdue({ status: 'rectified', dueDate: '2026-11-23' }, '2026-12-31')).toBe(0);
    expect(daysOverdue({ status: 'verified', dueDate: '2026-11-23' }, '2026-12-31')).toBe(0);
  });

  it('counts across a daylight-saving change without fractions', () => {
    expect(daysOverdue({ status: 'open', dueDate: '2026-03-01' }, '2026-04-01')).toBe(31);
  });
});

describe('hazardDetailView', () => {
  it('adds overdue flags and the history to the whitelisted fields, and nothing internal', () => {
    // Act
    const view = hazardDetailView(stored, '2026-11-25');
    // Assess
    expect(view).toMatchObject({
      hazardId: 'hz_1',
      status: 'open',
      dueDate: '2026-11-23',
      overdue: true,
      daysOverdue: 2,
      overdueAt: '2026-11-24T01:00:00.000Z',
      schoolName: null,
    });
    // No names were read: the token is not named, and its id is not shown instead.
    expect(view.history).toEqual([
      {
        action: 'raised',
        status: 'open',
        at: '2026-11-20T01:00:00.000Z',
        by: '（令牌已不在记录中）',
        note: null,
        photoIds: [],
      },
      {
        action: 'overdue',
        status: 'open',
        at: '2026-11-24T01:00:00.000Z',
        by: '系统（逾期检查）',
        note: null,
        photoIds: [],
      },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/"(pk|sk|gsi\dpk|gsi\dsk|districtId|createdAt|schemaVersion)"/);
  });

  it("names the school and who acted from the names read for the page, in the reader's locale", () => {
    // Prepare
    const names = {
      locale: 'en' as const,
      schools: new Map([[stored.schoolId, '城关一小']]),
      actors: new Map([['tok_school', '总务处 张老师']]),
    };
    // Act
    const view = hazardDetailView(stored, '2026-11-25', new Map(), names);
    // Assess
    expect(view.schoolName).toBe('城关一小');
    expect(view.history.map((entry) => entry.by)).toEqual(['总务处 张老师', 'System (overdue check)']);
  });

  it('is not overdue before the due date has passed', () => {
    expect(hazardDetailView({ ...stored, overdueAt: undefined }, '2026-11-23')).toMatchObject({
      overdue: false,
      daysOverdue: 0,
      overdueAt: null,
    });
  });
});
