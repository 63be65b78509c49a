import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import type { PutItemInput } from 'dynamodb-toolbox/entity/actions/put';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { SchoolEntity } from '../db/entities';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, type Locale } from '../i18n';
import { isCalendarDate, localDate } from '../time';
import { requireDistrict } from './districts';
import { say } from './messages';
import type { ParsedRoster, RosterIssue, RosterRow } from './roster';
import { checkFields, directorySchemas, type ValidSchool } from './schemas';
import type { RegisterOptions } from './schools';
import { schoolChanges, withFields, type FieldChange } from './school-changes';
import { queryStoredSchools, type StoredSchool } from './schools';
import { cancellationCodes, chunk } from '../db/writes';

/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const TRANSACTION_LIMIT = 100;

/**
 * The most schools one import takes. A district has 50–300 schools; a file with thousands of rows
 * is more likely a student list picked by mistake than a roster.
 */
export const MAX_ROSTER_ROWS = 5_000;

/** Runs one DynamoDB transaction. Injected by tests to make a chunk fail. */
export type TransactWrite = (
  transactions: (PutTransaction<typeof SchoolEntity> | DeleteTransaction<typeof SchoolEntity>)[],
) => Promise<unknown>;

const transactWriteItems: TransactWrite = (transactions) => execute(...transactions);

/** Options of `importRoster`. */
export interface ImportOptions extends RegisterOptions {
  transactWrite?: TransactWrite;
  /**
   * Update the schools the district already has from the file (and add the new ones), instead
   * of refusing their ids. Schools the file does not name are left as they are.
   */
  update?: boolean;
  /** Registration date of the schools added whose row gives none (YYYY-MM-DD); default today in district time. */
  registeredOn?: string;
}

/** A school an import changed, with the fields that changed. */
export interface ChangedSchool {
  schoolId: string;
  changes: FieldChange[];
}

/** What an import wrote. */
export interface ImportResult {
  districtId: string;
  /** Schools added (as `added.length`; kept for scripts written before --update). */
  imported: number;
  /** Ids of the schools added. */
  schoolIds: string[];
  added: string[];
  /** With --update: the schools changed, each with the fields that changed. */
  changed: ChangedSchool[];
  /** With --update: the schools of the file that were already as the file has them. */
  unchanged: string[];
  /** With --update: the district's current schools the file does not name (left as they are). */
  notInFile: string[];
}

/** Thrown when an import failed part-way and undoing its earlier chunks failed too: names what is left. */
export class RosterCompensationError extends Error {
  constructor(
    readonly leftSchoolIds: string[],
    options: { cause: unknown },
  ) {
    super(
      `Roster import failed and ${leftSchoolIds.length} schools it wrote could not be removed: ${leftSchoolIds.join(', ')}`,
      options,
    );
    this.name = 'RosterCompensationError';
  }
}

interface CheckedRow {
  line: number;
  school: ValidSchool;
}

/** Re-checks rows (they may not come from `parseRoster`) and finds ids repeated among them. */
function checkRows(rows: readonly RosterRow[], locale: Locale): { checked: CheckedRow[]; issues: RosterIssue[] } {
  const checked: CheckedRow[] = [];
  const issues: RosterIssue[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, ...fields } of rows) {
    const result = checkFields(directorySchemas(locale).rosterSchool, fields, locale);
    if (!result.ok) {
      issues.push(...result.issues.map((issue) => ({ line, field: issue.field, reason: issue.reason })));
      continue;
    }
    const firstLine = firstLineOf.get(result.value.schoolId);
    if (firstLine !== undefined) {
      issues.push({
        line,
        field: 'schoolId',
        reason: say('duplicateInFile', locale, { id: result.value.schoolId, line: firstLine }),
      });
      continue;
    }
    firstLineOf.set(result.value.schoolId, line);
    checked.push({ line, school: result.value });
  }
  return { checked, issues };
}

const byLine = (a: RosterIssue, b: RosterIssue) => a.line - b.line;

/** What a chunk wrote, and how to take it back: delete an added school, put a changed one back as it was. */
interface Written {
  districtId: string;
  schoolId: string;
  previous?: StoredSchool;
}

/** Takes back what earlier chunks of a failed import wrote, in transactions of at most 100. */
async function undo(written: Written[], transactWrite: TransactWrite, cause: unknown): Promise<void> {
  const remaining = [...written];
  try {
    for (const group of chunk(written, TRANSACTION_LIMIT)) {
      await transactWrite(
        group.map(({ districtId, schoolId, previous }) =>
          previous
            ? SchoolEntity.build(PutTransaction).item(previous)
            : SchoolEntity.build(DeleteTransaction).key({ districtId, schoolId }),
        ),
      );
      remaining.splice(0, group.length);
    }
  } catch {
    throw new RosterCompensationError(
      remaining.map((key) => key.schoolId),
      { cause },
    );
  }
}

