import { actorName, type ReaderNames } from '../directory/actor-names';
import { DEFAULT_LOCALE } from '../i18n';
import { unknownPhotoView, type PhotoView } from '../photos/views';
import { hazardView, type HazardSource } from '../submissions/views';

/*
 * What leaves the system about a hazard in the hazard routes: the submission view's whitelist
 * (shared/submissions/views.ts), plus its history and whether it is overdue. Overdue is computed
 * here, against the district's today, so a list is right even between two overdue sweeps.
 */

/** One stored step of a hazard's life, as read from the table. */
export interface HazardHistorySource {
  action: string;
  status: string;
  at: string;
  by: string;
  note?: string;
  photoIds?: string[];
}

/** A stored hazard, as read from the table. */
export interface HazardDetailSource extends HazardSource {
  overdueAt?: string;
  history: HazardHistorySource[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function epochDay(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/**
 * Whole days a hazard is past its due date on `today` (district-local YYYY-MM-DD): 0 unless it is
 * still open and its due date is before today. The due date itself is the last day to rectify.
 */
export function daysOverdue(hazard: { status: string; dueDate: string }, today: string): number {
  if (hazard.status !== 'open' || !(hazard.dueDate < today)) return 0;
  return Math.max(0, Math.round(epochDay(today) - epochDay(hazard.dueDate)));
}

/** No names at hand: every school unnamed, every token unlabelled (tests, and views built before a read). */
const NO_NAMES: ReaderNames = { locale: DEFAULT_LOCALE, schools: new Map(), actors: new Map() };

/**
 * One step of the history: who did what, when, with which note and photos. Who is the label of
 * the token they used (e.g. 后勤办 王科长), or the system for the sweep: never the token id,
 * which stays in the stored item for the admin's audit.
 */
export function hazardHistoryEntryView(entry: HazardHistorySource, names: ReaderNames = NO_NAMES) {
  return {
    action: entry.action,
    status: entry.status,
    at: entry.at,
    by: actorName(entry.by, names),
    note: entry.note ?? null,
    photoIds: entry.photoIds ? [...entry.photoIds] : [],
  };
}

/** Every photo a hazard's history names (its rectification photos), once each, in the order first named. */
export function hazardPhotoIds(hazard: Pick<HazardDetailSource, 'history'>): string[] {
  return [...new Set(hazard.history.flatMap((entry) => entry.photoIds ?? []))];
}

/** The ids a page of hazards names (their schools, who acted in their histories), for readerNames. */
export function hazardNameIds(hazards: readonly Pick<HazardDetailSource, 'schoolId' | 'history'>[]): {
  schoolIds: string[];
  tokenIds: string[];
} {
  return {
    schoolIds: hazards.map((hazard) => hazard.schoolId),
    tokenIds: hazards.flatMap((hazard) => hazard.history.map((entry) => entry.by)),
  };
}

/**
 * A hazard in full, as the hazard routes return it: the fields of `hazardView`, then `overdue`
 * and `daysOverdue` (computed against `today`, district time), `overdueAt` (when the sweep last
 * found it overdue in its current open spell), its history, oldest first, and its rectification
 * photos (`hazardPhotoIds`) with their status from `photos` (shared/photos/records.ts
 * photoViewsById); a photo named but not found there is shown as missing. `schoolName` and who
 * acted in the history come from `names` (shared/directory/names.ts readerNames).
 */
export function hazardDetailView(
  hazard: HazardDetailSource,
  today: string,
  photos: ReadonlyMap<string, PhotoView> = new Map(),
  names: ReaderNames = NO_NAMES,
) {
  const days = daysOverdue(hazard, today);
  return {
    ...hazardView(hazard),
    schoolName: names.schools.get(hazard.schoolId) ?? null,
    overdue: days > 0,
    daysOverdue: days,
    overdueAt: hazard.overdueAt ?? null,
    history: hazard.history.map((entry) => hazardHistoryEntryView(entry, names)),
    photos: hazardPhotoIds(hazard).map((photoId) => photos.get(photoId) ?? unknownPhotoView(photoId)),
  };
}

export type HazardDetailView = ReturnType<typeof hazardDetailView>;
