/*
 * Compliance shapes the API returns, in a module that imports nothing: the web console imports
 * them as types (web/src/console/types.ts), and its type check must not reach server code.
 */

/** Expected, submitted and rate as the API shows them. */
export interface TallyView {
  expected: number;
  submitted: number;
  rate: number | null;
}

/** A school with checks due today and not in yet. */
export interface DueToday {
  schoolId: string;
  name: string;
  /** The form types due today and not answered, in catalogue order. */
  formTypes: string[];
}