/** One write of an import: a new school, or a school changed from how it was stored. */
interface Planned {
  line: number;
  schoolId: string;
  item: PutItemInput<typeof SchoolEntity>;
  previous?: StoredSchool;
  changes?: FieldChange[];
}

/**
 * Registers a roster's schools in an existing district, all or nothing. If any row is bad (the
 * parse errors of a `ParsedRoster` count), repeats another, or names a school the district already
 * has (without `update`), nothing is written and VALIDATION_FAILED lists every problem by line.
 * With `update`, a school the district has is updated from its row instead (an archived one is
 * refused), and the result says what was added, what changed (field by field) and what was
 * already so. Otherwise the schools are written in transactions of at most 100, each new one
 * conditional on the id being new and each changed one on the school being as it was read;
 * should a later transaction fail, what the earlier ones wrote is taken back (added schools
 * deleted, changed ones put back) before the error is rethrown.
 */
export async function importRoster(
  districtId: string,
  roster: ParsedRoster | readonly RosterRow[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const transactWrite = options.transactWrite ?? transactWriteItems;
  if (options.registeredOn !== undefined && !isCalendarDate(options.registeredOn)) {
    throw new AppError('VALIDATION_FAILED', [{ line: 0, field: 'registeredOn', reason: say('date', locale) }]);
  }
  const district = await requireDistrict(districtId, locale);
  const { rows, errors } = 'rows' in roster ? roster : { rows: roster, errors: [] };

  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError('VALIDATION_FAILED', [
      { line: 0, field: '(file)', reason: say('tooManyRows', locale, { max: MAX_ROSTER_ROWS }) },
    ]);
  }
  const { checked, issues } = checkRows(rows, locale);
  issues.push(...errors);
  const stored = await queryStoredSchools(district.districtId);
  const existing = new Map(stored.map((school) => [school.schoolId, school]));
  const registeredOn = options.registeredOn ?? localDate(district.timezone, options.now);
  const planned: Planned[] = [];
  const unchanged: string[] = [];
  for (const { line, school } of checked) {
    const previous = existing.get(school.schoolId);
    if (!previous) {
      planned.push({
        line,
        schoolId: school.schoolId,
        item: { ...school, districtId: district.districtId, registeredOn: school.registeredOn ?? registeredOn },
      });
      continue;
    }
    if (!options.update) {
      issues.push({ line, field: 'schoolId', reason: say('schoolExistsUpdate', locale, { id: school.schoolId }) });
      continue;
    }
    if (previous.archivedOn) {
      issues.push({
        line,
        field: 'schoolId',
        reason: say('schoolArchived', locale, { id: school.schoolId, date: previous.archivedOn }),
      });
      continue;
    }
    const changes = schoolChanges(previous, school);
    if (changes.length === 0) {
      unchanged.push(school.schoolId);
      continue;
    }
    const item = { ...withFields(previous, school), updatedAt: (options.now ?? new Date()).toISOString() };
    planned.push({ line, schoolId: school.schoolId, item, previous, changes });
  }
  if (issues.length === 0 && checked.length === 0)
    issues.push({ line: 0, field: '(file)', reason: say('emptyRoster', locale) });
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.sort(byLine));

  const written: Written[] = [];
  for (const group of chunk(planned, TRANSACTION_LIMIT)) {
    try {
      await transactWrite(
        group.map(({ item, previous }) =>
          SchoolEntity.build(PutTransaction)
            .item(item)
            .options({
              condition: previous ? { attr: 'updatedAt', eq: previous.updatedAt } : { attr: 'schoolId', exists: false },
            }),
        ),
      );
    } catch (error) {
      await undo(written, transactWrite, error);
      const codes = cancellationCodes(error);
      if (!codes?.includes('ConditionalCheckFailed')) throw error;
      // Someone registered or changed one of these schools since we looked: report it by line.
      const raced = group.filter((_, index) => codes[index] === 'ConditionalCheckFailed');
      throw new AppError(
        'VALIDATION_FAILED',
        raced.map(({ line, schoolId, previous }) => ({
          line,
          field: 'schoolId',
          reason: say(previous ? 'schoolChangedMeanwhile' : 'schoolExists', locale, { id: schoolId }),
        })),
      );
    }
    written.push(
      ...group.map(({ item, previous }) => ({
        districtId: item.districtId,
        schoolId: item.schoolId,
        ...(previous ? { previous } : {}),
      })),
    );
  }
  const added = planned.filter((entry) => !entry.previous).map((entry) => entry.schoolId);
  const named = new Set(checked.map((row) => row.school.schoolId));
  return {
    districtId: district.districtId,
    imported: added.length,
    schoolIds: added,
    added,
    changed: planned.flatMap((entry) =>
      entry.previous ? [{ schoolId: entry.schoolId, changes: entry.changes ?? [] }] : [],
    ),
    unchanged,
    notInFile: options.update
      ? stored.filter((school) => !school.archivedOn && !named.has(school.schoolId)).map((school) => school.schoolId)
      : [],
  };
}
