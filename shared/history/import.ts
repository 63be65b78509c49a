import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { hashOf } from '../canonical-json';
import { SchoolEntity } from '../db/entities';
import { HISTORY_IMPORT_ACTOR } from '../directory/actor-names';
import { readDistrictSettings } from '../directory/district-settings';
import { HouqinTable } from '../db/table';
import { schoolsOfDistrict } from '../directory/storage';
import { AppError } from '../errors';
import { fieldLabels, formAppliesTo } from '../forms/catalogue';
import type { FormDefinition, SchoolFlags } from '../forms/types';
import type { Locale } from '../i18n';
import { deadlineOf } from '../reports/lateness';
import { needsHistory, qualityFlagsFor } from '../submissions/quality-flags';
import {
  putSubmissions,
  readSchoolMonthOfForm,
  readSubmissionHashes,
  type SubmissionToStore,
} from '../submissions/store';
import { submissionView } from '../submissions/views';
import { addDays, isCalendarDate, localDate, monthOf } from '../time';
import { safeParseLocalized } from '../validation';
import { HISTORY_EARLIEST_DATE, MAX_HISTORY_ROWS } from './columns';
import { historyText } from './messages';
import type { HistoryIssue, HistoryRow, ParsedHistory } from './parse';

/*
 * Loads past records of one form type into a district (`npm run admin -- history import`), so a
 * district's first year has a year earlier to compare with and its targets can be checked.
 *
 *  - Each row is checked as a submission is: the school is in the district's roster and the form
 *    applies to it, the answers pass the form's schema (its rules and consistency checks), and
 *    the data-quality flags are worked out (an energy reading against the file's own earlier
 *    readings of the school). The date may lie from HISTORY_EARLIEST_DATE to today (district time),
 *    not only within the year a school may submit.
 *  - All or nothing per file: every problem of every row is listed by row and column, and then
 *    nothing is written. Two rows of one school for the same occasion (day, night, week or month,
 *    as the form's cadence has it; event forms may repeat), or a row for an occasion the school
 *    already submitted online, are refused: nothing is counted twice.
 *  - Idempotent: a record's id is derived from the district, school, form and occasion (for an
 *    event form: its date and its place among the file's rows of that school and date), so
 *    importing the same file again writes nothing; a row that was imported before with other
 *    values is refused (an imported record is not overwritten).
 *  - A record is stored as a submission (same item, same indexes), marked `importedAt` and
 *    `importedFrom` (shown as `imported` by GET /v1/submissions/{id}). It counts in every figure,
 *    comparison, target and compliance of its month; it raises no hazard, and the stream does not
 *    announce it, so it sends no mail. Its `receivedAt` is the import time: the report does not
 *    count it as late.
 *  - If writing fails part way (the network, throttling beyond retries), the records written stay
 *    and importing the file again completes it.
 */

/** How many school-months are read at once when looking for online submissions. */
const READ_CONCURRENCY = 16;

/** What an import did. */
export interface HistoryImportResult {
  districtId: string;
  formType: string;
  /** Rows in the file. */
  rows: number;
  /** Records written now. */
  imported: number;
  /** Records already imported with the same values (nothing written). */
  unchanged: number;
  /** Rows carrying data-quality flags (kept, as a submission's would be). */
  flagged: number;
}

/** What `importHistory` needs besides the file. */
export interface HistoryImportOptions {
  locale: Locale;
  /** The file's name, stored on each record (`importedFrom`). */
  file: string;
  /** @default new Date() */
  now?: Date;
}

interface RosterSchool extends SchoolFlags {
  schoolId: string;
}

async function loadRoster(districtId: string): Promise<Map<string, RosterSchool>> {
  const schools = new Map<string, RosterSchool>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await HouqinTable.build(QueryCommand)
      .entities(SchoolEntity)
      .query(schoolsOfDistrict(districtId))
      .options({ maxPages: 1, ...(startKey ? { exclusiveStartKey: startKey } : {}) })
      .send();
    for (const { schoolId, hasCanteen, boarding, nutritionProgramme } of Items)
      schools.set(schoolId, { schoolId, hasCanteen, boarding, nutritionProgramme });
    startKey = LastEvaluatedKey;
  } while (startKey);
  return schools;
}

