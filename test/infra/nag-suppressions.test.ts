import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { EXAMPLE_ENVIRONMENT, readEnvironment } from '../../infra/environment';
import { addComplianceChecks, complianceChecks, HouqinStack, settingsFromEnvironment } from '../../infra/stack';

/*
 * cdk-nag 3 reads acknowledgements from construct metadata (Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
 * one `{ [ruleId]: reason }` entry per acknowledged rule, written by Validations.of(x).acknowledge)
 * and honours one on the finding's resource or any construct above it. So an acknowledgement on the
 * stack, a stage, the app or a grouping construct silences a rule for everything below it. This file
 * audits every acknowledgement in the app: where it sits, which rule it names, why, and whether a
 * finding still needs it.
 */

// The context cdk.json gives `cdk synth`, so what is audited is what deploys. Bundling is skipped:
// the audit reads the construct tree, not the code assets.
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
const CONTEXT = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };

/** The rule-pack prefixes an acknowledgement may name (the packs `complianceChecks` registers). */
const PACK_PREFIXES = complianceChecks().map((pack) => `${pack.name}-`);
/** A rule id, optionally with one finding: `AwsSolutions-IAM5`, `AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`. */
const RULE_ID = /^(?<rule>[A-Za-z]+-[A-Za-z0-9]+)(?:\[(?<finding>[^\]]+)\])?$/;
/** A reason says why, for a reader who has not seen the code: more than a few words. */
const MIN_REASON_LENGTH = 40;

/** One acknowledgement as recorded on a construct. */
interface Acknowledgement {
  path: string;
  construct: IConstruct;
  /** The rule id as cdk-nag compares it (aws-cdk-lib prefixes it with `Annotation::`). */
  ruleId: string;
  reason: unknown;
  /** How many rule ids the metadata entry names (acknowledge() writes one entry per rule). */
  idsInEntry: number;
}

/** Every acknowledgement in the tree under `root`. */
function acknowledgementsOf(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) => {
        const ids = Object.entries(entry.data as Record<string, unknown>);
        return ids.map(([id, reason]) => ({
          path: construct.node.path,
          construct,
          ruleId: id.replace(/^annotation::/i, ''),
          reason,
          idsInEntry: ids.length,
        }));
      }),
  );
}

/** A construct that is one resource: a CloudFormation resource, or an L2 whose default child is one. */
function isOneResource(construct: IConstruct): boolean {
  if (App.isApp(construct) || Stage.isStage(construct) || Stack.isStack(construct)) return false;
  return CfnResource.isCfnResource(construct) || CfnResource.isCfnResource(construct.node.defaultChild);
}

/** What is wrong with one acknowledgement, if anything (an empty list: it is narrow and explained). */
function problemsOf(ack: Acknowledgement): string[] {
  const problems: string[] = [];
  if (ack.idsInEntry !== 1) problems.push(`its metadata entry names ${ack.idsInEntry} rules`);
  if (!isOneResource(ack.construct))
    problems.push('it is not on one resource (a stack, stage, app or grouping construct silences everything below it)');
  const match = RULE_ID.exec(ack.ruleId);
  if (!match) problems.push('it names no single rule (wildcard or malformed id)');
  else if (!PACK_PREFIXES.some((prefix) => match.groups!.rule!.startsWith(prefix)))
    problems.push(`its rule belongs to no registered pack (${PACK_PREFIXES.join(', ')})`);
  if (typeof ack.reason !== 'string' || ack.reason.trim().length < MIN_REASON_LENGTH)
    problems.push(`its reason is missing or shorter than ${MIN_REASON_LENGTH} characters`);
  return problems;
}

function audit(root: IConstruct): string[] {
  return acknowledgementsOf(root).flatMap((ack) =>
    problemsOf(ack).map((problem) => `${ack.ruleId} at ${ack.path}: ${problem}`),
  );
}

/** The app as infra/app.ts builds it, checks registered. */
function buildApp(): { app: App; stack: HouqinStack } {
  const app = new App({ context: CONTEXT });
  const { stackName, ...settings } = settingsFromEnvironment(readEnvironment(EXAMPLE_ENVIRONMENT));
  const stack = new HouqinStack(app, stackName, settings);
  addComplianceChecks(app);
  return { app, stack };
}

/** One finding of a pack: a rule (with its finding, if granular) on one resource. */
interface Finding {
  ruleId: string;
  path: string;
}

/** What the packs find on the stack when no acknowledgement is made: the same app, with acknowledge() a no-op. */
function findingsWithoutAcknowledgements(): Finding[] {
  const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
  try {
    const { stack } = buildApp();
    expect(acknowledgementsOf(stack)).toEqual([]);
    return complianceChecks().flatMap((pack) =>
      pack.validateScope(stack).violations.flatMap((v) =>
        v.violatingResources.map((r) => ({
          ruleId: v.ruleName,
          path: r.constructPath ?? r.resourceLogicalId ?? '?',
        })),
      ),
    );
  } finally {
    acknowledge.mockRestore();
  }
}

