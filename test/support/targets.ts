import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EntityParser } from 'dynamodb-toolbox/entity/actions/parse';
import { getDocumentClient } from '../../shared/clients';
import { DistrictEntity } from '../../shared/db/entities';
import { HouqinTable } from '../../shared/db/table';

/** Every district target, as `--targets` takes them (the rates as percentages). */
export const ALL_TARGETS_ARGUMENT =
  'electricityKwh=120000,waterM3=9000,electricityReductionPercent=15,waterReductionPercent=10,insuranceRate=98,complianceRate=95';

/** The same targets as the district stores them (the rates as rates). */
export const ALL_TARGETS_STORED = {
  electricityKwh: 120000,
  waterM3: 9000,
  electricityReductionPercent: 15,
  waterReductionPercent: 10,
  insuranceRate: 0.98,
  complianceRate: 0.95,
};

/**
 * Writes a district's stored targets as they are given, straight through the document client
 * (no validation: a test can store keys or values the CLI would refuse, to see what the readers keep).
 */
export async function storeTargetsAsIs(districtId: string, targets: Record<string, unknown>): Promise<void> {
  const { key } = DistrictEntity.build(EntityParser).parse({ districtId }, { mode: 'key' });
  await getDocumentClient().send(
    new UpdateCommand({
      TableName: HouqinTable.getName(),
      Key: key,
      UpdateExpression: 'SET targets = :targets',
      ExpressionAttributeValues: { ':targets': targets },
    }),
  );
}
