import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { randomUUID } from 'node:crypto';
import { HazardEntity } from '../../shared/db/entities';
import { DEFAULT_DUE_DAYS } from '../../shared/directory/district-settings';
import type { HazardCategory, Severity } from '../../shared/forms/types';
import { toNewHazards } from '../../shared/hazards/raise-hazards';

/** A hazard's school, severity, category, current status and due date. */
export type HazardState = [
  schoolId: string,
  severity: Severity,
  category: HazardCategory,
  status: 'open' | 'rectified' | 'verified',
  dueDate: string,
];

/**
 * Stores one hazard of `districtId` as a school's hazard report of `raised.date` raises it (rule
 * `report`, default due days), then with its status and due date written over: straight through
 * the entity, no handler involved.
 */
export async function storeHazard(
  districtId: string,
  raised: { date: string; receivedAt: string },
  ...[schoolId, severity, category, status, dueDate]: HazardState
): Promise<void> {
  const [hazard] = toNewHazards(
    [{ ruleId: 'report', severity, category, title: { zh: '隐患', en: 'Hazard' } }],
    {
      districtId,
      schoolId,
      submissionId: randomUUID(),
      formType: 'hazard-report',
      date: raised.date,
      receivedAt: raised.receivedAt,
      submittedBy: `tok_${schoolId}`,
    },
    DEFAULT_DUE_DAYS,
  );
  await HazardEntity.build(PutItemCommand)
    .item({ ...hazard!, status, dueDate })
    .send();
}
