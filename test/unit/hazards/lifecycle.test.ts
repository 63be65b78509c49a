import { AppError } from '../../../shared/errors';
import {
  applyTransition,
  HAZARD_REQUEST_LABELS,
  HAZARD_STATUSES,
  isTransitionAllowed,
  rectificationRequestSchema,
  transitionOf,
  verificationRequestSchema,
  type HazardCommand,
  type HazardHistoryEntry,
} from '../../../shared/hazards/lifecycle';
import { parseOrThrow } from '../../../shared/validation';

const RAISED: HazardHistoryEntry = {
  action: 'raised',
  status: 'open',
  at: '2026-11-20T01:00:00.000Z',
  by: 'tok_school',
};

function hazardIn(status: string, extra: Record<string, unknown> = {}) {
  return { hazardId: 'hz_1', dueDate: '2026-11-23', status, history: [RAISED], ...extra };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('hazard lifecycle: transition rules', () => {
  // Every from/to pair of statuses: exactly three moves exist.
  const allowed = new Set(['open→rectified', 'rectified→verified', 'rectified→open']);
  const pairs = HAZARD_STATUSES.flatMap((from) => HAZARD_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('from %s to %s is allowed only if it is one of the three moves', (from, to) => {
    expect(isTransitionAllowed(from, to)).toBe(allowed.has(`${from}→${to}`));
  });

  // Every command from every status.
  const expected: Record<HazardCommand, Record<string, string | undefined>> = {
    rectify: { open: 'rectified', rectified: undefined, verified: undefined },
    accept: { open: undefined, rectified: 'verified', verified: undefined },
    reject: { open: undefined, rectified: 'open', verified: undefined },
  };
  const commands = (Object.keys(expected) as HazardCommand[]).flatMap((command) =>
    HAZARD_STATUSES.map((from) => [command, from] as const),
  );

  it.each(commands)('%s from %s goes where the table says, or is refused', (command, from) => {
    expect(transitionOf(command, from)?.to).toBe(expected[command][from]);
  });

  it('refuses any command from a status it does not know', () => {
    expect(transitionOf('rectify', 'archived')).toBeUndefined();
    expect(isTransitionAllowed('archived', 'open')).toBe(false);
  });
});

describe('applyTransition', () => {
  const at = '2026-11-21T02:00:00.000Z';

  it('rectifies an open hazard, appending who, when, note and photos', () => {
    // Prepare
    const hazard = hazardIn('open');
    // Act
    const next = applyTransition(hazard, {
      command: 'rectify',
      at,
      by: 'tok_school',
      note: '已更换',
      photoIds: ['ph_1'],
    });
    // Assess
    expect(next.status).toBe('rectified');
    expect(next.history).toEqual([
      RAISED,
      { action: 'rectified', status: 'rectified', at, by: 'tok_school', note: '已更换', photoIds: ['ph_1'] },
    ]);
    expect(hazard.status).toBe('open');
    expect(hazard.history).toHaveLength(1);
  });

  it('records an acceptance as verified and a rejection as rejected, open again', () => {
    // Prepare
    const hazard = hazardIn('rectified');
    // Act
    const accepted = applyTransition(hazard, { command: 'accept', at, by: 'tok_official' });
    const rejected = applyTransition(hazard, { command: 'reject', at, by: 'tok_official', note: '未整改到位' });
    // Assess
    expect(accepted.status).toBe('verified');
    expect(accepted.history.at(-1)).toEqual({ action: 'verified', status: 'verified', at, by: 'tok_official' });
    expect(rejected.status).toBe('open');
    expect(rejected.history.at(-1)).toEqual({
      action: 'rejected',
      status: 'open',
      at,
      by: 'tok_official',
      note: '未整改到位',
    });
  });

  it('keeps the original due date when a rejection reopens the hazard', () => {
    // Act
    const reopened = applyTransition(hazardIn('rectified'), {
      command: 'reject',
      at,
      by: 'tok_official',
      note: '重做',
    });
    // Assess
    expect(reopened.dueDate).toBe('2026-11-23');
  });

  it('clears the overdue marker on rectification but keeps the overdue entry in the history', () => {
    // Prepare
    const overdueEntry: HazardHistoryEntry = {
      action: 'overdue',
      status: 'open',
      at: '2026-11-24T01:00:00.000Z',
      by: 'system',
    };
    const hazard = hazardIn('open', { overdueAt: overdueEntry.at, history: [RAISED, overdueEntry] });
    // Act
    const next = applyTransition(hazard, { command: 'rectify', at, by: 'tok_school', note: '已整改' });
    // Assess
    expect(next).not.toHaveProperty('overdueAt');
    expect(next.history.map((entry) => entry.action)).toEqual(['raised', 'overdue', 'rectified']);
  });

  it('stores no empty photo list', () => {
    // Act
    const next = applyTransition(hazardIn('open'), {
      command: 'rectify',
      at,
      by: 'tok_school',
      note: 'x',
      photoIds: [],
    });
    // Assess
    expect(next.history.at(-1)).not.toHaveProperty('photoIds');
  });

  it.each([
    ['rectify', 'rectified'],
    ['rectify', 'verified'],
    ['accept', 'open'],
    ['accept', 'verified'],
    ['reject', 'open'],
    ['reject', 'verified'],
  ] as const)('refuses to %s a hazard that is %s with 409 naming the current status', (command, status) => {
    // Act
    const error = refusal(() => applyTransition(hazardIn(status), { command, at, by: 'tok', note: 'x' }));
    // Assess
    expect(error.code).toBe('HAZARD_TRANSITION_NOT_ALLOWED');
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ status });
  });
});

