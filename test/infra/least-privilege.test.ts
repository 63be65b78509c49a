import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { authorizerSpec, FUNCTIONS, httpRoutes, PARTITIONS, type FunctionSpec } from '../../functions/manifest';
import { TTL_ATTRIBUTE } from '../../shared/db/keys';
import { TABLE_SHAPE } from '../../shared/db/table';
import { AUTHORIZER_IDENTITY_SOURCE } from '../../infra/constructs/api';
import type { HouqinStack } from '../../infra/stack';
import { tableKeyScope } from '../../infra/table-keys';
import { logicalIdIn, synthesize } from './synth';

/*
 * Issue 19, points 3 and 4, as the template holds them. Every function's role is read back from
 * the synthesized template and evaluated as IAM would (Allow statements: action, resource and the
 * dynamodb:LeadingKeys condition): what each function can and cannot reach in the table and the
 * photo bucket, and the API's answer to anonymous requests.
 */

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An ARN of the template as a string: `arn:<logical id>` for Fn::GetAtt [id, Arn], joins joined. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if (object['Fn::GetAtt']) return `arn:${(object['Fn::GetAtt'] as string[])[0]}`;
  if (object['Fn::Join']) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(arnText).join(separator);
  }
  if (object.Ref) return `ref:${String(object.Ref)}`;
  return JSON.stringify(value);
}

