import { createServer } from 'node:net';
import { main } from '../../../infra/cli/admin';
import { formatError, pickLocale } from '../../../infra/cli/runner';
import {
  applyTarget,
  describeTarget,
  localStackFile,
  probeLocal,
  resolveTarget,
  TargetError,
  type TargetDeps,
} from '../../../infra/cli/target';
import { AppError } from '../../../shared/errors';

const LOCAL_STACK = JSON.stringify({
  dynamodbEndpoint: 'http://127.0.0.1:8123',
  tableName: 'houqin-local',
  region: 'ap-east-1',
});

function deps(overrides: Partial<TargetDeps> = {}): TargetDeps & { reads: string[]; stacks: string[] } {
  const reads: string[] = [];
  const stacks: string[] = [];
  return {
    reads,
    stacks,
    readFile: async (path) => {
      reads.push(path);
      return LOCAL_STACK;
    },
    stackTableName: async (stack) => {
      stacks.push(stack);
      return `${stack}-Table-ABC123`;
    },
    ...overrides,
  };
}

describe('admin CLI target', () => {
  it('targets the local stack described by .local/local-stack.json by default', async () => {
    // Prepare
    const io = deps();
    // Act
    const target = await resolveTarget({}, {}, io);
    // Assess
    expect(target).toEqual({
      kind: 'local',
      tableName: 'houqin-local',
      endpoint: 'http://127.0.0.1:8123',
      region: 'ap-east-1',
      file: expect.stringMatching(/[/\\]\.local[/\\]local-stack\.json$/),
    });
    expect(io.reads).toEqual([target.kind === 'local' ? target.file : '']);
  });

  it('reads the local-stack file named by HOUQIN_LOCAL_STACK_FILE, else the one in HOUQIN_LOCAL_DIR', () => {
    // Act
    const explicit = localStackFile({ HOUQIN_LOCAL_STACK_FILE: '/tmp/x/stack.json', HOUQIN_LOCAL_DIR: '/tmp/y' });
    const inDir = localStackFile({ HOUQIN_LOCAL_DIR: '/tmp/y' });
    // Assess
    expect(explicit).toBe('/tmp/x/stack.json');
    expect(inDir).toBe('/tmp/y/local-stack.json');
  });

  it('tells the operator to start the local stack when its file is missing', async () => {
    // Prepare
    const io = deps({ readFile: async () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })) });
    // Act
    const attempt = resolveTarget({}, {}, io);
    // Assess
    await expect(attempt).rejects.toThrow(TargetError);
    await expect(attempt).rejects.toThrow(/start the local stack with npm start first/);
  });

  it('names HOUQIN_LOCAL_DIR in the "no local stack" message when it is set, and how to set it when not', async () => {
    // Prepare
    const missing = deps({
      readFile: async () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })),
    });
    // Act
    const inDir = resolveTarget({}, { HOUQIN_LOCAL_DIR: '/tmp/other-local' }, missing);
    const byDefault = resolveTarget({}, {}, missing);
    // Assess
    await expect(inDir).rejects.toThrow(
      'No local stack found (/tmp/other-local/local-stack.json, HOUQIN_LOCAL_DIR=/tmp/other-local): start the local stack with HOUQIN_LOCAL_DIR=/tmp/other-local npm start first',
    );
    await expect(byDefault).rejects.toThrow(
      /the default \.local\/; a stack started with HOUQIN_LOCAL_DIR=<dir> is found with the same HOUQIN_LOCAL_DIR here/,
    );
    const zh = await inDir.catch((error: TargetError) => error.localized('zh-CN'));
    expect(zh).toContain('HOUQIN_LOCAL_DIR=/tmp/other-local');
  });

  it('names the stack file and HOUQIN_LOCAL_DIR when nothing answers at the endpoint in it', async () => {
    // Prepare: a port that was free a moment ago answers nothing.
    const server = createServer();
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const { port } = server.address() as { port: number };
    await new Promise((resolveClose) => server.close(resolveClose));
    const target = {
      kind: 'local' as const,
      tableName: 'houqin-local',
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      file: '/tmp/stale/local-stack.json',
    };
    // Act
    const attempt = probeLocal(target, 1_000, { HOUQIN_LOCAL_DIR: '/tmp/stale' });
    // Assess
    await expect(attempt).rejects.toThrow(
      `The local stack is not running (nothing answers at http://127.0.0.1:${port}; stack file /tmp/stale/local-stack.json, HOUQIN_LOCAL_DIR=/tmp/stale): start it with HOUQIN_LOCAL_DIR=/tmp/stale npm start first.`,
    );
  });

  it('reads the table of a deployed stack with --stack, and uses --table as given', async () => {
    // Prepare
    const io = deps();
    // Act
    const stack = await resolveTarget({ stack: 'Houqin', region: 'cn-north-1' }, {}, io);
    const table = await resolveTarget({ table: 'houqin-prod' }, { AWS_REGION: 'cn-northwest-1' }, io);
    // Assess
    expect(stack).toEqual({ kind: 'aws', tableName: 'Houqin-Table-ABC123', stack: 'Houqin', region: 'cn-north-1' });
    expect(table).toEqual({ kind: 'aws', tableName: 'houqin-prod', region: 'cn-northwest-1' });
    expect(io.reads).toEqual([]);
  });

  it('refuses --stack together with --table', async () => {
    // Act
    const attempt = resolveTarget({ stack: 'Houqin', table: 'houqin-prod' }, {}, deps());
    // Assess
    await expect(attempt).rejects.toThrow(/not both/);
  });

  it('points the SDK at the emulator with dummy credentials, and at AWS without a leftover endpoint', () => {
    // Prepare
    const local: NodeJS.ProcessEnv = { AWS_PROFILE: 'prod', AWS_SESSION_TOKEN: 'x' };
    const aws: NodeJS.ProcessEnv = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', AWS_PROFILE: 'prod' };
    // Act
    applyTarget(
      { kind: 'local', tableName: 'houqin-local', endpoint: 'http://127.0.0.1:8123', region: 'us-east-1', file: 'f' },
      local,
    );
    applyTarget({ kind: 'aws', tableName: 'houqin-prod', region: 'cn-north-1' }, aws);
    // Assess
    expect(local).toEqual({
      TABLE_NAME: 'houqin-local',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8123',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    expect(aws).toEqual({ TABLE_NAME: 'houqin-prod', AWS_REGION: 'cn-north-1', AWS_PROFILE: 'prod' });
  });

  it('says where it works in the operator language', () => {
    // Act
    const zh = describeTarget(
      { kind: 'aws', tableName: 'houqin-prod', stack: 'Houqin', region: 'cn-north-1' },
      'zh-CN',
    );
    const en = describeTarget(
      { kind: 'local', tableName: 'houqin-local', endpoint: 'http://127.0.0.1:8123', region: 'us-east-1', file: 'f' },
      'en',
    );
    // Assess
    expect(zh).toBe('目标：AWS 栈 Houqin（cn-north-1，表 houqin-prod）');
    expect(en).toBe('Target: local stack (http://127.0.0.1:8123, table houqin-local)');
  });
});

