import type { Locale, Text } from './types';

/** The text in the locale (zh for zh-CN). */
export function pick(text: Text | undefined, locale: Locale): string {
  if (!text) return '';
  return locale === 'en' ? text.en : text.zh;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A label table of the domain's (severities, hazard categories) as words keyed `<prefix>_<key>`. */
export function prefixedWords<P extends string, K extends string>(
  prefix: P,
  labels: Readonly<Record<K, Text>>,
): Record<`${P}_${K}`, Text> {
  return Object.fromEntries(Object.entries(labels).map(([key, text]) => [`${prefix}_${key}`, text])) as Record<
    `${P}_${K}`,
    Text
  >;
}
