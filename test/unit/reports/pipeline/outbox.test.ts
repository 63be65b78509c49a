import { classifySendError, isDue, REPORT_MAIL_RETRY, retryDelayMs } from '../../../../shared/reports/pipeline/outbox';

const MINUTE = 60_000;

describe('retryDelayMs', () => {
  it('waits 1, 2, 4, 8 … minutes after each failed attempt, at most 4 hours', () => {
    // Act
    const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1) / MINUTE);
    // Assess
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 240, 240]);
  });

  it('rides out some eight hours of SES trouble before giving up', () => {
    // Act: the waits between the maxAttempts attempts.
    const total = Array.from({ length: REPORT_MAIL_RETRY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce(
      (a, b) => a + b,
      0,
    );
    // Assess
    expect(total / MINUTE).toBe(495);
  });

  it('follows a policy of its own', () => {
    // Assess
    expect(retryDelayMs(3, { ...REPORT_MAIL_RETRY, firstDelayMs: 1_000, maxDelayMs: 3_000 })).toBe(3_000);
  });
});

describe('classifySendError', () => {
  const sdkError = (name: string, message: string, fault: 'client' | 'server' = 'client') =>
    Object.assign(new Error(message), { name, $fault: fault });

  it.each([
    ['Throttling', 'Maximum sending rate exceeded.'],
    ['ThrottlingException', 'Rate exceeded'],
    ['ServiceUnavailable', 'Service unavailable'],
    ['InternalFailure', 'Internal failure'],
    ['TimeoutError', 'socket hang up'],
  ])('retries %s', (name, message) => {
    // Act
    const failure = classifySendError(sdkError(name, message, name === 'Throttling' ? 'client' : 'server'));
    // Assess
    expect(failure).toEqual({ retryable: true, code: name, message: `${name}: ${message}` });
  });

  it('retries a network error that has no SES code', () => {
    // Act
    const failure = classifySendError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    );
    // Assess
    expect(failure).toMatchObject({ retryable: true, code: 'Error' });
  });

  it.each(['MessageRejected', 'InvalidParameterValue', 'MailFromDomainNotVerifiedException'])(
    'gives up on %s',
    (name) => {
      // Assess
      expect(classifySendError(sdkError(name, 'refused')).retryable).toBe(false);
    },
  );

  describe('an address SES has not verified (the sandbox, a sender awaiting its DNS records)', () => {
    const mail = { recipient: 'official@example.cn', sender: 'noreply@houqin.example.cn' };
    const unverified = (identities: string) =>
      sdkError(
        'MessageRejected',
        `Email address is not verified. The following identities failed the check in region AP-SOUTHEAST-1: ${identities}`,
      );

    it('retries a recipient SES has not verified, as RecipientNotVerified', () => {
      // Act
      const failure = classifySendError(unverified('Official@Example.cn'), mail);
      // Assess
      expect(failure).toMatchObject({ retryable: true, code: 'RecipientNotVerified' });
      expect(failure.message).toContain('MessageRejected: Email address is not verified');
    });

    it('retries a sender whose address or domain SES has not verified, as SenderNotVerified', () => {
      // Assess
      expect(classifySendError(unverified('noreply@houqin.example.cn'), mail)).toMatchObject({
        retryable: true,
        code: 'SenderNotVerified',
      });
      expect(classifySendError(unverified('houqin.example.cn'), mail)).toMatchObject({
        retryable: true,
        code: 'SenderNotVerified',
      });
    });

    it('still gives up on a MessageRejected about something else, or naming other addresses', () => {
      // Assess
      expect(classifySendError(sdkError('MessageRejected', 'Message contains a virus'), mail).retryable).toBe(false);
      expect(classifySendError(unverified('someone-else@example.cn'), mail).retryable).toBe(false);
      expect(classifySendError(unverified('official@example.cn')).retryable).toBe(false);
    });
  });

  it.each([
    [421, undefined, true],
    [451, undefined, true],
    [550, 'EENVELOPE', false],
    [554, 'EMESSAGE', false],
    [535, 'EAUTH', true],
  ])('classifies an SMTP reply %i (%s) by its class: retryable %s', (responseCode, code, retryable) => {
    // Act
    const failure = classifySendError(Object.assign(new Error('server said no'), { responseCode, code }));
    // Assess
    expect(failure).toEqual({
      retryable,
      code: `SMTP ${responseCode}`,
      message: `SMTP ${responseCode}: server said no`,
    });
  });

  it('keeps at most 500 characters of the message', () => {
    // Assess
    expect(classifySendError(sdkError('Throttling', 'x'.repeat(2_000))).message).toHaveLength(500);
  });
});

describe('isDue', () => {
  const now = new Date('2026-11-01T00:05:00Z');

  it.each([
    ['pending', '2026-11-01T00:00:00Z', true],
    ['failed', '2026-11-01T00:05:00Z', true],
    ['failed', '2026-11-01T00:06:00Z', false],
    ['sending', '2026-11-01T00:04:00Z', true],
    ['sending', '2026-11-01T00:20:00Z', false],
    ['sent', '2026-11-01T00:00:00Z', false],
    ['skipped', '2026-11-01T00:00:00Z', false],
  ] as const)('a %s mail with its next attempt at %s is due: %s', (status, nextAttemptAt, due) => {
    // Assess
    expect(isDue({ status, nextAttemptAt }, now)).toBe(due);
  });

  it('never retries a failed mail without a next attempt (given up)', () => {
    // Assess
    expect(isDue({ status: 'failed' }, now)).toBe(false);
  });
});
