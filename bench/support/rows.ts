import type { BenchRow, Budget } from '../types';
import { ratioOf } from './stats';

/** A row with its ratio worked out and its budget checked (ratio budgets against the ratio, value budgets against the value). */
export function row(input: Omit<BenchRow, 'ratio' | 'pass'>): BenchRow {
  const ratio = input.baseline === undefined ? undefined : ratioOf(input.value, input.baseline);
  const result: BenchRow = { ...input, ...(ratio === undefined ? {} : { ratio }) };
  if (input.budget) result.pass = holds(input.budget, input.value, ratio);
  return result;
}

function holds(budget: Budget, value: number, ratio: number | undefined): boolean {
  if (budget.kind === 'maxValue') return Number.isFinite(value) && value <= budget.max;
  return ratio !== undefined && ratio <= budget.max;
}
