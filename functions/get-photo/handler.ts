import { ENV, requireEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { photoDownload } from '../../shared/photos/downloads';
import { canonicalIdOrUndefined } from '../../shared/ids';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/** GET /v1/photos/{photoId}: 302 to a presigned GET (5 minutes) of a verified photo, for its school and district. */
export const handler = apiHandler({ roles: ['school', 'official'] }, async ({ principal, pathParameters }) => {
  const download = await photoDownload(principal, canonicalIdOrUndefined(pathParameters.photoId), bucket);
  return { status: 302, body: download, headers: { location: download.url } };
});
