import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { requestPhotoUpload } from '../../shared/photos/upload-requests';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** POST /v1/submissions/{id}/photos: the owning school asks to upload one photo; 201 with the presigned POST. */
export const handler = apiHandler({ roles: ['school'] }, async ({ principal, pathParameters, body, locale }) => {
  return {
    status: 201,
    body: await requestPhotoUpload({
      principal,
      owner: { kind: 'submission', id: pathParameters.id ?? '' },
      body,
      locale,
      bucket,
    }),
  };
});
