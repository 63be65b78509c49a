import { defineDemo } from '../demo-kit';
import { hazardReport } from '.';

/** The demo's hazard reports: no everyday answers (a report is a finding), only its findings. */
export const demo = defineDemo(hazardReport, {
  timeOfDay: [9 * 60, 16 * 60],
  // What schools report in the demo's story (infra/local/demo/incidents.ts), whatever they answered before.
  findings: {
    'ceiling-falling': () => ({
      place: '教学楼三楼东侧走廊',
      category: 'building',
      severity: 'medium',
      description: '走廊吊顶石膏板局部脱落约 1 平方米，下方已拉警戒线，学生绕行。',
    }),
    'gas-hose': () => ({
      place: '食堂后厨',
      category: 'fire',
      severity: 'high',
      description: '液化气钢瓶连接软管老化开裂，减压阀锈蚀，未安装燃气泄漏报警装置。',
    }),
    'school-gate-traffic': () => ({
      place: '校门口',
      category: 'traffic',
      severity: 'medium',
      description: '上下学时段接送车辆在校门口乱停，缺少减速带和“前方学校”警示标志。',
    }),
  },
  bench: {
    reports: {
      chance: 0.4,
      note: '基准测试：隐患报告',
      answers: [
        {
          category: 'building',
          severity: 'medium',
          place: '教学楼三楼走廊',
          description: '走廊吊顶石膏板局部脱落，已拉警戒线。',
        },
        {
          category: 'electrical',
          severity: 'high',
          place: '学生宿舍配电箱',
          description: '配电箱门锁损坏，线路裸露。',
        },
        { category: 'traffic', severity: 'low', place: '校门口', description: '校门口减速带破损。' },
        { category: 'water', severity: 'high', place: '学校后侧池塘', description: '池塘护栏缺失一段，需设置警示牌。' },
        { category: 'fire', severity: 'medium', place: '图书馆', description: '安全出口指示灯不亮。' },
        {
          category: 'security',
          severity: 'critical',
          place: '围墙东侧',
          description: '围墙坍塌约 5 米，校外人员可进入。',
        },
      ],
    },
  },
});
