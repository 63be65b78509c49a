/** The locales the system speaks. zh-CN is the default everywhere. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** A user-facing text in every supported locale. */
export interface Text {
  zh: string;
  en: string;
}

/** Picks the text for a locale. */
export function localize(text: Text, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}

/**
 * Chooses the response locale from an `Accept-Language` header: the highest-weighted tag that
 * we speak, zh-CN when none matches or the header is absent or malformed.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .slice(0, 512)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-') || tag === '*') return 'zh-CN';
  }
  return DEFAULT_LOCALE;
}
