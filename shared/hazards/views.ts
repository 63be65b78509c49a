import { unknownPhotoView, type PhotoView } from '../photos/store';
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

/** One step of the history: who (token id, or `system` for the sweep) did what, when, with which note and photos. */
export function hazardHistoryEntryView(entry: HazardHistorySource) {
  return {
    action: entry.action,
    status: entry.status,
    at: entry.at,
    by: entry.by,
    note: entry.note ?? null,
    photoIds: entry.photoIds ? [...entry.photoIds] : [],
  };
}

/** Every photo a hazard's history names (its rectification photos), once each, in the order first named. */
export function hazardPhotoIds(hazard: Pick<HazardDetailSource, 'history'>): string[] {
  return [...new Set(hazard.history.flatMap((entry) => entry.photoIds ?? []))];
}

/**
 * A hazard in full, as the hazard routes return it: the fields of `hazardView`, then `overdue`
 * and `daysOverdue` (computed against `today`, district time), `overdueAt` (when the sweep last
 * found it overdue in its current open spell), its history, oldest first, and its rectification
 * photos (`hazardPhotoIds`) with their status from `photos` (shared/photos/store.ts
 * photoViewsById); a photo named but not found there is shown as missing.
 */
export function hazardDetailView(hazard: HazardDetailSource, today: string, photos: ReadonlyMap<string, PhotoView> = new Map()) {
  const days = daysOverdue(hazard, today);
  return {
    ...hazardView(hazard),
    overdue: days > 0,
    daysOverdue: days,
    overdueAt: hazard.overdueAt ?? null,
    history: hazard.history.map(hazardHistoryEntryView),
    photos: hazardPhotoIds(hazard).map((photoId) => photos.get(photoId) ?? unknownPhotoView(photoId)),
  };
}

export type HazardDetailView = ReturnType<typeof hazardDetailView>;
