import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DistrictEntity } from '../db/entities';
import { AppError } from '../errors';
import { DEFAULT_LOCALE, localize, type Locale } from '../i18n';
import { parseOrThrow } from '../validation';
import { say } from './messages';
import { DIRECTORY_FIELD_LABELS, directorySchemas, type DistrictInput } from './schemas';
import { isConditionalCheckFailed } from './storage';

/** A district as the directory shows it (no keys, no internal attributes). */
export interface District {
  districtId: string;
  name: string;
  timezone: string;
  locale: 'zh-CN' | 'en';
  officialEmails: string[];
  createdAt: string;
}

/** Options every directory call takes: the language its refusals are written in. */
export interface DirectoryOptions {
  locale?: Locale;
}

type StoredDistrict = { districtId: string; name: string; timezone: string; locale: 'zh-CN' | 'en'; officialEmails: string[]; createdAt: string };

function districtView(item: StoredDistrict): District {
  const { districtId, name, timezone, locale, officialEmails, createdAt } = item;
  return { districtId, name, timezone, locale, officialEmails, createdAt };
}

/** A field issue naming the district id, for the directory's refusals. */
export function districtIdIssue(districtId: string, reason: string, locale: Locale) {
  return { field: 'districtId', label: localize(DIRECTORY_FIELD_LABELS.districtId!, locale), value: districtId, reason };
}

/**
 * Registers a district (timezone Asia/Shanghai and locale zh-CN unless given). Refuses an id that
 * is already taken: the put is conditional, so two administrators cannot both create it.
 */
export async function createDistrict(input: DistrictInput, options: DirectoryOptions = {}): Promise<District> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const district = parseOrThrow(directorySchemas(locale).district, input, locale, DIRECTORY_FIELD_LABELS);
  try {
    const { ToolboxItem } = await DistrictEntity.build(PutItemCommand)
      .item(district)
      .options({ condition: { attr: 'districtId', exists: false } })
      .send();
    return districtView(ToolboxItem as StoredDistrict);
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new AppError('VALIDATION_FAILED', [districtIdIssue(district.districtId, say('districtExists', locale, { id: district.districtId }), locale)]);
  }
}

/** The district with this id, or undefined (a consistent read: an administrator just created it). */
export async function getDistrict(districtId: string): Promise<District | undefined> {
  const { Item } = await DistrictEntity.build(GetItemCommand).key({ districtId }).options({ consistent: true }).send();
  return Item ? districtView(Item) : undefined;
}

/** The district with this id; NOT_FOUND naming it when there is none (or the id is not an id). */
export async function requireDistrict(districtId: string, locale: Locale): Promise<District> {
  const valid = directorySchemas(locale).id.safeParse(districtId);
  const district = valid.success ? await getDistrict(valid.data) : undefined;
  if (!district) throw new AppError('NOT_FOUND', [districtIdIssue(districtId, say('districtMissing', locale, { id: districtId }), locale)]);
  return district;
}
