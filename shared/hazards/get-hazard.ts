import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Principal } from '../auth/principal';
import { HazardEntity } from '../db/entities';
import { readerNames } from '../directory/names';
import { AppError } from '../errors';
import { MAX_ID_CHARS } from '../http/limits';
import type { Locale } from '../i18n';
import { photoViewsById } from '../photos/views';
import { districtToday } from './lifecycle';
import { hazardDetailView, hazardNameIds, hazardPhotoIds, type HazardDetailView } from './views';

type Reader = Extract<Principal, { role: 'school' | 'official' }>;

/**
 * GET /v1/hazards/{id} (functions/get-hazard): one hazard as the list shows it (history, overdue,
 * rectification photos, names), to its school or its district's officials; anything else is
 * NOT_FOUND, never a different answer for "exists but not yours". The console's hazard page.
 */
export async function getHazard(
  principal: Reader,
  hazardId: string | undefined,
  locale: Locale,
  now: Date = new Date(),
): Promise<{ hazard: HazardDetailView }> {
  if (!hazardId || hazardId.length > MAX_ID_CHARS) throw new AppError('NOT_FOUND');
  const { Item } = await HazardEntity.build(GetItemCommand).key({ districtId: principal.districtId, hazardId }).send();
  if (!Item || (principal.role === 'school' && Item.schoolId !== principal.schoolId)) throw new AppError('NOT_FOUND');
  const [today, photos, names] = await Promise.all([
    districtToday(principal.districtId, now),
    photoViewsById(principal.districtId, hazardPhotoIds(Item), now),
    readerNames(principal.districtId, hazardNameIds([Item]), locale),
  ]);
  return { hazard: hazardDetailView(Item, today, photos, names) };
}
