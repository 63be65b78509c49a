import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { PHOTO_REQUEST_LABELS, photoRequestSchema, requestPhotoUpload } from '../../shared/photos/upload-requests';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** POST /v1/submissions/{id}/photos: the owning school asks to upload one photo; 201 with the presigned POST. */
export const handler = apiHandler(
  { roles: ['school'], body: photoRequestSchema, bodyLabels: PHOTO_REQUEST_LABELS },
  async ({ principal, pathParameters, body }) => {
    const owner = { kind: 'submission' as const, id: pathParameters.id ?? '' };
    return { status: 201, body: await requestPhotoUpload({ principal, owner, request: body, bucket }) };
  },
);
