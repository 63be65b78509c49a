import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest';
import { parseEnvironment } from '../../infra/environment';
import { DEFAULT_SETTINGS, HouqinStack } from '../../infra/stack';
import type { LinkKeyVersion } from '../../shared/photos/link-keys';

const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
// About keys and IAM, not code: skip esbuild (stack.test.ts bundles every function).
const NO_BUNDLING = { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] };

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

function build(photoLinkKeys?: readonly LinkKeyVersion[]) {
  const app = new App({ context: NO_BUNDLING });
  const { stackName, ...defaults } = DEFAULT_SETTINGS;
  const stack = new HouqinStack(app, stackName, {
    ...defaults,
    senderAddress: 'noreply@example.edu.cn',
    ...(photoLinkKeys ? { photoLinkKeys } : {}),
  });
  const template = Template.fromStack(stack);
  const logicalId = (construct: IConstruct): string =>
    stack.resolve((construct.node.defaultChild as CfnElement).logicalId);
  const keyId = (version: string) => logicalId(stack.photoLinkKeys.keys.get(version)!);
  /** Every statement of every policy attached to a function's role, by function name. */
  const statementsOf = (name: string): Statement[] => {
    const fn = stack.functions.get(name)!;
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(fn.role) }] },
    });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
  /** The functions whose role allows `action`, with the resources, as a JSON string each. */
  const allowed = (action: string) =>
    Object.fromEntries(
      FUNCTIONS.map((spec): [string, string[]] => [
        spec.name,
        statementsOf(spec.name)
          .filter((s) => s.Effect === 'Allow' && actions(s).some((a) => a === action || a === 'kms:*'))
          .map((s) => JSON.stringify(s.Resource)),
      ]).filter(([, resources]) => resources.length > 0),
    );
  const env = (name: string) =>
    (
      template.toJSON().Resources[logicalId(stack.functions.get(name)!.function)] as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      }
    ).Properties.Environment.Variables;
  return { stack, template, keyId, statementsOf, allowed, env };
}

const arn = (id: string) => JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] });

describe('HouqinStack: the photo-link key ring', () => {
  it('makes one KMS HMAC_256 key (generate and verify MAC only), retained, when no ring is configured', () => {
    // Act
    const { template } = build();
    // Assess
    const keys = template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'HMAC_256' } });
    expect(Object.values(keys)).toHaveLength(1);
    expect(Object.values(keys)[0]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
    });
  });

  describe('with a rotated-out and a revoked version', () => {
    const ring: LinkKeyVersion[] = [
      { version: 'v1', status: 'revoked' },
      { version: 'v2', status: 'verify-only' },
      { version: 'v3', status: 'active' },
    ];
    let built: ReturnType<typeof build>;

    beforeAll(() => {
      built = build(ring);
    });

    it('keeps a key per version and disables the revoked one', () => {
      // Assess
      const resources = built.template.toJSON().Resources as Record<string, { Properties: { Enabled?: boolean } }>;
      expect(resources[built.keyId('v1')]!.Properties.Enabled).toBe(false);
      expect(resources[built.keyId('v2')]!.Properties.Enabled).not.toBe(false);
      expect(resources[built.keyId('v3')]!.Properties.Enabled).not.toBe(false);
    });

    it('lets only the functions that mail links sign, with the active key only', () => {
      // Assess: walks every function's policy
      expect(built.allowed('kms:GenerateMac')).toEqual({
        'produce-report': [arn(built.keyId('v3'))],
        'send-report-mail': [arn(built.keyId('v3'))],
      });
    });

    it('lets only the link route verify, with the active and verify-only keys, never the revoked one', () => {
      // Assess
      expect(built.allowed('kms:VerifyMac')).toEqual({
        'open-photo-link': [
          JSON.stringify([{ 'Fn::GetAtt': [built.keyId('v2'), 'Arn'] }, { 'Fn::GetAtt': [built.keyId('v3'), 'Arn'] }]),
        ],
      });
    });

    it('grants no other KMS action on the keys to any function (the key never leaves KMS)', () => {
      // Assess
      for (const spec of FUNCTIONS) {
        const kms = built
          .statementsOf(spec.name)
          .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
          .filter((a) => a.startsWith('kms:'));
        expect(kms.filter((a) => a !== 'kms:GenerateMac' && a !== 'kms:VerifyMac')).toEqual([]);
      }
    });

    it('tells each function the versions it may use and nothing of the others', () => {
      // Act
      const raw = (name: string) => JSON.stringify(built.env(name).PHOTO_LINK_KEYS);
      // Assess
      expect(raw('produce-report')).toContain('\\"version\\":\\"v3\\",\\"status\\":\\"active\\"');
      expect(raw('produce-report')).not.toContain('v2');
      expect(raw('open-photo-link')).toContain('\\"version\\":\\"v2\\",\\"status\\":\\"verify-only\\"');
      expect(raw('open-photo-link')).not.toContain('\\"v1\\"');
      expect(built.env('get-photo').PHOTO_LINK_KEYS).toBeUndefined();
    });
  });

  it('refuses an environment whose ring has no single active version, or a version twice', () => {
    // Prepare
    const base = JSON.parse(readFileSync(join(__dirname, '..', '..', 'infra', 'environments', 'example.json'), 'utf8'));
    const parse = (photoLinkKeys: unknown) => () => parseEnvironment('t', 't.json', { ...base, photoLinkKeys });
    // Assess
    expect(parse([{ version: 'v1', status: 'verify-only' }])).toThrow(/exactly one version with status active/);
    expect(
      parse([
        { version: 'v1', status: 'active' },
        { version: 'v2', status: 'active' },
      ]),
    ).toThrow(/exactly one version with status active/);
    expect(
      parse([
        { version: 'v1', status: 'active' },
        { version: 'v1', status: 'revoked' },
      ]),
    ).toThrow(/twice/);
    expect(parse([{ version: 'V 1', status: 'active' }])).toThrow();
    expect(
      parseEnvironment('t', 't.json', { ...base, photoLinkKeys: [{ version: 'v1', status: 'active' }] }),
    ).toMatchObject({ photoLinkKeys: [{ version: 'v1', status: 'active' }] });
  });
});
