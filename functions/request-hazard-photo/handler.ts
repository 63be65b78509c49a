import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';
import { canonicalId } from '../../shared/ids';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** POST /v1/hazards/{id}/photos: the owning school asks to upload one rectification photo of an open hazard; 201 with the presigned POST. */
export const handler = apiHandler({ roles: ['school'] }, async ({ principal, pathParameters, body, locale }) => {
  return {
    status: 201,
    body: await requestPhotoUpload({
      principal,
      owner: { kind: 'hazard', id: canonicalId(pathParameters.id ?? '') },
      body,
      locale,
      bucket,
    }),
  };
});
