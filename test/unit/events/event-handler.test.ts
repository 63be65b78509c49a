import * as z from 'zod';
import { hazardRaisedSchema } from '../../../shared/events/domain-events';
import { busEvent, eventHandler, MalformedEventError, snsMessages } from '../../../shared/events/event-handler';
import { logger } from '../../../shared/logger';
import { captureOutput } from '../../support/capture-output';
import { lambdaContext } from '../../support/events';

/** Runs `act` with the shared logger at INFO and returns the JSON lines it wrote. */
async function loggedLines(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const capture = captureOutput();
  // Powertools puts the level back to the starting one (SILENT under test) at each invocation.
  const refresh = jest.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => undefined);
  const level = logger.getLevelName();
  logger.setLogLevel('INFO');
  try {
    await act().catch(() => undefined);
  } finally {
    logger.setLogLevel(level);
    refresh.mockRestore();
    capture.stop();
  }
  return capture.linesSince().map((line) => JSON.parse(line) as Record<string, unknown>);
}

const hazard = {
  districtId: 'd1',
  schoolId: 's1',
  hazardId: 'h1',
  submissionId: 'sub1',
  formType: 'canteen-daily',
  severity: 'critical',
  category: 'food-safety',
  title: { zh: '留样不足', en: 'Sample too small' },
  foundOn: '2026-05-11',
  dueDate: '2026-05-12',
  raisedAt: '2026-05-11T08:00:00.000Z',
};

describe('eventHandler', () => {
  it('hands the core the event parsed with its schema (what the schema does not name is dropped)', async () => {
    // Prepare
    const core = jest.fn(async (input: unknown) => input);
    const handler = eventHandler(busEvent(hazardRaisedSchema), core);
    // Act
    const result = await handler({ id: 'e1', source: 'houqin', detail: { ...hazard, extra: 'ignored' } });
    // Assess
    expect(result).toEqual({ id: 'e1', detail: hazard });
    expect(core).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed event before the core runs: logged with its issues and thrown, so Lambda retries and dead-letters it', async () => {
    // Prepare
    const core = jest.fn(async () => undefined);
    const handler = eventHandler(busEvent(hazardRaisedSchema), core);
    const event = { id: 'e2', detail: { ...hazard, severity: 'catastrophic' } };
    // Act
    const lines = await loggedLines(() => handler(event, lambdaContext('alert-officials')));
    // Assess
    await expect(handler(event)).rejects.toThrow(MalformedEventError);
    await expect(handler(event)).rejects.toThrow(/detail\.severity/);
    expect(core).not.toHaveBeenCalled();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Malformed event',
        issues: [expect.objectContaining({ path: ['detail', 'severity'] })],
        function_name: 'alert-officials',
      }),
    ]);
  });

  it('puts the Lambda context on every line the core logs, and only for its own invocation', async () => {
    // Prepare
    const handler = eventHandler(z.object({ n: z.number() }), async ({ n }) => {
      logger.appendKeys({ n });
      logger.info('core ran');
    });
    const first = lambdaContext('dispatch-monthly-reports');
    const second = lambdaContext('dispatch-monthly-reports');
    // Act
    const lines = await loggedLines(async () => {
      await handler({ n: 1 }, first);
      await handler({ n: 2 }, second);
      logger.info('outside');
    });
    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ message: 'core ran', n: 1, function_request_id: first.awsRequestId }),
      expect.objectContaining({ message: 'core ran', n: 2, function_request_id: second.awsRequestId }),
      expect.not.objectContaining({ n: expect.anything() }),
    ]);
    expect(lines[0]).toMatchObject({ function_name: 'dispatch-monthly-reports', cold_start: expect.any(Boolean) });
  });

  it('passes a failure of the core on (Lambda retries it)', async () => {
    // Prepare
    const handler = eventHandler(z.object({}), async () => {
      throw new Error('bus refused');
    });
    // Act, Assess
    await expect(handler({})).rejects.toThrow('bus refused');
  });

  it('reads SNS messages as JSON with their schema, and refuses one that is not JSON', async () => {
    // Prepare
    const handler = eventHandler(snsMessages(z.object({ a: z.number() })), async ({ Records }) =>
      Records.map((record) => record.Sns.Message.a),
    );
    const record = (message: string) => ({ Sns: { MessageId: 'm', Message: message } });
    // Act, Assess
    await expect(handler({ Records: [record('{"a":1}'), record('{"a":2}')] })).resolves.toEqual([1, 2]);
    await expect(handler({ Records: [record('{"a":')] })).rejects.toThrow(/not JSON/);
    await expect(handler({ Records: [record('{"a":"x"}')] })).rejects.toThrow(MalformedEventError);
  });
});
