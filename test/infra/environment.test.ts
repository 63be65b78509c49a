import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DEFAULT_LOG_RETENTION_DAYS,
  ENVIRONMENTS_DIR,
  EXAMPLE_ENVIRONMENT,
  environmentFromContext,
  environmentNames,
  parseEnvironment,
  readEnvironment,
} from '../../infra/environment';
import { PROJECT_ROOT } from '../../infra/constructs/houqin-function';
import { settingsFromEnvironment } from '../../infra/stack';

/** The fields an environment file cannot do without. */
const MINIMAL = {
  account: '210987654321',
  region: 'cn-northwest-1',
  senderAddress: 'noreply@example.edu.cn',
  opsAddress: 'ops@example.edu.cn',
};

describe('environment files (infra/environments/<name>.json)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'houqin-environments-'));
    writeFileSync(join(dir, 'county.json'), JSON.stringify(MINIMAL));
    writeFileSync(join(dir, 'broken.json'), '{ "account": "210987654321", ');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits an example environment that validates, for offline synth', () => {
    // Act
    const example = readEnvironment(EXAMPLE_ENVIRONMENT);
    // Assess
    expect(environmentNames()).toContain(EXAMPLE_ENVIRONMENT);
    expect(example).toMatchObject({ name: EXAMPLE_ENVIRONMENT, account: '123456789012', tracing: true });
  });

  it('fills what a file leaves out with the defaults: logs kept 180 days, tracing on, stack Houqin', () => {
    // Act
    const environment = readEnvironment('county', dir);
    // Assess (settings added later, e.g. the mail path's, have their own tests)
    expect(environment).toMatchObject({
      name: 'county',
      file: expect.stringMatching(/county\.json$/),
      ...MINIMAL,
      stackName: 'Houqin',
      logRetentionDays: 180,
      tracing: true,
      apiRateLimit: 100,
      apiBurstLimit: 200,
    });
    expect(DEFAULT_LOG_RETENTION_DAYS).toBe(RetentionDays.SIX_MONTHS);
  });

  it('turns a file into the stack settings, pinned to its account and region', () => {
    // Act
    const settings = settingsFromEnvironment(
      parseEnvironment('t', 't.json', {
        ...MINIMAL,
        stackName: 'HouqinStaging',
        logRetentionDays: 365,
        photoRetentionDays: 2555,
        tracing: false,
        apiRateLimit: 20,
        apiBurstLimit: 40,
        publicApiUrl: 'https://houqin.example.edu.cn/',
      }),
    );
    // Assess
    expect(settings).toMatchObject({
      env: { account: '210987654321', region: 'cn-northwest-1' },
      stackName: 'HouqinStaging',
      senderAddress: 'noreply@example.edu.cn',
      opsAddress: 'ops@example.edu.cn',
      publicApiUrl: 'https://houqin.example.edu.cn',
      logRetention: RetentionDays.ONE_YEAR,
      apiRateLimit: 20,
      apiBurstLimit: 40,
      photoRetentionDays: 2555,
      tracing: false,
    });
  });

  it.each([
    ['account', undefined, /account: account must be the 12-digit AWS account id/],
    ['account', 123456789012, /account: account must be the 12-digit AWS account id, as a string/],
    ['account', '1234', /account: account must be 12 digits, got "1234"/],
    ['region', undefined, /region: region must be an AWS region name/],
    ['region', 'Singapore', /region: region must be an AWS region name .*got "Singapore"/],
    ['stackName', 'houqin_prod', /stackName: stackName must start with a letter/],
    ['senderAddress', undefined, /senderAddress: senderAddress must be an e-mail address/],
    ['senderAddress', 'noreply', /senderAddress: senderAddress must be an e-mail address, got "noreply"/],
    ['opsAddress', 'ops', /opsAddress: opsAddress must be an e-mail address, got "ops"/],
    ['publicApiUrl', 'http://houqin.example.edu.cn', /publicApiUrl: publicApiUrl must be an https:\/\/ URL/],
    ['logRetentionDays', 45, /logRetentionDays: logRetentionDays must be one of 1, 3, 5, .*got 45/],
    ['logRetentionDays', '180', /logRetentionDays: logRetentionDays must be a number of days/],
    ['photoRetentionDays', 0, /photoRetentionDays: photoRetentionDays must be a positive integer/],
    ['tracing', 'off', /tracing: tracing must be true or false/],
    ['apiRateLimit', 1.5, /apiRateLimit: apiRateLimit must be a whole number/],
    ['apiBurstLimit', -1, /apiBurstLimit: apiBurstLimit must be a positive integer/],
  ])('refuses %s: %p, naming the file and the field', (field, value, message) => {
    // Prepare
    const data = { ...MINIMAL, [field]: value };
    // Act / Assess
    expect(() => parseEnvironment('county', 'infra/environments/county.json', data)).toThrow(message);
    expect(() => parseEnvironment('county', 'infra/environments/county.json', data)).toThrow(
      /^Environment file infra\/environments\/county\.json is not valid:/,
    );
  });

  it('refuses a key that is not a setting (a misspelt one must not fall back to a default)', () => {
    // Act / Assess
    expect(() => parseEnvironment('t', 't.json', { ...MINIMAL, logRetention: 365 })).toThrow(
      /"logRetention": not a setting \(known settings: .*logRetentionDays/,
    );
  });

  it('lists every problem of a file at once', () => {
    // Act / Assess
    expect(() => parseEnvironment('t', 't.json', { ...MINIMAL, account: 'x', tracing: 1 })).toThrow(
      /account: .*\n.*tracing: /,
    );
  });

  it('refuses a file that is not JSON, a missing environment (listing those there are) and a path as a name', () => {
    // Act / Assess
    expect(() => readEnvironment('broken', dir)).toThrow(/broken\.json is not valid JSON/);
    expect(() => readEnvironment('prod', dir)).toThrow(
      /-c env=prod: there is no .*prod\.json\. Environments: broken, county/,
    );
    expect(() => readEnvironment('../county', dir)).toThrow(/letters, digits, - and _ only/);
  });

  describe('-c env', () => {
    it('selects the environment file', () => {
      // Act
      const environment = environmentFromContext(new App({ context: { env: 'county' } }), dir);
      // Assess
      expect(environment.account).toBe('210987654321');
    });

    it('is required: without it the app refuses to build, naming the environments there are', () => {
      // Act / Assess
      expect(() => environmentFromContext(new App(), dir)).toThrow(
        /Choose an environment: -c env=<name> reads infra\/environments\/<name>\.json \(there are: broken, county\)/,
      );
    });

    it.each([['photoRetentionDays'], ['logRetentionDays'], ['senderAddress'], ['opsAddress'], ['stackName']])(
      'refuses the former context flag -c %s instead of ignoring it',
      (key) => {
        // Prepare
        const app = new App({ context: { env: 'county', [key]: '365' } });
        // Act / Assess
        expect(() => environmentFromContext(app, dir)).toThrow(
          new RegExp(`-c ${key}: deploy settings are no longer read from CDK context`),
        );
      },
    );
  });

  it('makes `cdk synth`/`cdk deploy` without -c env stop with the message (infra/app.ts as the CLI runs it)', () => {
    // Prepare: the CLI hands the app its context (cdk.json's, plus -c values) in CDK_CONTEXT_JSON.
    const outdir = mkdtempSync(join(tmpdir(), 'houqin-no-env-'));
    const context = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
    try {
      // Act
      const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['infra/app.ts'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
        encoding: 'utf8',
      });
      // Assess
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/Choose an environment: -c env=<name>/);
      expect(run.stderr).toContain(EXAMPLE_ENVIRONMENT);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('keeps every committed environment file valid', () => {
    // Act / Assess: a broken file is found here, not by the county that deploys it.
    for (const name of environmentNames(ENVIRONMENTS_DIR)) expect(() => readEnvironment(name)).not.toThrow();
  });
});
