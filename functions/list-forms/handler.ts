import { catalogueView } from '../../shared/forms/catalogue';
import { apiHandler } from '../../shared/http/api-handler';

/** GET /v1/forms: the form catalogue, each form with its JSON Schema. Field titles in the caller's locale. */
export const handler = apiHandler({ roles: ['school', 'official', 'admin'] }, async ({ locale }) => ({
  status: 200,
  body: { forms: catalogueView(locale) },
  headers: { 'cache-control': 'private, max-age=300', vary: 'accept-language' },
}));
