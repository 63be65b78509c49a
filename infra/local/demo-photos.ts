import type { Principal } from '../../shared/auth/principal';
import type { DemoHistoryPlan, PlannedSubmission } from './demo/history-plan';
import { demoOf } from './demo/answers';
import { FORMS } from '../../shared/forms/catalogue';
import { listTokens } from '../../shared/directory/tokens';
import { demoJpeg } from '../../shared/photos/demo-images';
import type { PhotoContentType, PhotoOwner } from '../../shared/photos/keys';
import { presignPhotoUpload } from '../../shared/photos/s3';
import { getPhoto, photosOf, type StoredPhoto } from '../../shared/photos/records';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';

/*
 * Photo evidence for the demo district, added on first start after its history is seeded, on the
 * forms whose demo asks for it (a form folder's demo.ts, `photo`), by
 * the path a school's client takes: ask for an upload (the store behind POST
 * /v1/submissions/{id}/photos), POST the bytes to s3rver with the presigned form, and let
 * s3rver's notification reach verify-photo in this process (infra/local/s3-events.ts). Nothing
 * is written around verification, so what the demo shows is what verification decided:
 *   - real JPEGs (drawn by shared/photos/demo-images.ts) on a handful of recent submissions,
 *     among them the critical hazard's: verified, with size and SHA-256;
 *   - the same picture used again by one school for another day: verified, flagged duplicateOf;
 *   - a text file declared as image/jpeg: quarantined (UNRECOGNIZED_CONTENT);
 *   - an upload asked for and never made: pending, then missing once its deadline has passed.
 */

type SchoolPrincipal = Extract<Principal, { role: 'school' }>;

/** How long a demo upload may take to be verified (s3rver → the local delivery → verify-photo). */
const VERIFY_TIMEOUT_MS = 15_000;

/** The current form types, each with the photo its demo asks for on its most recent submission. */
const photoForms = () =>
  [...new Set(FORMS.filter((form) => !form.retired).map((form) => form.id))].flatMap((formType) => {
    const { photo } = demoOf(formType);
    return photo ? [{ formType, photo }] : [];
  });

/** What the demo photos came to, for the start line. */
export interface DemoPhotosSummary {
  verified: number;
  duplicates: number;
  quarantined: number;
  /** Asked for, never uploaded. */
  neverUploaded: number;
  elapsedMs: number;
}

/** POSTs `content` as a browser does with a presigned POST: the form's fields, then the file. */
export async function postUpload(
  form: { url: string; fields: Record<string, string> },
  content: Buffer,
  fileName = 'photo.jpg',
): Promise<void> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([content]), fileName);
  const response = await fetch(form.url, { method: 'POST', body });
  if (!response.ok) throw new Error(`The upload to ${form.url} answered ${response.status}: ${await response.text()}`);
}

/** Waits until verification has judged the photo (it is no longer `requested`). */
export async function awaitVerification(
  districtId: string,
  photoId: string,
  timeoutMs = VERIFY_TIMEOUT_MS,
): Promise<StoredPhoto> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const photo = await getPhoto(districtId, photoId);
    if (photo && photo.status !== 'requested') return photo;
    if (Date.now() > deadline)
      throw new Error(
        `Photo ${photoId} was not verified within ${timeoutMs / 1000} s: are s3rver's events delivered to verify-photo?`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * One photo by the real path: asked for by the school, uploaded, verified. Returns the photo as
 * verification left it. Usable for a hazard's rectification photo too (`owner` kind hazard,
 * while the hazard is open), before the rectification names it.
 */
export async function attachDemoPhoto(input: {
  principal: SchoolPrincipal;
  owner: PhotoOwner;
  content: Buffer;
  bucket: string;
  contentType?: PhotoContentType;
}): Promise<StoredPhoto> {
  const grant = await requestPhotoUpload({
    principal: input.principal,
    owner: input.owner,
    request: { contentType: input.contentType ?? 'image/jpeg', bytes: input.content.length },
    bucket: input.bucket,
  });
  await postUpload(grant.upload, input.content);
  return awaitVerification(input.principal.districtId, grant.photo.photoId);
}

