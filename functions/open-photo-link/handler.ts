import { ENV, requireEnv } from '../../shared/config';
import { publicApiHandler } from '../../shared/http/api-handler';
import { openPhotoLink } from '../../shared/photos/links';

requireEnv(ENV.tableName);
const bucket = requireEnv(ENV.bucketName);

/**
 * GET /v1/photo-links/{photoId}?k=&d=&e=&s=: the photo link of a report mail (no token: the link is
 * signed with a key version of the photo-link key ring). 302 to a 5-minute presigned GET of the
 * verified photo; an altered link, or one of a revoked key version, 404; an expired one 410.
 */
export const handler = publicApiHandler(async ({ pathParameters, query }) => {
  const download = await openPhotoLink(pathParameters.photoId, query, bucket);
  return { status: 302, body: download, headers: { location: download.url } };
});
