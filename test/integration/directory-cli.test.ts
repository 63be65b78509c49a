import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configureDistrict, getDistrict } from '../../shared/directory/districts';
import { listSchools } from '../../shared/directory/schools';
import { resolvePrincipal } from '../../shared/directory/tokens';
import { runAdmin, writeStackFile } from '../support/admin-cli';
import { SCHOOL_HY01, registerDistrict, registerSchool } from '../support/directory-fixtures';

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rosters');
const DEMO_CALENDAR = join(ROOT, 'infra', 'local', 'demo-calendar.json');

const admin = runAdmin;

describe('admin CLI (child process against DynamoDB Local)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'houqin-cli-'));
  const stackFile = join(workDir, 'local-stack.json');
  const target = { HOUQIN_LOCAL_STACK_FILE: stackFile };
  const newDistrictId = () => `cli-${randomUUID().slice(0, 8)}`;
  // A district with one school, for the token commands (set up in-process, not by the CLI under test).
  const districtId = newDistrictId();

  beforeAll(async () => {
    // What `npm start` writes, pointing at the emulator jest's global set-up started.
    writeStackFile(stackFile);
    await registerDistrict({ districtId, name: '命令行测试区', officialEmails: ['houqin@example.cn'] });
    await registerSchool(districtId, SCHOOL_HY01);
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('adds a district, then refuses the same id with exit code 1', async () => {
    // Prepare
    const id = newDistrictId();
    // Act
    const first = await admin(
      [
        'district',
        'add',
        '--id',
        id,
        '--name',
        '命令行测试区教育局',
        '--official',
        'a@example.cn',
        '--official',
        'b@example.cn',
      ],
      target,
    );
    const again = await admin(
      ['district', 'add', '--id', id, '--name', '又一个', '--official', 'c@example.cn'],
      target,
    );
    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`已创建区县 ${id}（命令行测试区教育局）`);
    expect(first.stdout).toContain('a@example.cn, b@example.cn');
    expect(first.stderr).toContain(`目标：本地栈（${process.env.AWS_ENDPOINT_URL_DYNAMODB}`);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`已有区县使用编号 ${id}`);
  }, 60_000);

  it("configures a district's days to rectify, threshold and calendar from a file", async () => {
    // Prepare
    const id = newDistrictId();
    await registerDistrict({ districtId: id, name: '校历测试区', officialEmails: ['houqin@example.cn'] });
    // Act
    const run = await admin(
      [
        'district',
        'configure',
        '--id',
        id,
        '--due-days',
        '较大=2,medium=5',
        '--threshold',
        '85',
        '--calendar',
        DEMO_CALENDAR,
      ],
      target,
    );
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`已更新区县 ${id} 的设置`);
    expect(run.stdout).toContain('隐患整改天数：重大 1 天，较大 2 天，一般 5 天，轻微 30 天');
    expect(run.stdout).toContain('合规率阈值：85%');
    expect(run.stdout).toContain('2026年秋季学期  2026-09-01 至 2027-01-17');
    const district = await getDistrict(id);
    expect(district).toMatchObject({
      hazardDueDays: { critical: 1, high: 2, medium: 5, low: 30 },
      complianceThreshold: 0.85,
    });
    expect(district?.calendar?.terms).toHaveLength(4);
  }, 60_000);

  it('shows a district with the settings in effect as JSON for scripts', async () => {
    // Prepare
    const id = newDistrictId();
    await registerDistrict({ districtId: id, name: '设置测试区', officialEmails: ['houqin@example.cn'] });
    await configureDistrict(id, { complianceThreshold: 0.8 });
    // Act
    const run = await admin(['district', 'show', '--id', id, '--json'], target);
    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      districtId: id,
      hazardDueDays: { critical: 1, high: 3, medium: 7, low: 30 },
      complianceThreshold: 0.8,
    });
  }, 60_000);

  it('refuses a calendar file that is not JSON as a usage mistake naming the file, changing nothing', async () => {
    // Prepare
    const file = join(workDir, 'broken-calendar.json');
    writeFileSync(file, '{"terms": [');
    // Act
    const run = await admin(['district', 'configure', '--id', districtId, '--calendar', file, '--lang', 'en'], target);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`The calendar file ${file} is not valid JSON`);
    expect((await getDistrict(districtId))?.calendar).toBeUndefined();
  }, 60_000);

  it('imports a roster, and lists every bad line of another without importing it', async () => {
    // Prepare
    const id = newDistrictId();
    await registerDistrict({ districtId: id, name: '花名册测试区', officialEmails: ['houqin@example.cn'] });
    // Act
    const good = await admin(['school', 'import', '--district', id, join(FIXTURES, 'huaying-zh.csv')], target);
    const bad = await admin(
      ['school', 'import', '--district', id, join(FIXTURES, 'bad-rows.csv'), '--lang', 'en'],
      target,
    );
    // Assess
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('新增 5 所');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The roster has 7 problems; no school was imported:');
    expect(bad.stderr).toContain('line 3, students: must be a whole number from 0 to 100000');
    expect(bad.stderr).toContain('line 5, id: school id s-01 repeats line 2');
    expect((await listSchools(id)).map((school) => school.schoolId)).toEqual([
      'hy-01',
      'hy-02',
      'hy-03',
      'hy-04',
      'hy-05',
    ]);
  }, 60_000);

  it('updates a roster from a corrected file, changes one school and takes another off the roster', async () => {
    // Prepare
    const id = newDistrictId();
    await registerDistrict({ districtId: id, name: '花名册更新测试区', officialEmails: ['houqin@example.cn'] });
    await admin(
      ['school', 'import', '--district', id, '--registered-on', '2026-09-01', join(FIXTURES, 'huaying-zh.csv')],
      target,
    );
    // Act
    const refused = await admin(['school', 'import', '--district', id, join(FIXTURES, 'huaying-update.csv')], target);
    const updated = await admin(
      ['school', 'import', '--district', id, '--update', join(FIXTURES, 'huaying-update.csv')],
      target,
    );
    const changed = await admin(
      [
        'school',
        'update',
        '--district',
        id,
        '--id',
        'HY-05',
        '--name',
        '华蓥市庆华镇红岩小学',
        '--canteen',
        '--students',
        '90',
      ],
      target,
    );
    const contradictory = await admin(
      ['school', 'update', '--district', id, '--id', 'hy-05', '--canteen', '--no-canteen'],
      target,
    );
    const removed = await admin(
      ['school', 'remove', '--district', id, '--id', 'hy-04', '--from', '2026-12-01', '--lang', 'en'],
      target,
    );
    const list = await admin(['school', 'list', '--district', id], target);
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      '第 3 行 学校编号 (schoolId)：该区县已有学校使用编号 hy-01（要按文件更新已有学校，请加 --update）',
    );
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('新增 1 所，修改 2 所，未变 3 所');
    expect(updated.stdout).toContain('修改 hy-01：学生数 2410 → 2450');
    expect(updated.stdout).toContain('修改 hy-02：寄宿 是 → 部分');
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain(
      '已修改学校 hy-05（华蓥市庆华镇红岩小学）：名称 华蓥市庆华镇红岩村小学 → 华蓥市庆华镇红岩小学；学生数 86 → 90；有食堂 否 → 是',
    );
    expect(contradictory.code).toBe(2);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Removed school hy-04 (华蓥市双河幼儿园) from the roster from 2026-12-01');
    expect(list.stdout).toContain('共 6 所学校（其中 1 所已撤销）');
    const schools = new Map((await listSchools(id)).map((school) => [school.schoolId, school]));
    expect(schools.get('hy-06')).toMatchObject({ kind: 'special', partlyBoarding: true, registeredOn: '2026-12-01' });
    expect(schools.get('hy-04')).toMatchObject({ archivedOn: '2026-12-01' });
  }, 120_000);

  it('issues a token shown once with its id, which then resolves to its principal', async () => {
    // Act
    const issued = await admin(
      [
        'token',
        'issue',
        '--role',
        'school',
        '--district',
        districtId,
        '--school',
        'hy-01',
        '--label',
        '总务处',
        '--lang',
        'en',
      ],
      target,
    );
    // Assess
    expect(issued.code).toBe(0);
    const token = /\bhq_[A-Za-z0-9_-]{43}\b/.exec(issued.stdout)?.[0];
    const tokenId = /\btok_[0-9a-f]{16}\b/.exec(issued.stdout)?.[0];
    expect(issued.stdout).toContain('It is shown this once only');
    expect(token).toBeDefined();
    expect(await resolvePrincipal(token!)).toEqual({ role: 'school', tokenId, districtId, schoolId: 'hy-01' });
  }, 60_000);

  it('prints the issued token as JSON for scripts', async () => {
    // Act
    const issued = await admin(['token', 'issue', '--role', 'official', '--district', districtId, '--json'], target);
    // Assess
    expect(issued.code).toBe(0);
    const body = JSON.parse(issued.stdout);
    expect(body).toEqual({
      token: expect.stringMatching(/^hq_/),
      tokenId: expect.stringMatching(/^tok_/),
      role: 'official',
      districtId,
    });
    expect(await resolvePrincipal(body.token)).toEqual({ role: 'official', tokenId: body.tokenId, districtId });
  }, 60_000);

  it('refuses a token for a school the district does not have, with exit code 1', async () => {
    // Act
    const run = await admin(
      ['token', 'issue', '--role', 'school', '--district', districtId, '--school', 'nope'],
      target,
    );
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`区县 ${districtId} 中没有学校 nope`);
    expect(run.stdout).not.toMatch(/hq_/);
  }, 60_000);

  it('answers a usage mistake with exit code 2 and a hint', async () => {
    // Act
    const run = await admin(['token', 'issue', '--district', districtId], target);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('token issue 缺少选项 --role');
    expect(run.stderr).toContain('npm run admin -- help');
  }, 60_000);

  it('tells the operator to start the local stack when there is none', async () => {
    // Act
    const run = await admin(['school', 'list', '--district', districtId, '--lang', 'en'], {
      HOUQIN_LOCAL_STACK_FILE: join(workDir, 'missing.json'),
    });
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('start the local stack with npm start first');
  }, 60_000);
});