/**
 * `attachDemoPhoto`, unless an earlier start (stopped part-way, issue 21) did it already: a photo
 * of `owner` already judged is returned as it is; one asked for whose upload was cut short is
 * uploaded now to the key it was given (so the owner ends with one photo, as after an
 * uninterrupted start); otherwise a new one is asked for.
 */
export async function attachDemoPhotoOnce(input: Parameters<typeof attachDemoPhoto>[0]): Promise<StoredPhoto> {
  const { districtId, schoolId } = input.principal;
  const earlier = await photosOf(districtId, schoolId, input.owner);
  const judged = earlier.find((photo) => photo.status !== 'requested');
  if (judged) return judged;
  const cutShort = earlier[0];
  if (!cutShort) return attachDemoPhoto(input);
  await postUpload(
    await presignPhotoUpload(input.bucket, cutShort.objectKey, cutShort.contentType as PhotoContentType),
    input.content,
  );
  return awaitVerification(districtId, cutShort.photoId);
}

/** The label printed on a demo photo: its form and date, in the photo font's letters. */
function labelFor(submission: Pick<PlannedSubmission, 'formType' | 'date'>): string {
  return `${submission.formType.replace(/-/g, ' ')} ${submission.date}`;
}

/**
 * Adds the demo photos to the seeded history `plan` (see the top of this file). Throws when an
 * upload is not verified in time: the caller reports it and the start goes on.
 */
export async function seedDemoPhotos(input: {
  plan: DemoHistoryPlan;
  bucket: string;
  /** Submissions photographed already (seedReportPhotos). */
  skip?: ReadonlySet<string>;
  /** Called after each photo with how many there are so far; awaited before the next (the local stack's test hook pauses here). */
  onPhoto?: (count: number) => void | Promise<void>;
}): Promise<DemoPhotosSummary> {
  const started = Date.now();
  const { plan, bucket } = input;
  const { districtId } = plan;
  const schoolToken = await schoolTokens(districtId);
  const principal = (schoolId: string): SchoolPrincipal => ({
    role: 'school',
    tokenId: schoolToken.get(schoolId) ?? `demo-${schoolId}`,
    districtId,
    schoolId,
  });

  // Submissions a correction replaced are history: photos go on the current ones.
  const superseded = new Set(plan.submissions.flatMap((s) => (s.supersedes ? [s.supersedes] : [])));
  const current = plan.submissions.filter((s) => !superseded.has(s.submissionId) && !input.skip?.has(s.submissionId));
  const latest = (formType: string, except: readonly PlannedSubmission[] = []) =>
    current
      .filter((s) => s.formType === formType && !except.includes(s))
      .sort((a, b) => b.date.localeCompare(a.date) || a.schoolId.localeCompare(b.schoolId))[0];

  const summary: DemoPhotosSummary = { verified: 0, duplicates: 0, quarantined: 0, neverUploaded: 0, elapsedMs: 0 };
  let photos = 0;
  const count = async (photo: StoredPhoto) => {
    if (photo.status === 'verified') summary.verified += 1;
    if (photo.duplicateOf) summary.duplicates += 1;
    if (photo.status === 'quarantined') summary.quarantined += 1;
    await input.onPhoto?.((photos += 1));
  };
  // Once per submission, whatever an earlier, interrupted start did already.
  const attach = async (submission: PlannedSubmission, content: Buffer) =>
    count(
      await attachDemoPhotoOnce({
        principal: principal(submission.schoolId),
        owner: { kind: 'submission', id: submission.submissionId },
        content,
        bucket,
      }),
    );

  // Real photos: the critical hazard's submission, then one recent submission per form type that asks for one.
  const forms = photoForms();
  const critical = current.find((s) => s.submissionId === plan.critical.submissionId);
  const real = forms
    .flatMap(({ formType, photo }) => (photo.kind === 'real' ? [{ formType, photo }] : []))
    .sort((a, b) => a.photo.order - b.photo.order);
  const chosen = [...(critical ? [critical] : []), ...real.flatMap(({ formType }) => latest(formType) ?? [])];
  let scene = 0;
  for (const submission of chosen) await attach(submission, demoJpeg({ label: labelFor(submission), scene: scene++ }));

  // The same picture used again by a school for another day: the report's data-quality section flags it.
  for (const { formType } of real.filter(({ photo }) => photo.reusedOnAnotherDay)) {
    const first = chosen.find((s) => s.formType === formType && s !== critical);
    const reused =
      first && current.find((s) => s.formType === formType && s.schoolId === first.schoolId && s.date !== first.date);
    if (first && reused) await attach(reused, demoJpeg({ label: labelFor(first), scene: chosen.indexOf(first) }));
  }

  for (const { formType, photo } of forms) {
    // A text file declared as a JPEG: s3rver takes it, verification quarantines it.
    const spoofed = photo.kind === 'not-a-photo' ? latest(formType) : undefined;
    if (spoofed && photo.kind === 'not-a-photo') await attach(spoofed, Buffer.from(photo.text(spoofed.date), 'utf8'));

    // Asked for and never uploaded: pending, then shown as missing.
    const forgotten = photo.kind === 'never-uploaded' ? latest(formType) : undefined;
    const forgottenAsked =
      forgotten &&
      (await photosOf(districtId, forgotten.schoolId, { kind: 'submission', id: forgotten.submissionId })).length > 0;
    if (forgotten && !forgottenAsked) {
      await requestPhotoUpload({
        principal: principal(forgotten.schoolId),
        owner: { kind: 'submission', id: forgotten.submissionId },
        request: { contentType: 'image/jpeg', bytes: 180_000 },
        bucket,
      });
    }
    if (forgotten) summary.neverUploaded += 1;
  }

  summary.elapsedMs = Date.now() - started;
  return summary;
}

