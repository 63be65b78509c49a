import { monthWarnings } from '../calendar/coverage';
import { compareText } from './comparison';
import { groupBy } from './figures';
import type { ReportInput } from './input';
import { daysLate } from './lateness';
import type { MonthSubmissions } from './month-submissions';
import { instantWithin } from '../time';
import { refOf, type Context } from './rollup-context';
import { DATA_QUALITY_NOTE_KINDS, type DataQualityNote, type PhotosDataQualitySection } from './types';

/* The photos and data-quality section: what was archived, and every note on what the figures leave out or doubt. */

export function photosDataQualitySection(ctx: Context): PhotosDataQualitySection {
  const { span } = ctx;
  const photos = [...ctx.input.photos].sort(
    (a, b) => compareText(a.schoolId, b.schoolId) || compareText(a.photoId, b.photoId),
  );
  const archived = photos.filter(
    (photo) => photo.status === 'verified' && photo.verifiedAt !== undefined && instantWithin(photo.verifiedAt, span),
  );
  const archivedBySchool = groupBy(archived, (photo) => photo.schoolId);

  const notes: DataQualityNote[] = [];
  // A term in a year without national holidays counted them as school days.
  const calendarEn = monthWarnings(ctx.input.month, ctx.input.district.calendar, 'en');
  monthWarnings(ctx.input.month, ctx.input.district.calendar, 'zh-CN').forEach((warning, index) => {
    notes.push({
      kind: 'national-calendar',
      year: warning.year,
      term: { ...warning.term },
      message: { zh: warning.message, en: calendarEn[index]!.message },
    });
  });
  let flagged = 0;
  for (const s of ctx.month.current) {
    const flags = s.qualityFlags ?? [];
    if (flags.length > 0) flagged += 1;
    for (const flag of flags) {
      notes.push({
        kind: 'quality-flag',
        ...refOf(ctx, s.schoolId),
        formType: s.formType,
        submissionId: s.submissionId,
        date: s.date,
        code: flag.code,
        field: flag.field ?? null,
        message: { zh: flag.message.zh, en: flag.message.en },
        details: flag.details ? { ...flag.details } : {},
      });
    }
  }
  let late = 0;
  for (const group of groupBy(ctx.month.current, (s) => `${s.schoolId}\u0000${s.formType}`).values()) {
    const days = group.map((s) => daysLate(s, ctx.input.district.timezone)).filter((d) => d > 0);
    if (days.length === 0) continue;
    late += days.length;
    notes.push({
      kind: 'late-submissions',
      ...refOf(ctx, group[0]!.schoolId),
      formType: group[0]!.formType,
      count: days.length,
      maxDaysLate: Math.max(...days),
    });
  }
  for (const { counted, count } of ctx.month.repeats) {
    notes.push({
      kind: 'duplicate-statement',
      ...refOf(ctx, counted.schoolId),
      formType: counted.formType,
      count,
      countedSubmissionId: counted.submissionId,
    });
  }
  const outside = (period: 'month' | 'previousYear', month: MonthSubmissions) => {
    for (const [schoolId, { reason, archivedOn, count, formTypes }] of month.outsideRoster) {
      notes.push({
        kind: 'outside-roster',
        schoolId,
        name: ctx.names.get(schoolId) ?? null,
        reason,
        archivedOn,
        period,
        formTypes: [...formTypes].sort(compareText),
        count,
      });
    }
  };
  outside('month', ctx.month);
  outside('previousYear', ctx.previous);
  for (const photo of archived) {
    if (photo.duplicateOf)
      notes.push({
        kind: 'photo-reused',
        ...refOf(ctx, photo.schoolId),
        photoId: photo.photoId,
        duplicateOf: photo.duplicateOf,
      });
  }
  for (const photo of photos) {
    if (photo.status === 'quarantined')
      notes.push({
        kind: 'photo-quarantined',
        ...refOf(ctx, photo.schoolId),
        photoId: photo.photoId,
        reason: photo.quarantineReason ?? null,
      });
  }

  const heldBySchool = new Map<string, NonNullable<ReportInput['heldAlerts']>[number][]>();
  for (const held of ctx.input.heldAlerts ?? []) {
    if (!instantWithin(held.windowStart, ctx.span)) continue;
    heldBySchool.set(held.schoolId, [...(heldBySchool.get(held.schoolId) ?? []), held]);
  }
  for (const [schoolId, held] of heldBySchool) {
    notes.push({
      kind: 'alerts-held',
      ...refOf(ctx, schoolId),
      count: held.length,
      hours: new Set(held.map((alert) => alert.windowStart)).size,
      byDistrictBudget: held.filter((alert) => alert.reason === 'district-budget').length,
    });
  }
  const heldAlerts = [...heldBySchool.values()].reduce((sum, held) => sum + held.length, 0);

  return {
    photos: {
      archived: archived.length,
      reused: archived.filter((photo) => photo.duplicateOf !== undefined).length,
      pending: photos.filter((photo) => photo.status === 'requested').length,
      quarantined: photos.filter((photo) => photo.status === 'quarantined').length,
      bySchool: [...archivedBySchool]
        .map(([schoolId, list]) => ({ ...refOf(ctx, schoolId), archived: list.length }))
        .sort((a, b) => b.archived - a.archived || compareText(a.schoolId, b.schoolId)),
    },
    dataQuality: { lateSubmissions: late, flaggedSubmissions: flagged, heldAlerts, notes: notes.sort(compareNotes) },
  };
}

const NOTE_RANK = new Map<string, number>(DATA_QUALITY_NOTE_KINDS.map((kind, index) => [kind, index]));

function noteKey(note: DataQualityNote): string[] {
  switch (note.kind) {
    case 'national-calendar':
      return [note.term.start, String(note.year)];
    case 'quality-flag':
      return [note.schoolId, note.formType, note.date, note.submissionId, note.code, note.field ?? ''];
    case 'late-submissions':
    case 'duplicate-statement':
      return [note.schoolId, note.formType];
    case 'outside-roster':
      return [note.period === 'month' ? '0' : '1', note.schoolId];
    case 'photo-reused':
    case 'photo-quarantined':
      return [note.schoolId, note.photoId];
    case 'alerts-held':
      return [note.schoolId];
  }
}

function compareNotes(a: DataQualityNote, b: DataQualityNote): number {
  const byKind = (NOTE_RANK.get(a.kind) ?? 0) - (NOTE_RANK.get(b.kind) ?? 0);
  if (byKind !== 0) return byKind;
  const [ka, kb] = [noteKey(a), noteKey(b)];
  for (let i = 0; i < Math.max(ka.length, kb.length); i += 1) {
    const order = compareText(ka[i] ?? '', kb[i] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}
