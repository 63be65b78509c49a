import { MAX_PHOTO_BYTES } from '../../../shared/http/limits';
import {
  contentTypeForExtension,
  extensionFor,
  parsePhotoObjectKey,
  photoObjectKey,
  quarantineKeyFor,
  type PhotoContentType,
} from '../../../shared/photos/keys';

const PHOTO_ID = '0b6f2c1e-7a4d-4f7e-9c3b-2d1e0f9a8b7c';

/** The key of photo PHOTO_ID of school hy-no1 in huaying, for its owner, date and type. */
function keyOf(
  owner: Parameters<typeof photoObjectKey>[0]['owner'],
  evidenceDate: string,
  contentType: PhotoContentType,
) {
  return photoObjectKey({
    districtId: 'huaying',
    schoolId: 'hy-no1',
    owner,
    evidenceDate,
    photoId: PHOTO_ID,
    contentType,
  });
}

describe('photoObjectKey', () => {
  it('files a submission photo under district, school, year, month and submission', () => {
    // Act
    const key = keyOf({ kind: 'submission', id: 'sub-2026-11-03.a:1' }, '2026-11-03', 'image/jpeg');
    // Assess
    expect(key).toBe(`evidence/huaying/hy-no1/2026/11/sub-2026-11-03.a:1/${PHOTO_ID}.jpg`);
  });

  it('files a rectification photo under hazard-<id>', () => {
    // Act
    const key = keyOf({ kind: 'hazard', id: 'hz_01ABC' }, '2026-01-31', 'image/heic');
    // Assess
    expect(key).toBe(`evidence/huaying/hy-no1/2026/01/hazard-hz_01ABC/${PHOTO_ID}.heic`);
  });

  it.each([
    ['image/jpeg', 'jpg'],
    ['image/png', 'png'],
    ['image/webp', 'webp'],
    ['image/heic', 'heic'],
  ] as const)('gives %s the extension %s, and back', (contentType, extension) => {
    // Assess
    expect(extensionFor(contentType)).toBe(extension);
    expect(contentTypeForExtension(extension)).toBe(contentType);
  });

  it('allows 10 MiB at most', () => {
    // Assess
    expect(MAX_PHOTO_BYTES).toBe(10_485_760);
  });
});

describe('parsePhotoObjectKey', () => {
  it('takes apart a key it made', () => {
    // Prepare
    const key = keyOf({ kind: 'hazard', id: 'hz-9' }, '2026-12-01', 'image/png');
    // Act
    const parsed = parsePhotoObjectKey(key);
    // Assess
    expect(parsed).toEqual({
      area: 'evidence',
      districtId: 'huaying',
      schoolId: 'hy-no1',
      year: '2026',
      month: '12',
      ownerSegment: 'hazard-hz-9',
      photoId: PHOTO_ID,
      extension: 'png',
      contentType: 'image/png',
    });
  });

  it('takes apart a quarantine key', () => {
    // Prepare
    const key = `evidence/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.webp`;
    // Act
    const parsed = parsePhotoObjectKey(quarantineKeyFor(key));
    // Assess
    expect(parsed).toMatchObject({
      area: 'quarantine',
      districtId: 'huaying',
      photoId: PHOTO_ID,
      contentType: 'image/webp',
    });
  });

  it.each([
    ['a client-chosen name', 'evidence/huaying/hy-no1/2026/11/s1/holiday.jpg'],
    ['another prefix', `reports/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.jpg`],
    ['an extension we never make', `evidence/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.gif`],
    ['a month 13', `evidence/huaying/hy-no1/2026/13/s1/${PHOTO_ID}.jpg`],
    ['a folder too many', `evidence/huaying/hy-no1/2026/11/s1/x/${PHOTO_ID}.jpg`],
    ['a path climbing out', `evidence/huaying/../2026/11/s1/${PHOTO_ID}.jpg`],
    ['an upper-case district', `evidence/HuaYing/hy-no1/2026/11/s1/${PHOTO_ID}.jpg`],
    ['a URL-encoded key', `evidence/huaying/hy-no1/2026/11/a%3A1/${PHOTO_ID}.jpg`],
    ['an empty key', ''],
  ])('refuses %s', (_what, key) => {
    // Assess
    expect(parsePhotoObjectKey(key)).toBeUndefined();
  });
});

describe('quarantineKeyFor', () => {
  it('keeps the rest of the key under quarantine/', () => {
    // Assess
    expect(quarantineKeyFor(`evidence/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.jpg`)).toBe(
      `quarantine/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.jpg`,
    );
  });

  it('refuses a key that is not evidence of ours', () => {
    // Assess
    expect(() => quarantineKeyFor('uploads/whatever.jpg')).toThrow('Not an evidence key');
    expect(() => quarantineKeyFor(`quarantine/huaying/hy-no1/2026/11/s1/${PHOTO_ID}.jpg`)).toThrow(
      'Not an evidence key',
    );
  });
});