/** Whether `ack` silences `finding`, as cdk-nag decides it: the same rule id, on the resource or above it. */
function covers(ack: Acknowledgement, finding: Finding): boolean {
  return ack.ruleId === finding.ruleId && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));
}

describe('cdk-nag acknowledgements', () => {
  let app: App;
  let acknowledgements: Acknowledgement[];
  let rawFindings: Finding[];

  beforeAll(() => {
    // Prepare: the app with its acknowledgements, and the findings they answer (the same app built
    // with acknowledge() switched off; construct paths are deterministic, so they line up).
    ({ app } = buildApp());
    acknowledgements = acknowledgementsOf(app);
    rawFindings = findingsWithoutAcknowledgements();
  });

  it('registers both rule packs, AwsSolutions and Serverless', () => {
    // Assess
    expect(complianceChecks().map((pack) => pack.name)).toEqual(['AwsSolutions', 'Serverless']);
  });

  it('has acknowledgements to audit (the audit below is not vacuous)', () => {
    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(rawFindings.length).toBeGreaterThan(0);
  });

  it('makes each acknowledgement narrow and explained: one rule, one resource, a reason', () => {
    // Act
    const problems = audit(app);
    // Assess
    expect(problems).toEqual([]);
  });

  it('leaves no stale acknowledgement: each one still silences a finding', () => {
    // Act
    const stale = acknowledgements.filter((ack) => !rawFindings.some((finding) => covers(ack, finding)));
    // Assess
    expect(stale.map((ack) => `${ack.ruleId} at ${ack.path}`)).toEqual([]);
  });

  it('silences every finding by an acknowledgement on the resource itself or its own construct', () => {
    // Act: a finding silenced only from higher up (say the stack) would mean a broad acknowledgement.
    const unanswered = rawFindings.filter((finding) => !acknowledgements.some((ack) => covers(ack, finding)));
    // Assess
    expect(unanswered.map((f) => `${f.ruleId} at ${f.path}`)).toEqual([]);
  });

  it('makes each acknowledgement silence findings of one resource only', () => {
    // Act: the resources (by construct path) whose findings each acknowledgement silences.
    const broad = acknowledgements
      .map((ack) => ({
        ack,
        resources: new Set(rawFindings.filter((finding) => covers(ack, finding)).map((finding) => finding.path)),
      }))
      .filter(({ resources }) => resources.size > 1);
    // Assess
    expect(broad.map(({ ack, resources }) => `${ack.ruleId} at ${ack.path}: ${[...resources].join(', ')}`)).toEqual([]);
  });
});

describe('the acknowledgement audit', () => {
  /** A stack with one queue, acknowledged as `acknowledge` says. */
  function stackWith(acknowledge: (stack: Stack, queue: Queue, group: Construct) => void): App {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Audit');
    const group = new Construct(stack, 'Group');
    const queue = new Queue(group, 'Queue');
    acknowledge(stack, queue, group);
    return app;
  }

  it('accepts one rule on one resource with a reason', () => {
    // Prepare
    const app = stackWith((_stack, queue) =>
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is a dead-letter queue itself: nothing is redriven from it.',
      }),
    );
    // Act
    const problems = audit(app);
    // Assess
    expect(problems).toEqual([]);
  });

  it.each([
    [
      'on the stack',
      (stack: Stack) =>
        Validations.of(stack).acknowledge({
          id: 'AwsSolutions-SQS3',
          reason: 'A stack-wide acknowledgement that silences every queue below.',
        }),
    ],
    [
      'on a grouping construct',
      (_s: Stack, _q: Queue, group: Construct) =>
        Validations.of(group).acknowledge({
          id: 'AwsSolutions-SQS3',
          reason: 'A group-wide acknowledgement that silences every queue below.',
        }),
    ],
    [
      'with a wildcard rule',
      (_s: Stack, queue: Queue) =>
        Validations.of(queue).acknowledge({
          id: 'AwsSolutions-*',
          reason: 'Every rule of the pack silenced at once on this one queue.',
        }),
    ],
    [
      'of a rule of no registered pack',
      (_s: Stack, queue: Queue) =>
        Validations.of(queue).acknowledge({
          id: 'Custom-SQS3',
          reason: 'A rule of a pack the app does not register at all.',
        }),
    ],
    [
      'without a reason',
      (_s: Stack, queue: Queue) => Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: '' }),
    ],
    [
      'with a token reason',
      (_s: Stack, queue: Queue) => Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'ok' }),
    ],
  ])('reports an acknowledgement %s', (_case, acknowledge) => {
    // Prepare
    const app = stackWith(acknowledge);
    // Act
    const problems = audit(app);
    // Assess
    expect(problems).toHaveLength(1);
  });
});
