import { catalogueView } from '../../shared/forms/catalogue';
import { apiHandler } from '../../shared/http/api-handler';

/** GET /v1/forms: the form catalogue, each form with its JSON Schema. The same for every caller. */
export const handler = apiHandler({ roles: ['school', 'official', 'admin'] }, async () => ({
  status: 200,
  body: { forms: catalogueView() },
  headers: { 'cache-control': 'private, max-age=300' },
}));
