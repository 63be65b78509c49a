import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseQueueMessage, queuedFunctions, stackQueues } from '../../infra/cli/dead-letters';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

/*
 * `npm run admin -- dead-letters … --stack <name>` finds each function's failure queue and the
 * function itself among the stack's resources by their logical ids: read here from the
 * synthesized template, so a renamed construct fails this test rather than the operator's
 * redrive. And the three shapes of message these queues receive are read as redriving needs.
 */

const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

describe('the failure queues as the admin CLI finds them', () => {
  let resources: { LogicalResourceId: string; PhysicalResourceId: string; ResourceType: string }[];
  let stack: HouqinStack;

  beforeAll(() => {
    const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const { stackName, ...settings } = DEFAULT_SETTINGS;
    stack = new HouqinStack(app, stackName, { ...settings, senderAddress: 'noreply@example.edu.cn' });
    const template = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    // As ListStackResources lists them; the physical id stands in as `physical:<logical id>`.
    resources = Object.entries(template).map(([id, resource]) => ({
      LogicalResourceId: id,
      PhysicalResourceId: `physical:${id}`,
      ResourceType: resource.Type,
    }));
  });

  it('finds the queue and the function of every function the stack gave a failure queue', () => {
    // Act
    const found = stackQueues(resources);
    // Assess
    expect(found.map((q) => q.queue).sort()).toEqual([...stack.failureQueues.keys()].sort());
    expect(
      queuedFunctions()
        .map((spec) => spec.name)
        .sort(),
    ).toEqual([...stack.failureQueues.keys()].sort());
    for (const { queue, queueUrl, functionName } of found) {
      const queueId = stack.getLogicalId(stack.failureQueues.get(queue)!.queue.node.defaultChild as never);
      const functionId = stack.getLogicalId(stack.functions.get(queue)!.function.node.defaultChild as never);
      expect({ queue, queueUrl, functionName }).toEqual({
        queue,
        queueUrl: `physical:${queueId}`,
        functionName: `physical:${functionId}`,
      });
    }
  });
});

describe('a failure queue message as redriving reads it', () => {
  const sent = { SentTimestamp: String(Date.parse('2026-06-01T08:00:00Z')) };

  it('a Lambda on-failure record: the original event and the function error', () => {
    const body = JSON.stringify({
      version: '1.0',
      timestamp: '2026-06-01T08:00:00.000Z',
      requestContext: { requestId: 'r', functionArn: 'arn:…:function:x:$LATEST', condition: 'RetriesExhausted' },
      requestPayload: { 'detail-type': 'ReportRequested', detail: { districtId: 'huaying' } },
      responseContext: { statusCode: 200, functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'S3 is down' },
    });
    expect(parseQueueMessage(body, sent, undefined)).toEqual({
      at: '2026-06-01T08:00:00.000Z',
      error: 'Error: S3 is down',
      event: { 'detail-type': 'ReportRequested', detail: { districtId: 'huaying' } },
    });
  });

  it("a rule's or a schedule's dead letter: the body is the event, the reason in the attributes", () => {
    const event = { scheduleArn: 'arn:aws:scheduler:…', scheduledTime: '2026-06-01T08:00:00Z' };
    expect(
      parseQueueMessage(JSON.stringify(event), sent, {
        ERROR_CODE: { StringValue: 'AWS.Lambda.TooManyRequestsException' },
        ERROR_MESSAGE: { StringValue: 'Rate exceeded' },
      }),
    ).toEqual({ at: '2026-06-01T08:00:00.000Z', error: 'AWS.Lambda.TooManyRequestsException: Rate exceeded', event });
  });

  it('a stream on-failure record holds positions, not records: not redriven, and the reason says so', () => {
    const body = JSON.stringify({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '100', endSequenceNumber: '200' },
    });
    const parsed = parseQueueMessage(body, sent, undefined);
    expect(parsed).toMatchObject({
      error: 'RetryAttemptsExhausted',
      notRedrivable: { en: expect.stringContaining('shard-1') },
    });
    expect(parsed.event).toBeUndefined();
  });
});
