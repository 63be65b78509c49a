import type { Anchor } from '../../../shared/forms/demo-kit';

/*
 * The demo district's hazards: at which school and when each of the forms' findings (a form
 * folder's demo.ts, `findings`: answers that raise one of its rules) happens, and what the school
 * and the district did about it afterwards. The finding's answers say what was found; this says
 * who found it, when, and the lifecycle that followed.
 */

/** A lifecycle step of a planned hazard: by the school (rectify) or a district official (accept, reject). */
export interface IncidentStep {
  command: 'rectify' | 'accept' | 'reject';
  /** Calendar days after the hazard was found. */
  afterDays: number;
  note: string;
}

/** One hazard of the demo's story. */
export interface Incident {
  /** The finding (a form's demo `findings` key) whose answers raise it; also the hazard's name in the plan. */
  id: string;
  schoolId: string;
  /** The day it happens; a weekly, monthly or term form uses the school's own occasion nearest to it. */
  anchor: Anchor;
  /** The submission's note. */
  note?: string;
  steps: readonly IncidentStep[];
}

/** The school rectified the hazard `afterDays` after it was found. */
const rectified = (afterDays: number, note: string): IncidentStep => ({ command: 'rectify', afterDays, note });
/** An official verified the rectification and accepted it. */
const accepted = (afterDays: number, note: string): IncidentStep => ({ command: 'accept', afterDays, note });
/** An official verified the rectification and rejected it: the hazard is open again. */
const rejected = (afterDays: number, note: string): IncidentStep => ({ command: 'reject', afterDays, note });

/** The demo's hazards: four verified, two awaiting verification, one reopened, six open (three overdue), one critical. */
export const INCIDENTS: readonly Incident[] = [
  // Verified: found early in the window, rectified, accepted by the bureau.
  {
    id: 'expired-extinguishers',
    schoolId: 'hy-zx',
    anchor: { early: 0 },
    note: '实验楼、图书馆共 6 具灭火器压力不足或过期',
    steps: [
      rectified(2, '已更换 6 具过期灭火器（4 kg 干粉），重新张贴检查标签并更新灭火器台账。'),
      accepted(4, '安全股现场复查：灭火器已全部更换，压力正常，验收通过。'),
    ],
  },
  {
    id: 'uncertified-canteen-staff',
    schoolId: 'hy-sy',
    anchor: { early: 3 },
    note: '新招帮厨 1 人健康证未办理完毕即上岗',
    steps: [
      rectified(1, '该员工已停岗，已到市疾控中心体检，健康证已补办（照片附后）。'),
      accepted(3, '核对健康证原件，验收通过。'),
    ],
  },
  {
    id: 'ceiling-falling',
    schoolId: 'hy-lsz',
    anchor: { early: 5 },
    steps: [
      rectified(4, '已请施工单位更换吊顶龙骨和石膏板，并检查整层吊顶，未发现其他松动。'),
      accepted(6, '后勤办复查：吊顶已修复牢固，验收通过。'),
    ],
  },
  {
    id: 'liability-insurance-gap',
    schoolId: 'hy-gyx',
    anchor: { early: 1 },
    note: '本学期转入 12 名学生尚未纳入校方责任险',
    steps: [
      rectified(5, '已为 12 名转入学生补办校方责任险，保单附后。'),
      accepted(7, '核对保单：参保率 100%，验收通过。'),
    ],
  },
  // Rectified, awaiting the bureau's verification.
  {
    id: 'sample-underweight',
    schoolId: 'hy-shz',
    anchor: { recent: 6 },
    note: '午餐留样每个品种约 100 克',
    steps: [rectified(1, '已对食堂从业人员开展留样培训，配备电子秤，每餐每个品种留样不少于 125 克、冷藏 48 小时。')],
  },
  {
    id: 'dormitory-appliances',
    schoolId: 'hy-zj',
    anchor: { recent: 4 },
    note: '查出电热毯 2 件、“热得快” 1 件',
    steps: [rectified(1, '违章电器已全部收缴，已通知班主任和家长，并在晨会上全校通报。')],
  },
  // Reopened: the bureau rejected the rectification; open again and past its due date.
  {
    id: 'gas-hose',
    schoolId: 'hy-tcz',
    anchor: { recent: 12 },
    steps: [
      rectified(2, '已更换液化气连接软管。'),
      rejected(3, '复查：减压阀仍为旧件，燃气泄漏报警器未安装。请彻底整改后再申请验收。'),
    ],
  },
  // Open and overdue: nobody has done anything yet.
  {
    id: 'ageing-wiring',
    schoolId: 'hy-yxz',
    anchor: { early: 0 },
    note: '食堂和旧教学楼共 4 处线路老化、绝缘层破损',
    steps: [],
  },
  {
    id: 'cctv-retention',
    schoolId: 'hy-gqx',
    anchor: { recent: 10 },
    note: '监控硬盘容量不足，录像只能保存 15 天',
    steps: [],
  },
  // Open, still within their time.
  {
    id: 'loose-wiring',
    schoolId: 'hy-sh2x',
    anchor: { recent: 0 },
    note: '功能室和门卫室各有一处网线、电线乱拉',
    steps: [],
  },
  { id: 'school-gate-traffic', schoolId: 'hy-myx', anchor: { recent: 1 }, steps: [] },
  { id: 'toilet-score', schoolId: 'hy-hycx', anchor: { recent: 3 }, note: '旱厕清掏不及时，异味较重', steps: [] },
  // The critical hazard: on the last school night, a student is missing from the dormitory.
  {
    id: 'student-unaccounted',
    schoolId: 'hy-gxz',
    anchor: { recent: 0 },
    note: '22:40 点名发现初二（3）班 1 名男生未归寝，已电话联系家长和班主任，值班领导正组织寻找。',
    steps: [],
  },
];
