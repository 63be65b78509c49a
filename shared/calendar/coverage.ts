import type { Locale, Text } from '../i18n';
import { localize } from '../i18n';
import { monthBounds } from '../time';
import { nationalCalendarKnown } from './national';
import { termsBetween, type DistrictCalendar, type Term } from './school-calendar';

/*
 * Warnings for a year whose national holidays the system does not know (national.ts): its
 * statutory holidays count as school days, so a term that runs into it expects submissions on
 * May Day. `district configure --calendar` (and `district show`), GET /v1/compliance's
 * `warnings` and the monthly report's data-quality notes say so, with the command that fixes it.
 */

/** One warning: a term (or the month asked for) runs into a year with no national holiday data. */
export interface NationalCalendarWarning {
  code: 'NATIONAL_CALENDAR_MISSING';
  year: number;
  /** The term that runs into it (its name, first and last day). */
  term: Term;
  message: string;
}

/** The years from `from`'s to `to`'s (YYYY-MM-DD) with no national holiday data. */
export function yearsWithoutNationalData(from: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1)
    if (!nationalCalendarKnown(year)) years.push(year);
  return years;
}

const MESSAGE: Text = {
  zh: '{term}（{start} 至 {end}）跨入 {year} 年，系统还没有 {year} 年的全国法定节假日和调休数据：这一年的节假日按周一至周五计为上学日。国务院公布安排后，用 npm run admin -- calendar national --year {year} <文件> 载入。',
  en: '{term} ({start} to {end}) runs into {year}, for which the system has no national holidays and make-up days yet: that year’s holidays count as school days. Once the State Council publishes them, load them with npm run admin -- calendar national --year {year} <file>.',
};

function warning(term: Term, year: number, locale: Locale): NationalCalendarWarning {
  const message = localize(MESSAGE, locale)
    .replaceAll('{term}', term.name)
    .replace('{start}', term.start)
    .replace('{end}', term.end)
    .replaceAll('{year}', String(year));
  return { code: 'NATIONAL_CALENDAR_MISSING', year, term, message };
}

/** One warning per term of the district's own calendar and year it runs into without national data. */
export function calendarWarnings(calendar: DistrictCalendar | undefined, locale: Locale): NationalCalendarWarning[] {
  return (calendar?.terms ?? []).flatMap((term) =>
    yearsWithoutNationalData(term.start, term.end).map((year) => warning(term, year, locale)),
  );
}

/**
 * The warnings for a month's figures (`YYYY-MM`): the terms in force that month (the district's
 * own or the default school year) whose days in the month lie in a year without national data.
 */
export function monthWarnings(
  month: string,
  calendar: DistrictCalendar | undefined,
  locale: Locale,
): NationalCalendarWarning[] {
  const { first, last } = monthBounds(month);
  return termsBetween(first, last, calendar).flatMap((term) =>
    yearsWithoutNationalData(term.start > first ? term.start : first, term.end < last ? term.end : last).map((year) =>
      warning(term, year, locale),
    ),
  );
}
