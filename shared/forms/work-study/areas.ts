import type { Text } from '../../i18n';

/**
 * The uses of a labour-practice base (劳动实践基地), in the order the bureau's summaries list
 * them. Each is its own field in 亩; the base's area is their sum.
 */
export const AREA_USES = {
  grainMu: { zh: '粮田', en: 'Grain fields' },
  orchardMu: { zh: '果园', en: 'Orchards' },
  teaMu: { zh: '茶园', en: 'Tea gardens' },
  bambooMu: { zh: '竹林', en: 'Bamboo' },
  forestMu: { zh: '林地', en: 'Forest' },
  fishPondMu: { zh: '鱼塘', en: 'Fish ponds' },
  wastelandMu: { zh: '荒山', en: 'Wasteland' },
} as const satisfies Record<string, Text>;

export type AreaUse = keyof typeof AREA_USES;
export const AREA_USE_FIELDS = Object.keys(AREA_USES) as AreaUse[];

/** The base's area as the sum of its uses, to the hundredth of a 亩 (so 0.1 + 0.2 is 0.3). */
export function computedAreaMu(a: Readonly<Record<AreaUse, number>>): number {
  const sum = AREA_USE_FIELDS.reduce((total, use) => total + a[use], 0);
  return Math.round(sum * 100) / 100;
}
