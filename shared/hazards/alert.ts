import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { SchoolEntity } from '../db/entities';
import { getDistrict } from '../directory/districts';
import { deliverOnce, type DeliveryOutcome } from '../email/alert-log';
import { criticalAlertMessage } from '../email/critical-alert';
import { deliverMail, mailOfficials, type SendMail } from '../email/send';
import type { HazardRaisedDetail } from '../events/domain-events';
import { logger } from '../logger';
import { takeAlertBudget, type HoldReason } from './alert-budget';

/**
 * The link to a hazard's photo for the alert, or undefined. The alert goes out within seconds of
 * the submission that raised the hazard, before its photos are uploaded (they follow by presigned
 * POST), so the default resolver has none to offer; the monthly report's mail links the photos
 * (signed links, shared/photos/links.ts). criticalAlertMessage shows a link when one is given.
 */
export type HazardPhotoLink = (
  hazard: Pick<HazardRaisedDetail, 'districtId' | 'schoolId' | 'submissionId' | 'hazardId'>,
) => Promise<string | undefined>;

/** The default: the alert precedes its photos (see above). */
export const hazardPhotoLink: HazardPhotoLink = async () => undefined;

export interface AlertOfficialsOptions {
  /** The verified SES identity mail is sent from (SENDER_ADDRESS). */
  senderAddress: string;
  sendMail?: SendMail;
  photoLink?: HazardPhotoLink;
  now?: () => Date;
  /** How long one send attempt may hold the alert (longer than the function's timeout). @default 2 minutes */
  leaseMs?: number;
}

export type AlertOutcome =
  | DeliveryOutcome
  | { status: 'not-critical' }
  | { status: 'no-recipients' }
  /** Past the hour's alert budget: the alert waits for the hour's digest (alert-budget.ts). */
  | { status: 'held'; reason: HoldReason; windowStart: string };

/** The school's name, or its id if the school is not (or no longer) registered. */
async function schoolName(districtId: string, schoolId: string): Promise<string> {
  const { Item } = await SchoolEntity.build(GetItemCommand).key({ districtId, schoolId }).send();
  return Item?.name ?? schoolId;
}

/**
 * E-mails the district's officials about a critical hazard at once, in the district's locale:
 * school, place, what, found on, due date, and a photo link when there is one. Sent once per
 * hazard however often the event is delivered (the alert's outbox item in alert-log.ts). A
 * district that is not registered is an error (the event is retried, then dead-lettered); a
 * district with no officials' addresses is logged and skipped. Past the hour's alert budget of
 * the school or the district (alert-budget.ts) the alert is held, logged, and mailed in the
 * hour's digest instead (alert-digest.ts).
 */
export async function alertOfficials(
  hazard: HazardRaisedDetail,
  options: AlertOfficialsOptions,
): Promise<AlertOutcome> {
  if (hazard.severity !== 'critical') return { status: 'not-critical' };
  const district = await getDistrict(hazard.districtId);
  if (!district) throw new Error(`District ${hazard.districtId} of hazard ${hazard.hazardId} is not registered`);
  if (district.officialEmails.length === 0) {
    logger.warn('A critical hazard was raised in a district without officials to alert', {
      districtId: hazard.districtId,
      hazardId: hazard.hazardId,
    });
    return { status: 'no-recipients' };
  }
  const now = (options.now ?? (() => new Date()))();
  const decision = await takeAlertBudget(hazard, district.alertBudget, now);
  if (decision.status === 'held') {
    logger.warn('A critical hazard alert was held past the hour alert budget, for the digest', {
      districtId: hazard.districtId,
      schoolId: hazard.schoolId,
      hazardId: hazard.hazardId,
      reason: decision.reason,
      windowStart: decision.windowStart,
      budget: district.alertBudget,
    });
    return decision;
  }
  const sendMail = options.sendMail ?? deliverMail;
  const photoLink = options.photoLink ?? hazardPhotoLink;

  return deliverOnce(
    { districtId: hazard.districtId, alertId: hazard.hazardId, kind: 'critical-hazard', hazardIds: [hazard.hazardId] },
    async () => {
      const [name, photoUrl] = await Promise.all([schoolName(hazard.districtId, hazard.schoolId), photoLink(hazard)]);
      const content = criticalAlertMessage(
        { districtName: district.name, schoolName: name, hazard, ...(photoUrl ? { photoUrl } : {}) },
        district.locale,
      );
      return mailOfficials(
        sendMail,
        options.senderAddress,
        district,
        `critical-hazard ${hazard.districtId}/${hazard.hazardId}`,
        content,
      );
    },
    { leaseMs: options.leaseMs ?? 120_000, ...(options.now ? { now: options.now } : {}) },
  );
}
