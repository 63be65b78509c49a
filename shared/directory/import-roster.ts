import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { SchoolEntity } from '../db/entities';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, type Locale } from '../i18n';
import { localDate } from '../time';
import { requireDistrict } from './districts';
import { say } from './messages';
import type { ParsedRoster, RosterIssue, RosterRow } from './roster';
import { checkFields, directorySchemas, type ValidSchool } from './schemas';
import { querySchools, type RegisterOptions } from './schools';
import { cancellationCodes, chunk } from '../db/writes';

/** DynamoDB's limit on the items of one TransactWriteItems call. */
export const TRANSACTION_LIMIT = 100;

/**
 * The most schools one import takes. A district has 50–300 schools; a file with thousands of rows
 * is more likely a student list picked by mistake than a roster.
 */
export const MAX_ROSTER_ROWS = 5_000;

/** Runs one DynamoDB transaction. Injected by tests to make a chunk fail. */
export type TransactWrite = (transactions: (PutTransaction<typeof SchoolEntity> | DeleteTransaction<typeof SchoolEntity>)[]) => Promise<unknown>;

const transactWriteItems: TransactWrite = (transactions) => execute(...transactions);

/** Options of `importRoster`. */
export interface ImportOptions extends RegisterOptions {
  transactWrite?: TransactWrite;
}

/** What an import wrote. */
export interface ImportResult {
  districtId: string;
  imported: number;
  schoolIds: string[];
}

/** Thrown when an import failed part-way and undoing its earlier chunks failed too: names what is left. */
export class RosterCompensationError extends Error {
  constructor(
    readonly leftSchoolIds: string[],
    options: { cause: unknown },
  ) {
    super(`Roster import failed and ${leftSchoolIds.length} schools it wrote could not be removed: ${leftSchoolIds.join(', ')}`, options);
    this.name = 'RosterCompensationError';
  }
}

interface CheckedRow {
  line: number;
  school: Omit<ValidSchool, 'registeredOn'>;
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
      issues.push({ line, field: 'schoolId', reason: say('duplicateInFile', locale, { id: result.value.schoolId, line: firstLine }) });
      continue;
    }
    firstLineOf.set(result.value.schoolId, line);
    checked.push({ line, school: result.value });
  }
  return { checked, issues };
}

const byLine = (a: RosterIssue, b: RosterIssue) => a.line - b.line;

/** Deletes what earlier chunks of a failed import wrote, in transactions of at most 100. */
async function undo(written: { districtId: string; schoolId: string }[], transactWrite: TransactWrite, cause: unknown): Promise<void> {
  const remaining = [...written];
  try {
    for (const group of chunk(written, TRANSACTION_LIMIT)) {
      await transactWrite(group.map((key) => SchoolEntity.build(DeleteTransaction).key(key)));
      remaining.splice(0, group.length);
    }
  } catch {
    throw new RosterCompensationError(
      remaining.map((key) => key.schoolId),
      { cause },
    );
  }
}

/**
 * Registers a roster's schools in an existing district, all or nothing. If any row is bad (the
 * parse errors of a `ParsedRoster` count), repeats another, or names a school the district already
 * has, nothing is written and VALIDATION_FAILED lists every problem by line. Otherwise the schools
 * are written in transactions of at most 100, each put conditional on the id being new; should a
 * later transaction fail, the earlier ones are deleted again before the error is rethrown (a
 * school added concurrently becomes a line issue like any other existing id).
 */
export async function importRoster(districtId: string, roster: ParsedRoster | readonly RosterRow[], options: ImportOptions = {}): Promise<ImportResult> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const transactWrite = options.transactWrite ?? transactWriteItems;
  const district = await requireDistrict(districtId, locale);
  const { rows, errors } = 'rows' in roster ? roster : { rows: roster, errors: [] };

  if (rows.length > MAX_ROSTER_ROWS) {
    throw new AppError('VALIDATION_FAILED', [{ line: 0, field: '(file)', reason: say('tooManyRows', locale, { max: MAX_ROSTER_ROWS }) }]);
  }
  const { checked, issues } = checkRows(rows, locale);
  issues.push(...errors);
  const existing = new Set((await querySchools(district.districtId)).map((school) => school.schoolId));
  for (const { line, school } of checked) {
    if (existing.has(school.schoolId)) issues.push({ line, field: 'schoolId', reason: say('schoolExists', locale, { id: school.schoolId }) });
  }
  if (issues.length === 0 && checked.length === 0) issues.push({ line: 0, field: '(file)', reason: say('emptyRoster', locale) });
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues.sort(byLine));

  const registeredOn = localDate(district.timezone, options.now);
  const written: { districtId: string; schoolId: string }[] = [];
  for (const group of chunk(checked, TRANSACTION_LIMIT)) {
    const items = group.map(({ school }) => ({ ...school, districtId: district.districtId, registeredOn }));
    try {
      await transactWrite(items.map((item) => SchoolEntity.build(PutTransaction).item(item).options({ condition: { attr: 'schoolId', exists: false } })));
    } catch (error) {
      await undo(written, transactWrite, error);
      const codes = cancellationCodes(error);
      if (!codes?.includes('ConditionalCheckFailed')) throw error;
      // Someone registered one of these schools since we looked: report it like any existing id.
      const taken = group.filter((_, index) => codes[index] === 'ConditionalCheckFailed');
      throw new AppError(
        'VALIDATION_FAILED',
        taken.map(({ line, school }) => ({ line, field: 'schoolId', reason: say('schoolExists', locale, { id: school.schoolId }) })),
      );
    }
    written.push(...items.map(({ districtId: id, schoolId }) => ({ districtId: id, schoolId })));
  }
  return { districtId: district.districtId, imported: written.length, schoolIds: written.map((key) => key.schoolId) };
}
