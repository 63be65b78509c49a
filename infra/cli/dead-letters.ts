import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Text } from '../../shared/i18n';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { readDeadLetters, settleDeadLetter } from '../local/dead-letters';
import { TargetError } from './target';

/*
 * The failure queues (dead letters) as the admin CLI reads and redrives them: on a deployed stack
 * the SQS queue of each function (infra/stack.ts, infra/constructs/failures.ts), locally the
 * JSON-lines store the local stack appends to (infra/local/dead-letters.ts).
 *
 * Redriving invokes the queue's function with the original event, synchronously, and removes
 * the message only when the function succeeded; a message whose function fails again stays in
 * its queue (made visible again at the end of the run). SQS's StartMessageMoveTask does not fit:
 * it moves messages to an SQS queue (a dead-letter queue's source queue), and these queues have
 * none: Lambda's on-failure destinations, the bus rules and the schedules write into them, and
 * only an invocation of the function brings an event back.
 */

/** The functions with a failure queue: every one with a trigger that is not HTTP (as infra/stack.ts builds them). */
export function queuedFunctions(functions: readonly FunctionSpec[] = FUNCTIONS): FunctionSpec[] {
  return functions.filter((spec) => spec.triggers.some((t) => t.kind !== 'http' && t.kind !== 'authorizer'));
}

/** One queue: its message count, and its oldest message's time and error. */
export interface QueueSummary {
  queue: string;
  count: number;
  oldestAt?: string;
  oldestError?: string;
}

/** A message taken out of its queue for this run (out of sight until settled or released). */
export interface TakenLetter {
  id: string;
  at: string;
  error: string;
  /** The event to invoke the function with; absent when the message cannot be redriven as it is. */
  event?: unknown;
  /** Why it cannot be redriven as it is. */
  notRedrivable?: Text;
}

export interface DeadLetterBackend {
  /** Where the letters are, for the operator. */
  readonly where: Text;
  queues(): string[];
  summaries(): Promise<QueueSummary[]>;
  /** The next message of the queue this run has not taken yet. */
  take(queue: string): Promise<TakenLetter | undefined>;
  /** The function succeeded: the message leaves the queue. */
  settle(queue: string, letter: TakenLetter): Promise<void>;
  /** The message goes back to its queue, visible now. */
  release(queue: string, letter: TakenLetter): Promise<void>;
  /** Invokes the queue's function with the event; resolves to the error, or undefined when it succeeded. */
  invoke(queue: string, event: unknown): Promise<string | undefined>;
  close(): void;
}

export interface RedriveReport {
  queue: string;
  dryRun: boolean;
  /** Invoked and succeeded: removed from the queue (in a dry run: would be invoked). */
  redriven: { id: string; at: string; error: string }[];
  /** Invoked and failed again: back in the queue. */
  failed: { id: string; at: string; error: string }[];
  /** Not redrivable as they are: left in the queue. */
  skipped: { id: string; at: string; reason: Text }[];
}

/** Most messages one run takes from a queue (a guard, far above what a failure queue should hold). */
const MAX_PER_RUN = 10_000;

/** Takes every message of the queue in turn; invokes its function (unless a dry run) and settles or releases it. */
export async function redriveQueue(backend: DeadLetterBackend, queue: string, dryRun: boolean): Promise<RedriveReport> {
  const report: RedriveReport = { queue, dryRun, redriven: [], failed: [], skipped: [] };
  const release: TakenLetter[] = [];
  const seen = new Set<string>();
  try {
    for (let taken = 0; taken < MAX_PER_RUN; taken += 1) {
      const letter = await backend.take(queue);
      if (!letter || seen.has(letter.id)) {
        if (letter) release.push(letter);
        break;
      }
      seen.add(letter.id);
      if (letter.notRedrivable || letter.event === undefined) {
        report.skipped.push({
          id: letter.id,
          at: letter.at,
          reason: letter.notRedrivable ?? { zh: '消息中没有事件', en: 'the message holds no event' },
        });
        release.push(letter);
        continue;
      }
      if (dryRun) {
        report.redriven.push({ id: letter.id, at: letter.at, error: letter.error });
        release.push(letter);
        continue;
      }
      let error: string | undefined;
      try {
        error = await backend.invoke(queue, letter.event);
      } catch (invokeError) {
        // No stack to invoke: the run stops (what it took goes back), rather than failing each message.
        if (invokeError instanceof TargetError) throw invokeError;
        error = invokeError instanceof Error ? `${invokeError.name}: ${invokeError.message}` : String(invokeError);
      }
      if (error === undefined) {
        await backend.settle(queue, letter);
        report.redriven.push({ id: letter.id, at: letter.at, error: letter.error });
      } else {
        report.failed.push({ id: letter.id, at: letter.at, error });
        release.push(letter);
      }
    }
  } finally {
    // What was not redriven is visible in its queue again at once (nothing waits for a timeout).
    for (const letter of release) await backend.release(queue, letter);
  }
  return report;
}

