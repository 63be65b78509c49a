import { alertDigestMessage, type DigestHazardLine } from '../../../shared/email/alert-digest';

const line = (index: number, schoolName = '华蓥中学'): DigestHazardLine => ({
  hazardId: `hz_${String(index).padStart(4, '0')}`,
  schoolName,
  severity: 'critical',
  title: { zh: `配电房进水 ${index}`, en: `Flooded switch room ${index}` },
  place: `配电房 ${index}`,
  description: '<b>积水</b>',
  foundOn: '2026-12-07',
  dueDate: '2026-12-08',
});

describe('alertDigestMessage', () => {
  it('names every held hazard in full and the mailed ones after, in Chinese with the hour in district time', () => {
    // Act
    const mail = alertDigestMessage(
      {
        districtName: '华蓥市教育局',
        timezone: 'Asia/Shanghai',
        windows: ['2026-12-07T02:00:00.000Z'],
        held: [line(6), line(7)],
        mailed: [line(1)],
        budget: { school: 5, district: 20 },
      },
      'zh-CN',
    );
    // Assess
    expect(mail.subject).toBe('【重大隐患汇总】华蓥市教育局：3 项重大隐患（2026-12-07 10:00–11:00）');
    expect(mail.text).toContain('每所学校每小时 5 封、全区县每小时 20 封');
    expect(mail.text).toContain('尚未单独提醒的隐患（2 项）');
    expect(mail.text).toContain('1. 学校：华蓥中学；隐患：配电房进水 6；地点：配电房 6；情况说明：<b>积水</b>');
    expect(mail.text).toContain('已逐条提醒的隐患（1 项）\n1. 华蓥中学：配电房进水 1（配电房 1） [hz_0001]');
    expect(mail.html).toContain('&lt;b&gt;积水&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>积水</b>');
  });

  it('writes in English for an English district', () => {
    // Act
    const mail = alertDigestMessage(
      {
        districtName: 'Riverside Education Bureau',
        timezone: 'Asia/Shanghai',
        windows: ['2026-12-07T02:00:00.000Z'],
        held: [line(6, 'Riverside No. 1')],
        mailed: [],
        budget: { school: 5, district: 20 },
      },
      'en',
    );
    // Assess
    expect(mail.subject).toBe(
      '[Critical hazards, digest] Riverside Education Bureau: 1 critical hazard (2026-12-07 10:00–11:00)',
    );
    expect(mail.text).toContain('at most 5 an hour per school, 20 for the district');
    expect(mail.text).toContain('Not mailed yet (1)');
    expect(mail.text).toContain('What: Flooded switch room 6');
    expect(mail.text).not.toContain('Already mailed one by one');
  });
});