describe('admin CLI help', () => {
  it.each([
    ['en', 'Environment'],
    ['zh-CN', '环境变量'],
  ])('lists the environment variables the CLI reads (%s)', async (lang, heading) => {
    // Prepare
    const out: string[] = [];
    // Act
    const code = await main(['help', '--lang', lang], {}, { out: (line) => out.push(line), err: () => undefined });
    // Assess
    expect(code).toBe(0);
    const help = out.join('\n');
    const section = help.slice(help.indexOf(`${heading}\n`));
    for (const variable of [
      'HOUQIN_LOCAL_DIR',
      'HOUQIN_LOCAL_STACK_FILE',
      'AWS_REGION',
      'AWS_PROFILE',
      'SENDER_ADDRESS',
      'LANG',
    ])
      expect(section).toContain(variable);
  });
});

describe('admin CLI output', () => {
  it.each([
    [['token', 'list'], {}, 'zh-CN'],
    [['token', 'list', '--lang', 'en'], {}, 'en'],
    [['--lang=en', 'help'], { LANG: 'zh_CN.UTF-8' }, 'en'],
    [['help'], { LANG: 'en_US.UTF-8' }, 'en'],
    [['help', '--lang', 'zh-CN'], { LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [['help'], { LANG: 'C.UTF-8' }, 'zh-CN'],
  ] as const)('speaks the language chosen by %j with env %j', (argv, env, expected) => {
    // Act
    const locale = pickLocale(argv, env);
    // Assess
    expect(locale).toBe(expected);
  });

  it('lists roster problems by line under one heading', () => {
    // Prepare
    const error = new AppError('VALIDATION_FAILED', [
      { line: 0, field: '(file)', reason: 'the file lists no schools' },
      { line: 4, field: 'students', column: '学生数', reason: 'must be a whole number from 0 to 100000' },
    ]);
    // Act
    const lines = formatError(error, 'en');
    // Assess
    expect(lines).toEqual([
      'The roster has 2 problems; no school was imported:',
      '  file: the file lists no schools',
      '  line 4, 学生数: must be a whole number from 0 to 100000',
    ]);
  });

  it('lists field problems with their labels after the catalogue message', () => {
    // Prepare
    const error = new AppError('VALIDATION_FAILED', [
      { field: 'officialEmails.1', reason: '“nope” 不是有效的电子邮件地址' },
    ]);
    // Act
    const lines = formatError(error, 'zh-CN');
    // Assess
    expect(lines).toEqual([
      '提交的数据有误，请按字段修改后重试。',
      '  官员邮箱 (officialEmails.1)：“nope” 不是有效的电子邮件地址',
    ]);
  });
});