/** What a Lambda invocation answered: undefined when the function succeeded, else its error. */
function invocationError(result: { FunctionError?: string; Payload?: Uint8Array }): string | undefined {
  if (!result.FunctionError) return undefined;
  const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
  try {
    const payload = JSON.parse(text) as { errorType?: string; errorMessage?: string };
    return [payload.errorType, payload.errorMessage].filter(Boolean).join(': ') || result.FunctionError;
  } catch {
    return text || result.FunctionError;
  }
}

/** The local stack's file (local-stack.json) as far as dead letters go. */
interface LocalStackFile {
  lambdaEndpoint?: string;
  deadLetterFile?: string;
  region?: string;
}

/**
 * The local stack's dead letters (`npm start`: .local/data/dead-letters.jsonl), redriven through
 * its Invoke endpoint. Listing needs only the file; redriving needs the stack running.
 */
export async function localBackend(stackFile: string): Promise<DeadLetterBackend> {
  let stack: LocalStackFile = {};
  try {
    stack = JSON.parse(await readFile(stackFile, 'utf8')) as LocalStackFile;
  } catch {
    // No stack file (never started): the letters of an earlier run can still be listed.
  }
  const file = stack.deadLetterFile ?? join(dirname(stackFile), 'data', 'dead-letters.jsonl');
  const snapshots = new Map<string, ReturnType<typeof readDeadLetters>>();
  let client: LambdaClient | undefined;
  return {
    where: { zh: `本地死信文件 ${file}`, en: `the local dead-letter file ${file}` },
    queues: () => queuedFunctions().map((spec) => spec.name),
    summaries: async () => {
      const letters = readDeadLetters(file);
      return queuedFunctions().map((spec) => {
        const own = letters.filter((letter) => letter.function === spec.name);
        const oldest = own[0];
        return {
          queue: spec.name,
          count: own.length,
          ...(oldest ? { oldestAt: oldest.at, oldestError: oldest.error } : {}),
        };
      });
    },
    take: async (queue) => {
      let snapshot = snapshots.get(queue);
      if (!snapshot) {
        snapshot = readDeadLetters(file).filter((letter) => letter.function === queue);
        snapshots.set(queue, snapshot);
      }
      const letter = snapshot.shift();
      return letter && { id: letter.id, at: letter.at, error: letter.error, event: letter.event };
    },
    settle: async (_queue, letter) => settleDeadLetter(file, letter.id),
    release: async () => undefined,
    invoke: async (queue, event) => {
      if (!stack.lambdaEndpoint) {
        throw new LocalStackNotRunning(stackFile);
      }
      const lambda = await import('@aws-sdk/client-lambda');
      client ??= new lambda.LambdaClient({
        endpoint: stack.lambdaEndpoint,
        region: stack.region ?? 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        const result = await client.send(
          new lambda.InvokeCommand({ FunctionName: queue, Payload: Buffer.from(JSON.stringify(event)) }),
        );
        return invocationError(result);
      } catch (error) {
        if ((error as { code?: string }).code === 'ECONNREFUSED') throw new LocalStackNotRunning(stackFile);
        throw error;
      }
    },
    close: () => client?.destroy(),
  };
}

/** Redriving locally needs the local stack running (its Invoke endpoint). */
export class LocalStackNotRunning extends TargetError {
  constructor(stackFile: string) {
    super({
      zh: `本地栈没有运行（${stackFile} 中没有可用的 lambdaEndpoint）：重新投递需要先运行 npm start。`,
      en: `The local stack is not running (no reachable lambdaEndpoint in ${stackFile}): redriving needs npm start first.`,
    });
  }
}

/** An SQS message's SentTimestamp (epoch ms) as ISO, or now. */
function sentAt(attributes: Record<string, string> | undefined): string {
  const sent = Number(attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : new Date().toISOString();
}

/**
 * A failure queue's message as redriving needs it. Three shapes arrive in these queues:
 * - a Lambda on-failure record (asynchronous invocations: the bus rules, schedules, S3 events,
 *   SES feedback all invoke asynchronously): the event is `requestPayload`, the error `responsePayload`;
 * - a stream mapping's on-failure record: `DDBStreamBatchInfo`, the positions of the records in
 *   the table's stream, not the records (not redrivable as it is: see docs/operations.md);
 * - a rule's or a schedule's dead letter (the event could not be delivered at all): the body is
 *   the event, the reason in the message attributes ERROR_CODE and ERROR_MESSAGE.
 */
export function parseQueueMessage(
  body: string,
  attributes: Record<string, string> | undefined,
  messageAttributes: Record<string, { StringValue?: string }> | undefined,
): Omit<TakenLetter, 'id'> {
  const at = sentAt(attributes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {
      at,
      error: '',
      notRedrivable: { zh: '消息内容不是 JSON', en: 'the message body is not JSON' },
    };
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    requestContext?: { condition?: string };
    requestPayload?: unknown;
    responsePayload?: { errorType?: string; errorMessage?: string } | null;
    DDBStreamBatchInfo?: { shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string };
  };
  const condition = record.requestContext?.condition;
  if (record.DDBStreamBatchInfo) {
    const info = record.DDBStreamBatchInfo;
    return {
      at,
      error: condition ?? '',
      notRedrivable: {
        zh: `这是表流中记录的位置（${info.shardId ?? '?'}，${info.startSequenceNumber ?? '?'} 至 ${info.endSequenceNumber ?? '?'}），不是记录本身；表流保留记录 24 小时：按 docs/operations.md 的步骤读取后再投递`,
        en: `these are positions in the table's stream (${info.shardId ?? '?'}, ${info.startSequenceNumber ?? '?'} to ${info.endSequenceNumber ?? '?'}), not the records; the stream keeps records 24 hours: read them as docs/operations.md says, then invoke`,
      },
    };
  }
  if (record.requestContext && 'requestPayload' in record) {
    const response = record.responsePayload;
    const error =
      [response?.errorType, response?.errorMessage].filter(Boolean).join(': ') || condition || 'unknown error';
    return { at, error, event: record.requestPayload };
  }
  const error =
    [messageAttributes?.ERROR_CODE?.StringValue, messageAttributes?.ERROR_MESSAGE?.StringValue]
      .filter(Boolean)
      .join(': ') || 'undelivered';
  return { at, error, event: parsed };
}

/** Where each function's failure queue and the function itself are in a deployed stack. */
export interface StackQueue {
  queue: string;
  queueUrl: string;
  functionName: string;
  timeoutSeconds: number;
}

/** CDK's logical-id form of a construct id: only letters and digits. */
const logicalPart = (id: string) => id.replace(/[^A-Za-z0-9]/g, '');

/**
 * The failure queues of a stack from its resources: a function's queue is the construct
 * Functions/<name>/Failures/Queue and the function Functions/<name>/Function (infra/stack.ts), so
 * their logical ids are `Functions<name>FailuresQueue<hash>` and `Functions<name>Function<hash>`.
 */
export function stackQueues(
  resources: readonly { LogicalResourceId?: string; PhysicalResourceId?: string; ResourceType?: string }[],
  functions: readonly FunctionSpec[] = queuedFunctions(),
): StackQueue[] {
  const find = (type: string, pattern: RegExp) =>
    resources.find((r) => r.ResourceType === type && pattern.test(r.LogicalResourceId ?? ''))?.PhysicalResourceId;
  return functions.flatMap((spec) => {
    const prefix = `Functions${logicalPart(spec.name)}`;
    const queueUrl = find('AWS::SQS::Queue', new RegExp(`^${prefix}FailuresQueue[0-9A-F]{8}$`));
    const functionName = find('AWS::Lambda::Function', new RegExp(`^${prefix}Function[0-9A-F]{8}$`));
    return queueUrl && functionName
      ? [{ queue: spec.name, queueUrl, functionName, timeoutSeconds: spec.timeoutSeconds }]
      : [];
  });
}

/** Most messages `list` looks at in a queue to find its oldest. */
const PEEK_LIMIT = 100;

/** The failure queues of a deployed stack (SQS), redriven by invoking its functions. */
export async function awsBackend(stack: string, region: string | undefined): Promise<DeadLetterBackend> {
  const [{ CloudFormationClient, ListStackResourcesCommand }, sqs, { InvokeCommand, LambdaClient }] = await Promise.all(
    [import('@aws-sdk/client-cloudformation'), import('@aws-sdk/client-sqs'), import('@aws-sdk/client-lambda')],
  );
  const config = region ? { region } : {};
  const cloudFormation = new CloudFormationClient(config);
  const resources: { LogicalResourceId?: string; PhysicalResourceId?: string; ResourceType?: string }[] = [];
  try {
    let token: string | undefined;
    do {
      const page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
      resources.push(...(page.StackResourceSummaries ?? []));
      token = page.NextToken;
    } while (token);
  } finally {
    cloudFormation.destroy();
  }
  const queues = stackQueues(resources);
  const byName = new Map(queues.map((q) => [q.queue, q]));
  const queueOf = (name: string) => byName.get(name)!;
  const client = new sqs.SQSClient(config);
  const lambda = new LambdaClient(config);
  const receipts = new Map<string, string>();

  const receive = (queueUrl: string, max: number, visibility: number) =>
    client.send(
      new sqs.ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        VisibilityTimeout: visibility,
        // Long polling asks every SQS server, so a short queue is not reported empty by chance.
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );

  return {
    where: { zh: `栈 ${stack} 的失败队列（SQS）`, en: `the failure queues (SQS) of stack ${stack}` },
    queues: () => queues.map((q) => q.queue),
    summaries: async () =>
      Promise.all(
        queues.map(async ({ queue, queueUrl }) => {
          const { Attributes } = await client.send(
            new sqs.GetQueueAttributesCommand({
              QueueUrl: queueUrl,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
          );
          const count =
            Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
            Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
          if (count === 0) return { queue, count };
          // The oldest message: looked at for 30 s, then made visible again.
          const peeked: { at: string; error: string; receipt: string }[] = [];
          while (peeked.length < Math.min(count, PEEK_LIMIT)) {
            const { Messages = [] } = await receive(queueUrl, 10, 30);
            if (!Messages.length) break;
            for (const message of Messages) {
              const parsed = parseQueueMessage(message.Body ?? '', message.Attributes, message.MessageAttributes);
              peeked.push({ at: parsed.at, error: parsed.error, receipt: message.ReceiptHandle! });
            }
          }
          for (let i = 0; i < peeked.length; i += 10) {
            await client.send(
              new sqs.ChangeMessageVisibilityBatchCommand({
                QueueUrl: queueUrl,
                Entries: peeked
                  .slice(i, i + 10)
                  .map((p, j) => ({ Id: String(i + j), ReceiptHandle: p.receipt, VisibilityTimeout: 0 })),
              }),
            );
          }
          const oldest = [...peeked].sort((a, b) => a.at.localeCompare(b.at))[0];
          return { queue, count, ...(oldest ? { oldestAt: oldest.at, oldestError: oldest.error } : {}) };
        }),
      ),
    take: async (queue) => {
      const { queueUrl, timeoutSeconds } = queueOf(queue);
      // Out of sight while its function runs (its timeout and a minute), released at the end of the run.
      const { Messages = [] } = await receive(queueUrl, 1, timeoutSeconds + 60);
      const message = Messages[0];
      if (!message?.MessageId || !message.ReceiptHandle) return undefined;
      receipts.set(message.MessageId, message.ReceiptHandle);
      return {
        id: message.MessageId,
        ...parseQueueMessage(message.Body ?? '', message.Attributes, message.MessageAttributes),
      };
    },
    settle: async (queue, letter) => {
      await client.send(
        new sqs.DeleteMessageCommand({ QueueUrl: queueOf(queue).queueUrl, ReceiptHandle: receipts.get(letter.id) }),
      );
    },
    release: async (queue, letter) => {
      await client.send(
        new sqs.ChangeMessageVisibilityCommand({
          QueueUrl: queueOf(queue).queueUrl,
          ReceiptHandle: receipts.get(letter.id),
          VisibilityTimeout: 0,
        }),
      );
    },
    invoke: async (queue, event) => {
      const result = await lambda.send(
        new InvokeCommand({
          FunctionName: queueOf(queue).functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
      return invocationError(result);
    },
    close: () => {
      client.destroy();
      lambda.destroy();
    },
  };
}
