/*
 * What the app reads from the API, as plain types. The API is the contract: these mirror
 * `GET /v1/forms`, `GET /v1/me` and the error shape, and nothing here imports server code.
 */

/** A text in both languages, as the API serves labels. */
export interface Text {
  zh: string;
  en: string;
}

export type Locale = 'zh-CN' | 'en';

/** One JSON Schema property of a form's answers (the subset the catalogue uses). */
export interface SchemaProperty {
  type?: 'boolean' | 'integer' | 'number' | 'string';
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: (string | number)[];
  const?: unknown;
}

/** A conditional requirement: `if` some properties hold, `then` more fields are required. */
export interface SchemaCondition {
  if?: { properties?: Record<string, { const?: unknown; enum?: unknown[] }>; required?: string[] };
  then?: { required?: string[] };
}

export interface AnswersSchema {
  type?: 'object';
  properties?: Record<string, SchemaProperty>;
  required?: string[];
  additionalProperties?: boolean;
  allOf?: SchemaCondition[];
  title?: string;
  description?: string;
}

/** One form of `GET /v1/forms`. */
export interface CatalogueForm {
  id: string;
  version: number;
  title: Text;
  description?: Text;
  cadence: string;
  appliesTo: string;
  fields: { name: string; label: Text; unit?: Text; options?: Record<string, Text> }[];
  hazardRules?: { id: string; severity: string; category: string; title: Text }[];
  jsonSchema: AnswersSchema;
}

/** `GET /v1/me`. */
export type { MeView as Me } from '../../../shared/directory/me-types';

/** One entry of an error's `details` (validation errors name the field). */
export interface ErrorDetail {
  field?: string;
  label?: string;
  reason?: string;
  [key: string]: unknown;
}

/** The API's one error shape: `{"error":{"code","message","details"}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] | Record<string, unknown> };
}
