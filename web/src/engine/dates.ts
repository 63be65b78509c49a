/** Today (YYYY-MM-DD) in a timezone, e.g. the district's: the form's date defaults to it. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The month (YYYY-MM) of a date. */
export function monthOfDate(date: string): string {
  return date.slice(0, 7);
}