/** The occasion a record of `form` dated `date` is for: the last day of its day, week or month; for an event form, none. */
function occasionOf(form: FormDefinition, date: string): string | undefined {
  return form.cadence === 'event' ? undefined : deadlineOf(form.cadence, date);
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A row checked: the answers as the schema gives them, and the record's key. */
interface CheckedRow {
  row: HistoryRow;
  answers: Record<string, unknown>;
  occasion: string | undefined;
  submissionId: string;
}

const byLine = (a: HistoryIssue, b: HistoryIssue) =>
  a.line - b.line || (a.column ?? a.field).localeCompare(b.column ?? b.field);

/**
 * Imports a parsed history file into `districtId` (see the header comment). Throws
 * HISTORY_IMPORT_INVALID with every problem by row and column, and then writes nothing;
 * NOT_FOUND when the district does not exist.
 */
export async function importHistory(
  districtId: string,
  parsed: ParsedHistory,
  options: HistoryImportOptions,
): Promise<HistoryImportResult> {
  const { locale } = options;
  const now = options.now ?? new Date();
  const invalid = (issues: HistoryIssue[]) => new AppError('HISTORY_IMPORT_INVALID', [...issues].sort(byLine));
  if (parsed.errors.length > 0 || !parsed.form) throw invalid(parsed.errors);
  if (parsed.rows.length > MAX_HISTORY_ROWS) {
    throw invalid([
      {
        line: 0,
        field: '(file)',
        reason: historyText('tooManyRows', locale, { max: MAX_HISTORY_ROWS, rows: parsed.rows.length }),
      },
    ]);
  }
  const form = parsed.form;
  const district = await readDistrictSettings(districtId);
  if (!district) throw new AppError('NOT_FOUND');
  const roster = await loadRoster(districtId);
  const today = localDate(district.timezone, now);
  const titles = parsed.columnTitles;
  const labels = fieldLabels(form);

  // 1. Each row on its own: school, form applies, date, answers.
  const issues: HistoryIssue[] = [];
  const checked: CheckedRow[] = [];
  const firstLineOf = new Map<string, number>();
  const eventCount = new Map<string, number>();
  for (const row of parsed.rows) {
    const issue = (field: string, reason: string) =>
      issues.push({ line: row.line, field, ...(titles[field] !== undefined ? { column: titles[field] } : {}), reason });
    const before = issues.length;
    const school = roster.get(row.schoolId);
    if (row.schoolId === '') issue('schoolId', historyText('noSchoolId', locale));
    else if (!school) issue('schoolId', historyText('unknownSchool', locale, { schoolId: row.schoolId }));
    else if (!formAppliesTo(form, school))
      issue('schoolId', historyText('notApplicable', locale, { schoolId: row.schoolId, appliesTo: form.appliesTo }));
    if (!isCalendarDate(row.date)) issue('date', historyText('badDate', locale, { value: row.date }));
    else if (row.date < HISTORY_EARLIEST_DATE || row.date > today)
      issue('date', historyText('dateOutOfRange', locale, { earliest: HISTORY_EARLIEST_DATE, today }));
    const result = safeParseLocalized(form.answers, row.answers, locale, labels, 'answers');
    if (!result.ok) {
      for (const fieldIssue of result.issues) {
        const key = fieldIssue.field.replace(/^answers\.?/, '').split('.')[0] ?? '';
        issues.push({
          line: row.line,
          field: fieldIssue.field,
          ...(titles[key] !== undefined ? { column: titles[key] } : {}),
          reason: fieldIssue.reason,
        });
      }
    }
    if (issues.length > before || !result.ok) continue;

    const occasion = occasionOf(form, row.date);
    const dayKey = `${row.schoolId}\u0000${occasion ?? row.date}`;
    let idParts: Record<string, unknown>;
    if (occasion !== undefined) {
      const first = firstLineOf.get(dayKey);
      if (first !== undefined) {
        issue('date', historyText('duplicateRow', locale, { line: first, occasion }));
        continue;
      }
      firstLineOf.set(dayKey, row.line);
      idParts = { districtId, schoolId: row.schoolId, formType: form.id, occasion };
    } else {
      const nth = (eventCount.get(dayKey) ?? 0) + 1;
      eventCount.set(dayKey, nth);
      idParts = { districtId, schoolId: row.schoolId, formType: form.id, date: row.date, nth };
    }
    checked.push({
      row,
      answers: result.value as Record<string, unknown>,
      occasion,
      submissionId: `imp-${hashOf(idParts).slice(0, 32)}`,
    });
  }

  // 2. Against what is stored: online submissions for the same occasions, earlier imports.
  const lineOf = new Map(checked.map((item) => [item.submissionId, item.row.line]));
  if (form.cadence !== 'event') {
    const bySchoolMonth = new Map<string, CheckedRow[]>();
    for (const item of checked) {
      const key = `${item.row.schoolId}\u0000${monthOf(item.row.date)}`;
      const list = bySchoolMonth.get(key);
      if (list) list.push(item);
      else bySchoolMonth.set(key, [item]);
    }
    await eachLimited([...bySchoolMonth.values()], READ_CONCURRENCY, async (items) => {
      const { schoolId, date } = items[0]!.row;
      const stored = await readSchoolMonthOfForm(districtId, schoolId, monthOf(date), form.id);
      const online = new Map<string, string>();
      for (const submission of stored) {
        if (submission.supersededBy === undefined && submission.importedAt === undefined)
          online.set(deadlineOf(form.cadence, submission.date), submission.submissionId);
      }
      for (const item of items) {
        const submissionId = online.get(item.occasion!);
        if (submissionId)
          issues.push({
            line: item.row.line,
            field: 'date',
            ...(titles.date !== undefined ? { column: titles.date } : {}),
            reason: historyText('liveSubmission', locale, { occasion: item.occasion!, submissionId }),
          });
      }
    });
  }

  // The record each row becomes (its hash tells an identical re-import from a changed one).
  const recordOf = (item: CheckedRow, history: readonly Record<string, unknown>[]): SubmissionToStore => {
    const { schoolId, date } = item.row;
    const qualityFlags = qualityFlagsFor(form.id, item.answers, history);
    const base = {
      districtId,
      schoolId,
      submissionId: item.submissionId,
      formType: form.id,
      formVersion: form.version,
      date,
      month: monthOf(date),
      answers: item.answers,
      ...(qualityFlags.length > 0 ? { qualityFlags } : {}),
      submittedBy: HISTORY_IMPORT_ACTOR,
      receivedAt: now.toISOString(),
      bodyHash: hashOf({ schoolId, formType: form.id, formVersion: form.version, date, answers: item.answers }),
      hazardIds: [] as string[],
      importedAt: now.toISOString(),
      importedFrom: options.file,
    };
    return { ...base, responseBody: JSON.stringify({ submission: submissionView(base), hazards: [] }) };
  };

  // Quality flags: an energy reading against the school's earlier readings in the file (a year back, latest first).
  const bySchool = new Map<string, CheckedRow[]>();
  for (const item of checked) {
    const list = bySchool.get(item.row.schoolId);
    if (list) list.push(item);
    else bySchool.set(item.row.schoolId, [item]);
  }
  const records: SubmissionToStore[] = [];
  for (const items of bySchool.values()) {
    const sorted = [...items].sort((a, b) => (a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : 0));
    sorted.forEach((item, index) => {
      const yearBack = addDays(`${monthOf(item.row.date)}-01`, -366);
      const history = needsHistory(form.id)
        ? sorted
            .slice(0, index)
            .filter((earlier) => earlier.row.date >= yearBack && monthOf(earlier.row.date) < monthOf(item.row.date))
            .reverse()
            .map((earlier) => earlier.answers)
        : [];
      records.push(recordOf(item, history));
    });
  }

  const existing = await readSubmissionHashes(districtId, records);
  const toWrite: SubmissionToStore[] = [];
  let unchanged = 0;
  for (const record of records) {
    const hash = existing.get(record.submissionId);
    if (hash === undefined) toWrite.push(record);
    else if (hash === record.bodyHash) unchanged += 1;
    else
      issues.push({
        line: lineOf.get(record.submissionId)!,
        field: '(row)',
        reason: historyText('importedDifferently', locale),
      });
  }
  if (issues.length > 0) throw invalid(issues);

  await putSubmissions(toWrite, now);
  return {
    districtId,
    formType: form.id,
    rows: parsed.rows.length,
    imported: toWrite.length,
    unchanged,
    flagged: records.filter((record) => (record.qualityFlags?.length ?? 0) > 0).length,
  };
}
