import { settingsChange, type StoredSettings } from '../../../shared/directory/districts';
import { refusal } from './refusal';

/* The district setting of issue 19, point 6: photo uploads each school may ask for a day. */

const NOTHING_STORED: StoredSettings = {};

describe('settingsChange: photo uploads per school per day', () => {
  it('sets the daily cap, and clears it back to the default with reset', () => {
    // Act
    const set = settingsChange(NOTHING_STORED, { photoUploadsPerDay: 50 }, 'en');
    const reset = settingsChange({ photoUploadsPerDay: 50 }, { reset: ['photoUploadsPerDay'] }, 'en');
    // Assess
    expect(set).toEqual({ set: { photoUploadsPerDay: 50 }, remove: [] });
    expect(reset).toEqual({ set: {}, remove: ['photoUploadsPerDay'] });
  });

  it.each([0, 10_001, 2.5])('refuses %p uploads a day, naming the field in zh-CN and en', (uploads) => {
    // Act
    const zh = refusal(NOTHING_STORED, { photoUploadsPerDay: uploads }, 'zh-CN');
    const en = refusal(NOTHING_STORED, { photoUploadsPerDay: uploads }, 'en');
    // Assess
    expect(zh).toEqual([
      { field: 'photoUploadsPerDay', label: '每所学校每天可上传照片数', reason: '应为 1 到 10000 之间的整数（张/天）' },
    ]);
    expect(en).toEqual([
      {
        field: 'photoUploadsPerDay',
        label: 'photo uploads per school per day',
        reason: 'must be a whole number of uploads a day from 1 to 10000',
      },
    ]);
  });
});
