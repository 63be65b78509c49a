import { yesNo, normaliseHeader } from '../directory/roster';
import { FORMS, findForm } from '../forms/catalogue';
import type { FieldSpec, FormDefinition } from '../forms/types';
import type { Text } from '../i18n';

/*
 * The columns of a history file (past records of one form type, shared/history): school id,
 * date, then each answer field of the form. The template names them by their zh-CN label with
 * the unit in brackets; a file may name them by either label or by the field id. What kind of
 * value a field takes is read from the form's own answers schema, so the file is checked by the
 * same rules as a submission and nothing here repeats them.
 */

/** The earliest date a past record may have. */
export const HISTORY_EARLIEST_DATE = '2020-01-01';
/** The most rows one file may have. */
export const MAX_HISTORY_ROWS = 50_000;

/** What kind of cell a field takes, read from its schema. */
export type FieldKind = 'number' | 'boolean' | 'option' | 'text';

/** One column of a history file. */
export interface HistoryColumn {
  /** 'schoolId', 'date', or the answer field's id. */
  key: string;
  kind: FieldKind | 'schoolId' | 'date';
  label: Text;
  unit?: Text;
  /** A field with a fixed set of values: each value's id and how it reads. */
  options?: { id: string; label: Text }[];
  /** Whether a row may leave it blank. */
  optional: boolean;
}

export const SCHOOL_ID_COLUMN: HistoryColumn = {
  key: 'schoolId',
  kind: 'schoolId',
  label: { zh: '学校编号', en: 'School id' },
  optional: false,
};
export const DATE_COLUMN: HistoryColumn = {
  key: 'date',
  kind: 'date',
  label: { zh: '日期', en: 'Date' },
  optional: false,
};

/** Other names the two fixed columns go by (normalised as `normaliseHeader` does). */
const FIXED_ALIASES: Record<string, readonly string[]> = {
  schoolId: ['schoolid', 'id', '学校编号', '编号', '学校代码', '学校标识码'],
  date: ['date', '日期', '填报日期', '检查日期', '记录日期'],
};

interface SchemaDef {
  type: string;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
}

/** The kind of value a form field's schema takes, and whether it may be absent. */
function kindOfSchema(schema: { _zod: { def: SchemaDef } }): { kind: FieldKind; optional: boolean } {
  let def = schema._zod.def;
  let optional = false;
  for (;;) {
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault') && def.innerType) {
      optional = true;
      def = def.innerType._zod.def;
    } else if (def.type === 'pipe' && def.in) def = def.in._zod.def;
    else break;
  }
  const kind: FieldKind =
    def.type === 'number' ? 'number' : def.type === 'boolean' ? 'boolean' : def.type === 'enum' ? 'option' : 'text';
  return { kind, optional };
}

/** The columns of a form's history file, in the template's order. */
export function historyColumns(form: FormDefinition): HistoryColumn[] {
  const shape = (form.answers as unknown as { _zod: { def: { shape: Record<string, { _zod: { def: SchemaDef } }> } } })
    ._zod.def.shape;
  const fields = form.fields as Record<string, FieldSpec>;
  const columns = Object.entries(shape).map(([key, schema]): HistoryColumn => {
    const spec = fields[key];
    const { kind, optional } = kindOfSchema(schema);
    return {
      key,
      kind,
      label: spec?.label ?? { zh: key, en: key },
      ...(spec?.unit ? { unit: spec.unit } : {}),
      ...(spec?.options ? { options: Object.entries(spec.options).map(([id, label]) => ({ id, label })) } : {}),
      optional,
    };
  });
  return [SCHOOL_ID_COLUMN, DATE_COLUMN, ...columns];
}

/** A column's header as the template writes it: 当月用电量（千瓦时）. */
export function headerOf(column: HistoryColumn): string {
  return column.unit ? `${column.label.zh}（${column.unit.zh}）` : column.label.zh;
}

/** Every normalised name a column may go by: its labels, its id (and for the fixed ones, their aliases). */
export function namesOf(column: HistoryColumn): string[] {
  return [
    ...new Set([
      normaliseHeader(column.label.zh),
      normaliseHeader(column.label.en),
      normaliseHeader(column.key),
      ...(FIXED_ALIASES[column.key] ?? []),
    ]),
  ];
}

/** The current forms, for telling which one a file is of. */
export function currentForms(): FormDefinition[] {
  return FORMS.filter((form) => !form.retired && findForm(form.id)?.version === form.version);
}

const BOOLEAN_WORDS = { zh: ['是', '否'], en: ['yes', 'no'] };

/** The drop-down choices of a column in the template (zh-CN), or none. */
export function choicesOf(column: HistoryColumn): string[] | undefined {
  if (column.kind === 'boolean') return BOOLEAN_WORDS.zh;
  if (column.kind === 'option') return column.options?.map((option) => option.label.zh);
  return undefined;
}

/** A cell as read from the file: text, a number, or a date (xlsx). */
export type Cell = string | number | boolean | Date | null;

/** A date cell as YYYY-MM-DD (Excel dates are read as UTC midnight); text is trimmed, 2024/3/5 and 2024.3.5 read as 2024-03-05. */
export function toDate(cell: Cell): string | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  if (typeof cell !== 'string') return undefined;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell.normalize('NFKC').trim());
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : cell.trim();
}

/**
 * A cell as the answer the form's schema checks: a number for a number field ("1,200" too), a
 * boolean for 是/否 and the like, an option's id for its id or label in either language, text as
 * it is. What cannot be read is passed on as it was, for the schema to refuse with its reason.
 */
export function toAnswer(column: HistoryColumn, cell: Cell): unknown {
  const text = typeof cell === 'string' ? cell.normalize('NFKC').trim() : cell;
  switch (column.kind) {
    case 'number': {
      if (typeof text === 'number') return text;
      if (typeof text === 'string' && /^[+-]?\d+(\.\d+)?$/.test(text.replace(/[,，]/g, '')))
        return Number(text.replace(/[,，]/g, ''));
      return text;
    }
    case 'boolean':
      if (typeof text === 'boolean') return text;
      return typeof text === 'string' ? yesNo(text) : typeof text === 'number' ? yesNo(String(text)) : text;
    case 'option': {
      if (typeof text !== 'string') return text;
      const wanted = text.toLowerCase();
      const found = column.options?.find(
        (option) =>
          option.id.toLowerCase() === wanted || option.label.zh === text || option.label.en.toLowerCase() === wanted,
      );
      return found?.id ?? text;
    }
    default:
      return text instanceof Date ? text.toISOString().slice(0, 10) : typeof text === 'number' ? String(text) : text;
  }
}
