import type { Principal } from '../../shared/auth/principal';
import type { PhotoContentType } from '../../shared/photos/keys';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';

/**
 * Asks for the upload of a photo of submission `submissionId` through the core, as POST
 * /v1/submissions/{id}/photos does: `bytes` bytes of `contentType` (JPEG unless said) into `bucket`.
 */
export function requestSubmissionPhoto(
  school: Principal,
  submissionId: string,
  bytes: number,
  bucket: string,
  contentType: PhotoContentType = 'image/jpeg',
) {
  return requestPhotoUpload({
    principal: school as Extract<Principal, { role: 'school' }>,
    owner: { kind: 'submission', id: submissionId },
    request: { contentType, bytes },
    bucket,
  });
}
