import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, type Duration, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionSpec } from '../../functions/manifest';
import { complianceChecks, DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';

/** The context cdk.json gives `cdk synth`, so the template here is the one that deploys. */
export const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
/** That context without esbuild: for tests about wiring, not code (stack.test.ts bundles every function). */
export const NO_BUNDLING = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };
/** The sender address the stacks under test mail from. */
export const TEST_SENDER = 'noreply@example.edu.cn';

/** Builds the stack as `cdk synth` would with the default settings, TEST_SENDER and no bundling, with `props` over them. */
export function buildStack(props: Partial<ConstructorParameters<typeof HouqinStack>[2]> = {}): HouqinStack {
  const app = new App({ context: NO_BUNDLING });
  const { stackName, ...settings } = DEFAULT_SETTINGS;
  return new HouqinStack(app, stackName, { ...settings, senderAddress: TEST_SENDER, ...props });
}

/** `buildStack(props)` and its synthesized template. */
export function synthesize(props: Partial<ConstructorParameters<typeof HouqinStack>[2]> = {}): {
  stack: HouqinStack;
  template: Template;
} {
  const stack = buildStack(props);
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id of a construct's CloudFormation resource in `stack`. */
export const logicalIdIn = (stack: Stack, construct: IConstruct): string =>
  stack.resolve((construct.node.defaultChild as CfnElement).logicalId);

/** The logical ids of a function the stack built and of its role. */
export function functionIdsIn(stack: HouqinStack, name: string): { fn: string; role: string } {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`Function ${name} was not built`);
  return { fn: logicalIdIn(stack, fn.function), role: logicalIdIn(stack, fn.role) };
}

/** The logical id of a function's failure queue. */
export function failureQueueIdIn(stack: HouqinStack, name: string): string {
  const failures = stack.failureQueues.get(name);
  if (!failures) throw new Error(`No failure queue for ${name}`);
  return logicalIdIn(stack, failures.queue);
}

/** A resource's ARN as the template refers to it. */
export const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** The manifest entry of a function. */
export function manifestSpec(name: string): FunctionSpec {
  const found = FUNCTIONS.find((f) => f.name === name);
  if (!found) throw new Error(`No manifest entry ${name}`);
  return found;
}

/** A statement of an IAM policy as the tests read it. */
export interface PolicyStatement {
  Effect?: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the IAM policies attached to the role with logical id `roleId`. */
export function policyStatementsOf(template: Template, roleId: string): PolicyStatement[] {
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/**
 * A schedule's or a rule's target that invokes function `name` as the stack builds every one:
 * its retry policy (SCHEDULE_RETRY or RULE_TARGET_RETRY) and the function's failure queue as its
 * dead-letter queue.
 */
export function retriedTarget(
  stack: HouqinStack,
  name: string,
  retry: { readonly retryAttempts: number; readonly maxEventAge: Duration },
) {
  return {
    Arn: arnOf(functionIdsIn(stack, name).fn),
    RetryPolicy: { MaximumRetryAttempts: retry.retryAttempts, MaximumEventAgeInSeconds: retry.maxEventAge.toSeconds() },
    DeadLetterConfig: { Arn: arnOf(failureQueueIdIn(stack, name)) },
  };
}

/**
 * What the compliance checks (cdk-nag's AwsSolutions and Serverless packs) find unacknowledged in
 * `scopes`, as `rule at construct path` (every finding, or `errorsOnly`).
 */
export function complianceFindings(scopes: readonly IConstruct[], { errorsOnly = false } = {}): string[] {
  return complianceChecks().flatMap((pack) =>
    scopes.flatMap((scope) =>
      pack
        .validateScope(scope)
        .violations.filter((v) => !errorsOnly || v.severity === 'error')
        .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`)),
    ),
  );
}