describe('rectification and verification requests', () => {
  const fieldsOf = (run: () => unknown) =>
    (refusal(run).details as { field: string; label?: string; reason: string }[]).map((d) => d.field);

  it('accepts a note with up to twelve photo ids, trimmed', () => {
    // Act
    const request = parseOrThrow(
      rectificationRequestSchema,
      { note: '  已更换插座  ', photoIds: Array.from({ length: 12 }, (_, i) => `ph_${i}`) },
      'zh-CN',
    );
    // Assess
    expect(request.note).toBe('已更换插座');
    expect(request.photoIds).toHaveLength(12);
  });

  it.each([
    ['no note', {}, ['note']],
    ['a blank note', { note: '   ' }, ['note']],
    ['a note over 2000 characters', { note: '字'.repeat(2001) }, ['note']],
    ['thirteen photos', { note: 'x', photoIds: Array.from({ length: 13 }, (_, i) => `ph_${i}`) }, ['photoIds']],
    ['a malformed photo id', { note: 'x', photoIds: ['../etc/passwd'] }, ['photoIds.0']],
    ['a duplicate photo id', { note: 'x', photoIds: ['ph_1', 'ph_1'] }, ['photoIds.1']],
    ['an unknown key', { note: 'x', status: 'verified' }, ['status']],
  ])('refuses a rectification with %s, naming the field', (_case, body, fields) => {
    expect(fieldsOf(() => parseOrThrow(rectificationRequestSchema, body, 'zh-CN', HAZARD_REQUEST_LABELS))).toEqual(
      fields,
    );
  });

  it('accepts an acceptance without a note and a rejection with one', () => {
    expect(parseOrThrow(verificationRequestSchema, { accepted: true }, 'en')).toEqual({ accepted: true });
    expect(parseOrThrow(verificationRequestSchema, { accepted: false, note: '照片不清楚' }, 'en')).toEqual({
      accepted: false,
      note: '照片不清楚',
    });
  });

  it.each([
    ['a rejection without a note', { accepted: false }, ['note']],
    ['a rejection with a blank note', { accepted: false, note: ' ' }, ['note']],
    ['no decision', { note: 'ok' }, ['accepted']],
    ['a decision that is not a boolean', { accepted: 'yes' }, ['accepted']],
  ])('refuses a verification with %s, naming the field', (_case, body, fields) => {
    expect(fieldsOf(() => parseOrThrow(verificationRequestSchema, body, 'zh-CN', HAZARD_REQUEST_LABELS))).toEqual(
      fields,
    );
  });

  it('says why a rejection needs a note, in Chinese and in English, with the field label', () => {
    // Act
    const zh = refusal(() =>
      parseOrThrow(verificationRequestSchema, { accepted: false }, 'zh-CN', HAZARD_REQUEST_LABELS),
    );
    const en = refusal(() => parseOrThrow(verificationRequestSchema, { accepted: false }, 'en', HAZARD_REQUEST_LABELS));
    // Assess
    expect(zh.details).toEqual([{ field: 'note', label: '说明', reason: '不通过验收时必须说明原因' }]);
    expect(en.details).toEqual([{ field: 'note', label: 'Note', reason: 'Say why when rejecting a rectification' }]);
  });
});
