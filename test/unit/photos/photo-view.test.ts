import { countsTowardLimit, displayStatus, type PhotoFields } from '../../../shared/photos/records';
import { photoView, unknownPhotoView } from '../../../shared/photos/views';

const REQUESTED_AT = '2026-11-03T02:30:00.000Z';
const DEADLINE = '2026-11-03T02:45:00.000Z';

const requested: PhotoFields = {
  districtId: 'huaying',
  photoId: '0b6f2c1e-7a4d-4f7e-9c3b-2d1e0f9a8b7c',
  schoolId: 'hy-no1',
  ownerKind: 'submission',
  ownerId: 'sub-1',
  evidenceDate: '2026-11-03',
  objectKey: 'evidence/huaying/hy-no1/2026/11/sub-1/0b6f2c1e-7a4d-4f7e-9c3b-2d1e0f9a8b7c.jpg',
  contentType: 'image/jpeg',
  bytes: 2048,
  status: 'requested',
  requestedAt: REQUESTED_AT,
  requestedBy: 'tok_0123456789abcdef',
  expiresAt: DEADLINE,
  schemaVersion: 1,
};
const at = (iso: string) => new Date(iso);

describe('displayStatus', () => {
  it('keeps a requested photo pending up to five minutes past its deadline', () => {
    // Assess
    expect(displayStatus(requested, at('2026-11-03T02:44:59.000Z'))).toBe('pending');
    expect(displayStatus(requested, at('2026-11-03T02:50:00.000Z'))).toBe('pending');
  });

  it('calls it missing after the deadline and the grace', () => {
    // Assess
    expect(displayStatus(requested, at('2026-11-03T02:50:00.001Z'))).toBe('missing');
  });

  it('shows verified and quarantined as stored, whatever the time', () => {
    // Assess
    expect(displayStatus({ ...requested, status: 'verified' }, at('2027-01-01T00:00:00.000Z'))).toBe('verified');
    expect(displayStatus({ ...requested, status: 'quarantined' }, at('2026-11-03T02:31:00.000Z'))).toBe('quarantined');
  });
});

describe('countsTowardLimit', () => {
  it.each([
    ['a pending photo', requested, true],
    ['a verified photo', { ...requested, status: 'verified' as const }, true],
    ['a quarantined photo', { ...requested, status: 'quarantined' as const }, false],
  ])('counts %s: %s', (_what, photo, counts) => {
    // Assess
    expect(countsTowardLimit(photo, at('2026-11-03T02:40:00.000Z'))).toBe(counts);
  });

  it('does not count a missing photo', () => {
    // Assess
    expect(countsTowardLimit(requested, at('2026-11-03T03:00:00.000Z'))).toBe(false);
  });
});

describe('photoView', () => {
  it('whitelists what leaves the system: no key, no token, no quarantine location', () => {
    // Act
    const view = photoView(
      {
        ...requested,
        status: 'quarantined',
        quarantineReason: 'TYPE_MISMATCH',
        quarantineKey: 'quarantine/x',
        sha256: 'ab',
      },
      at(REQUESTED_AT),
    );
    // Assess
    expect(view).toEqual({
      photoId: requested.photoId,
      status: 'quarantined',
      contentType: 'image/jpeg',
      bytes: 2048,
      size: null,
      sha256: null,
      requestedAt: REQUESTED_AT,
      uploadDeadline: DEADLINE,
      verifiedAt: null,
      reason: {
        code: 'TYPE_MISMATCH',
        message: { zh: '文件的实际类型与声明的类型不符', en: 'The file’s real type differs from the declared type' },
      },
      duplicateOf: null,
      url: null,
    });
  });

  it('gives a verified photo its size, hash, duplicate and API path', () => {
    // Act
    const view = photoView(
      {
        ...requested,
        status: 'verified',
        verifiedAt: '2026-11-03T02:33:00.000Z',
        size: 2050,
        sha256: 'f'.repeat(64),
        detectedType: 'image/jpeg',
        duplicateOf: 'earlier',
      },
      at('2026-11-04T00:00:00.000Z'),
    );
    // Assess
    expect(view).toMatchObject({
      status: 'verified',
      size: 2050,
      sha256: 'f'.repeat(64),
      duplicateOf: 'earlier',
      reason: null,
      url: `/v1/photos/${requested.photoId}`,
    });
  });

  it('says why a photo is missing', () => {
    // Act
    const view = photoView(requested, at('2026-11-03T04:00:00.000Z'));
    // Assess
    expect(view.reason).toEqual({
      code: 'NOT_UPLOADED',
      message: {
        zh: '已申请上传，但在截止时间前未收到照片',
        en: 'An upload was asked for, but no photo arrived before the deadline',
      },
    });
  });

  it('shows a photo named but never stored as missing', () => {
    // Assess
    expect(unknownPhotoView('ph_legacy')).toMatchObject({
      photoId: 'ph_legacy',
      status: 'missing',
      reason: { code: 'NOT_UPLOADED' },
      url: null,
    });
  });
});