/**
 * Photos for last month's report, added as soon as that month is seeded and before its report is
 * asked for: one real photo on the submission that raised each hazard found in `month` (the
 * report's hazard lines, critical and overdue among them, then link to them). Returns the
 * submissions it photographed, which `seedDemoPhotos` then leaves alone.
 */
export async function seedReportPhotos(input: {
  plan: DemoHistoryPlan;
  bucket: string;
  month: string;
}): Promise<{ submissionIds: Set<string>; verified: number; elapsedMs: number }> {
  const started = Date.now();
  const { plan, bucket, month } = input;
  const schoolToken = await schoolTokens(plan.districtId);
  const submissions = new Map(plan.submissions.map((s) => [s.submissionId, s]));
  const raising = plan.hazards
    .filter((hazard) => hazard.foundOn.startsWith(`${month}-`))
    .flatMap((hazard) => submissions.get(hazard.submissionId) ?? []);
  const unique = [...new Map(raising.map((s) => [s.submissionId, s])).values()];
  const photos = await Promise.all(
    unique.map((submission, index) =>
      attachDemoPhotoOnce({
        principal: {
          role: 'school',
          tokenId: schoolToken.get(submission.schoolId) ?? `demo-${submission.schoolId}`,
          districtId: plan.districtId,
          schoolId: submission.schoolId,
        },
        owner: { kind: 'submission', id: submission.submissionId },
        content: demoJpeg({ label: labelFor(submission), scene: index }),
        bucket,
      }),
    ),
  );
  return {
    submissionIds: new Set(unique.map((s) => s.submissionId)),
    verified: photos.filter((p) => p.status === 'verified').length,
    elapsedMs: Date.now() - started,
  };
}

/** Each demo school's live token id. */
async function schoolTokens(districtId: string): Promise<Map<string, string>> {
  const tokens = await listTokens(districtId);
  return new Map(
    tokens.flatMap((t) =>
      t.role === 'school' && t.schoolId && !t.revokedAt ? [[t.schoolId, t.tokenId] as const] : [],
    ),
  );
}

/** One line for `npm start`. */
export function describeDemoPhotos(summary: DemoPhotosSummary): string {
  return `${summary.verified} verified (${summary.duplicates} reused from another day), ${summary.quarantined} quarantined, ${summary.neverUploaded} asked for and never uploaded, in ${(summary.elapsedMs / 1000).toFixed(1)} s`;
}
