/** The named fields of `item`, in the order named (a field `item` lacks is there as undefined). */
export function pickFields<T, K extends keyof T>(item: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, item[key]])) as Pick<T, K>;
}