/** IAM's wildcard match (`*` any run, `?` one character). */
function like(value: string, pattern: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`).test(value);
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

describe('least privilege and anonymous requests (issue 19, points 3 and 4)', () => {
  let stack: HouqinStack;
  let template: Template;
  const logicalId = (construct: IConstruct): string => logicalIdIn(stack, construct);

  beforeAll(() => {
    ({ stack, template } = synthesize());
  });

  const statementCache = new Map<string, Statement[]>();
  const statementsOf = (name: string): Statement[] => {
    const cached = statementCache.get(name);
    if (cached) return cached;
    const fn = stack.functions.get(name);
    if (!fn) throw new Error(`Function ${name} was not built`);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId(fn.role) }] },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    statementCache.set(name, statements);
    return statements;
  };

  /** Whether `name`'s role allows `action` on `resource` with these partition keys (IAM's evaluation, Allow only). */
  const can = (name: string, action: string, resource: string, leadingKeys?: string[]): boolean =>
    statementsOf(name).some((statement) => {
      if (statement.Effect !== 'Allow') return false;
      if (!list(statement.Action).some((pattern) => like(action, pattern))) return false;
      if (!list(statement.Resource).some((r) => like(resource, arnText(r)))) return false;
      for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
        for (const [key, patterns] of Object.entries(keys)) {
          if (operator !== 'ForAllValues:StringLike' || key !== 'dynamodb:LeadingKeys') return false;
          // ForAllValues: every key of the request must match one pattern.
          if (!(leadingKeys ?? []).every((value) => list(patterns).some((p) => like(value, p)))) return false;
        }
      }
      return true;
    });

  const table = () => `arn:${logicalId(stack.storage.table)}`;
  const index = (name: string) => `${table()}/index/${name}`;
  const object = (key: string) => `arn:${logicalId(stack.storage.photoBucket)}/${key}`;
  /** A partition key each pattern matches, and no other pattern of PARTITIONS does. */
  const sample = (pattern: string) => pattern.replace('*', 'x1');
  const ALL_PATTERNS = Object.values(PARTITIONS);
  const TABLE_FUNCTIONS = FUNCTIONS.filter((spec) => spec.binds.table);
  const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];

  it('names its partitions for every function that binds the table, each a known partition', () => {
    for (const spec of TABLE_FUNCTIONS) {
      const scope = tableKeyScope(spec)!;
      expect({ name: spec.name, empty: scope.read.length + scope.write.length === 0 }).toEqual({
        name: spec.name,
        empty: false,
      });
      for (const pattern of [...scope.read, ...scope.write]) expect(ALL_PATTERNS).toContain(pattern);
      // The samples tell the partitions apart: each matches its own pattern only.
      for (const pattern of ALL_PATTERNS)
        expect(ALL_PATTERNS.filter((other) => like(sample(pattern), other))).toEqual([pattern]);
    }
  });

  it.each(TABLE_FUNCTIONS.map((spec) => [spec.name, spec] as const))(
    '%s reads and writes exactly the partitions its manifest entry names',
    (name, spec: FunctionSpec) => {
      const scope = tableKeyScope(spec)!;
      for (const pattern of ALL_PATTERNS) {
        const key = [sample(pattern)];
        const readable = scope.read.includes(pattern) || scope.write.includes(pattern);
        const writable = scope.write.includes(pattern);
        for (const action of READS)
          expect({ pattern, action, allowed: can(name, action, table(), key) }).toEqual({
            pattern,
            action,
            allowed: readable,
          });
        expect({ pattern, query: can(name, 'dynamodb:Query', index('gsi1'), key) }).toEqual({
          pattern,
          query: readable,
        });
        for (const action of WRITES)
          expect({ pattern, action, allowed: can(name, action, table(), key) }).toEqual({
            pattern,
            action,
            allowed: writable,
          });
        // Nothing is ever written through an index, and a request naming one foreign partition among others is refused.
        for (const action of WRITES) expect(can(name, action, index('gsi1'), key)).toBe(false);
        if (readable && !scope.read.includes(PARTITIONS.token))
          expect(can(name, 'dynamodb:BatchGetItem', table(), [...key, 'TOKEN#elsewhere'])).toBe(false);
      }
      for (const action of ['dynamodb:Scan', 'dynamodb:DescribeTable', 'dynamodb:PartiQLSelect'])
        expect({ action, allowed: can(name, action, table(), []) }).toEqual({ action, allowed: false });
    },
  );

  it('lets no function write a token item (only the admin CLI does, with its own credentials)', () => {
    for (const spec of FUNCTIONS) {
      for (const action of WRITES) {
        for (const key of ['TOKEN#0123abcd', 'TOKENID#tok_0123456789abcdef', 'TOKENS#d1']) {
          expect({ fn: spec.name, action, key, allowed: can(spec.name, action, table(), [key]) }).toMatchObject({
            allowed: false,
          });
        }
      }
    }
  });

  it('lets only the authorizer write the rate counters, and read a token by its hash besides the readers naming holders', () => {
    // Act
    const writers = FUNCTIONS.filter((spec) => can(spec.name, 'dynamodb:UpdateItem', table(), ['RATE#tok_1'])).map(
      (spec) => spec.name,
    );
    const tokenReaders = FUNCTIONS.filter((spec) => can(spec.name, 'dynamodb:GetItem', table(), ['TOKEN#abc'])).map(
      (spec) => spec.name,
    );
    // Assess
    expect(writers).toEqual([authorizerSpec().name]);
    expect(tokenReaders).toContain(authorizerSpec().name);
    // Anything else that reads tokens reads their labels (who rectified, who verified), never writes them.
    for (const name of tokenReaders) expect(can(name, 'dynamodb:PutItem', table(), ['TOKEN#abc'])).toBe(false);
  });

  it('grants every table action under a dynamodb:LeadingKeys condition, on named indexes only', () => {
    for (const spec of FUNCTIONS) {
      for (const statement of statementsOf(spec.name)) {
        const actions = list(statement.Action).filter((a) => a.startsWith('dynamodb:'));
        const streamOnly = actions.every((a) =>
          [
            'dynamodb:DescribeStream',
            'dynamodb:GetRecords',
            'dynamodb:GetShardIterator',
            'dynamodb:ListStreams',
          ].includes(a),
        );
        if (actions.length === 0 || streamOnly) continue;
        expect({ fn: spec.name, condition: Object.keys(statement.Condition ?? {}) }).toEqual({
          fn: spec.name,
          condition: ['ForAllValues:StringLike'],
        });
        expect(JSON.stringify(statement.Resource)).not.toContain('/index/*');
      }
    }
    expect(Object.keys(TABLE_SHAPE.indexes).length).toBeGreaterThan(0);
  });

  it('lets the photo-request functions only PutObject under evidence/ (no read, no delete, nowhere else)', () => {
    for (const name of ['request-submission-photo', 'request-hazard-photo']) {
      expect(can(name, 's3:PutObject', object('evidence/d1/s1/2026/12/sub-1/p1.jpg'))).toBe(true);
      for (const key of ['quarantine/d1/x.jpg', 'reports/d1/2026-11/report.json', 'other/x'])
        expect({ name, key, put: can(name, 's3:PutObject', object(key)) }).toEqual({ name, key, put: false });
      for (const action of ['s3:GetObject', 's3:DeleteObject'])
        expect({ name, action, allowed: can(name, action, object('evidence/d1/x.jpg')) }).toEqual({
          name,
          action,
          allowed: false,
        });
    }
  });

  it('lets the photo readers read evidence/ only, never quarantine/ or reports/, and write nothing', () => {
    for (const name of ['get-photo', 'open-photo-link']) {
      expect(can(name, 's3:GetObject', object('evidence/d1/s1/2026/12/sub-1/p1.jpg'))).toBe(true);
      for (const key of ['quarantine/d1/s1/x.jpg', 'reports/d1/2026-11/report.xlsx'])
        expect({ name, key, get: can(name, 's3:GetObject', object(key)) }).toEqual({ name, key, get: false });
      for (const action of ['s3:PutObject', 's3:DeleteObject'])
        expect(can(name, action, object('evidence/d1/x.jpg'))).toBe(false);
    }
  });

  it('lets the verifier move refused uploads from evidence/ to quarantine/ but never touch reports/', () => {
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      expect(can('verify-photo', action, object('evidence/d1/x.jpg'))).toBe(true);
      expect(can('verify-photo', action, object('reports/d1/2026-11/report.json'))).toBe(false);
    }
    expect(can('verify-photo', 's3:PutObject', object('quarantine/d1/x.jpg'))).toBe(true);
  });

  it('answers a request without an Authorization header at API Gateway (identity source), caches no authorizer answer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      IdentitySource: [AUTHORIZER_IDENTITY_SOURCE],
      AuthorizerResultTtlInSeconds: 0,
    });
    expect(AUTHORIZER_IDENTITY_SOURCE).toBe('$request.header.Authorization');
    const open = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter((route) => route.Properties.AuthorizationType !== 'CUSTOM')
      .map((route) => route.Properties.RouteKey as string);
    expect(open).toEqual(
      httpRoutes()
        .filter((route) => route.public)
        .map((r) => `${r.method} ${r.path}`),
    );
    expect(open).toEqual(['GET /v1/photo-links/{photoId}']);
  });

  it('reserves concurrency for the authorizer alone, and expires the rate counters by time to live', () => {
    // Prepare
    const reserved = Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((fn) => fn.Properties.ReservedConcurrentExecutions !== undefined)
      .map((fn) => fn.Properties.ReservedConcurrentExecutions as number);
    // Assess
    expect(reserved).toEqual([authorizerSpec().reservedConcurrency]);
    expect(authorizerSpec().reservedConcurrency).toBeGreaterThanOrEqual(10);
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: authorizerSpec().reservedConcurrency,
      Description: authorizerSpec().description,
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });
});
