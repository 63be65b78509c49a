import { useApp } from '../context';
import { HAZARD_CATEGORY_LABELS, SEVERITY_LABELS } from '../../../shared/forms/types';
import { fill, pick, prefixedWords } from '../engine/text';
import type { Locale } from '../engine/types';

/*
 * The console's own words, zh-CN first and English (the shell's words are in ../i18n.ts). Form,
 * field, category and severity labels come from the API in both languages where it has them.
 */

const WORDS = {
  console: { zh: '教育局工作台', en: 'Bureau console' },
  overview: { zh: '本月概览', en: 'This month' },
  hazards: { zh: '隐患', en: 'Hazards' },
  schools: { zh: '学校', en: 'Schools' },
  reports: { zh: '月报', en: 'Reports' },
  month: { zh: '月份', en: 'Month' },
  districtRate: { zh: '全区县填报率', en: 'District compliance' },
  threshold: { zh: '达标线 {rate}', en: 'Threshold {rate}' },
  belowThreshold: { zh: '低于达标线', en: 'Below threshold' },
  schoolsBelow: { zh: '{count} 所学校低于达标线', en: '{count} schools below the threshold' },
  complianceBySchool: { zh: '各校填报率（由低到高）', en: 'Compliance by school, worst first' },
  complianceChart: { zh: '各校填报率图', en: 'Chart of compliance by school' },
  hazardsByCategory: {
    zh: '隐患类别分布（未整改与待验收）',
    en: 'Hazards by category (open and awaiting verification)',
  },
  hazardsChart: { zh: '隐患类别图', en: 'Chart of hazards by category' },
  dueTodayMissing: { zh: '今日应交未交', en: 'Due today, not in yet' },
  dueTodayNone: { zh: '今日应交的检查都已提交。', en: 'Everything due today is in.' },
  pastMonth: { zh: '（往月不显示今日应交）', en: '(not shown for a past month)' },
  open: { zh: '未整改', en: 'Open' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  critical: { zh: '重大隐患', en: 'Critical' },
  awaiting: { zh: '待验收', en: 'Awaiting verification' },
  verified: { zh: '已验收', en: 'Verified' },
  status: { zh: '状态', en: 'Status' },
  school: { zh: '学校', en: 'School' },
  severity: { zh: '等级', en: 'Severity' },
  category: { zh: '类别', en: 'Category' },
  all: { zh: '全部', en: 'All' },
  narrowBy: { zh: '学校、等级、类别一次选一项', en: 'Choose one of school, severity or category' },
  found: { zh: '发现日期', en: 'Found' },
  due: { zh: '整改期限', en: 'Due' },
  daysOverdue: { zh: '逾期 {days} 天', en: '{days} days overdue' },
  rate: { zh: '填报率', en: 'Rate' },
  expected: { zh: '应交', en: 'Expected' },
  submitted: { zh: '已交', en: 'Submitted' },
  openHazards: { zh: '未整改隐患', en: 'Open hazards' },
  lastSubmission: { zh: '最近提交', en: 'Last submission' },
  none: { zh: '无', en: 'None' },
  more: { zh: '加载更多', en: 'Load more' },
  exportExcel: { zh: '导出 Excel', en: 'Export to Excel' },
  exporting: { zh: '正在导出…', en: 'Exporting…' },
  empty: { zh: '没有符合条件的记录。', en: 'Nothing matches.' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  finding: { zh: '发现的问题', en: 'Finding' },
  rectification: { zh: '整改情况', en: 'Rectification' },
  noRectification: { zh: '尚未整改。', en: 'Not rectified yet.' },
  history: { zh: '处理记录', en: 'History' },
  photos: { zh: '照片', en: 'Photos' },
  photo: { zh: '照片 {n}', en: 'Photo {n}' },
  photoUnavailable: { zh: '照片 {n}：{state}', en: 'Photo {n}: {state}' },
  openPhoto: { zh: '查看原图', en: 'Full size' },
  close: { zh: '关闭', en: 'Close' },
  accept: { zh: '验收通过', en: 'Accept' },
  sendBack: { zh: '退回整改', en: 'Send back' },
  reason: { zh: '意见（退回整改时必填）', en: 'Note (required to send back)' },
  acceptNote: { zh: '验收意见（可选）', en: 'Note (optional)' },
  reasonRequired: { zh: '请填写退回原因。', en: 'Write why it is sent back.' },
  decided: { zh: '已处理。', en: 'Done.' },
  nextAwaiting: { zh: '下一条待验收', en: 'Next awaiting verification' },
  noneAwaiting: { zh: '没有待验收的隐患了。', en: 'Nothing else awaits verification.' },
  backToList: { zh: '返回列表', en: 'Back to the list' },
  submissions: { zh: '提交记录', en: 'Submissions' },
  form: { zh: '表单', en: 'Form' },
  date: { zh: '日期', en: 'Date' },
  answers: { zh: '填报内容', en: 'Answers' },
  flags: { zh: '数据质量提示', en: 'Quality flags' },
  corrections: { zh: '更正记录', en: 'Corrections' },
  current: { zh: '当前有效', en: 'current' },
  hazardsRaised: { zh: '引发的隐患', en: 'Hazards raised' },
  note: { zh: '备注', en: 'Note' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  state: { zh: '状态', en: 'State' },
  state_produced: { zh: '已生成', en: 'Produced' },
  state_sending: { zh: '发送中', en: 'Sending' },
  state_sent: { zh: '已发送', en: 'Sent' },
  'state_partly-sent': { zh: '部分发送', en: 'Partly sent' },
  state_failed: { zh: '发送失败', en: 'Failed' },
  state_bounced: { zh: '被退信', en: 'Bounced' },
  producedAt: { zh: '生成时间', en: 'Produced' },
  openReport: { zh: '查看月报', en: 'Open report' },
  workbook: { zh: '下载工作簿', en: 'Download workbook' },
  produceMonth: { zh: '生成 {month} 月报', en: 'Produce the report of {month}' },
  produceAgain: { zh: '重新生成', en: 'Produce again' },
  sendAgain: { zh: '重新发送', en: 'Send again' },
  confirmProduce: { zh: '确定重新生成 {month} 的月报吗？', en: 'Produce the report of {month} again?' },
  confirmSend: {
    zh: '确定重新生成并再次发送 {month} 的月报给全部收件人吗？',
    en: 'Produce the report of {month} again and mail it to every recipient again?',
  },
  requested: { zh: '已提交请求。', en: 'Requested.' },
  noReports: { zh: '还没有月报。', en: 'No reports yet.' },
  notFound: { zh: '找不到该页面。', en: 'Page not found.' },
  status_open: { zh: '未整改', en: 'Open' },
  status_rectified: { zh: '待验收', en: 'Awaiting verification' },
  status_verified: { zh: '已验收', en: 'Verified' },
  ...prefixedWords('severity', SEVERITY_LABELS),
  ...prefixedWords('category', HAZARD_CATEGORY_LABELS),
  action_raised: { zh: '发现', en: 'Raised' },
  action_rectified: { zh: '整改', en: 'Rectified' },
  action_verified: { zh: '验收通过', en: 'Accepted' },
  action_rejected: { zh: '退回', en: 'Sent back' },
  action_overdue: { zh: '逾期', en: 'Overdue' },
  overdueList: { zh: '逾期', en: 'Overdue' },
  headline: { zh: '主要数据', en: 'Headline' },
} as const;

export type ConsoleWord = keyof typeof WORDS;

export function word(locale: Locale, key: ConsoleWord, params?: Record<string, string | number>): string {
  return fill(pick(WORDS[key], locale), params);
}

/** A word by a key made at run time (`status_${status}`), or the raw value when there is none. */
export function wordOr(locale: Locale, key: string, fallback: string): string {
  return key in WORDS ? word(locale, key as ConsoleWord) : fallback;
}

/** The console's words in the current language. */
export function useWords() {
  const { locale } = useApp();
  return {
    w: (key: ConsoleWord, params?: Record<string, string | number>) => word(locale, key, params),
    wo: (key: string, fallback: string) => wordOr(locale, key, fallback),
    locale,
  };
}

/** An instant (ISO) as the district's local date and time, YYYY-MM-DD HH:mm. */
export function localTime(iso: string, timeZone: string | undefined): string {
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', {
        timeZone: timeZone ?? 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(iso))
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  } catch {
    return iso.slice(0, 16).replace('T', ' ');
  }
}

/** A rate 0–1 as a percentage with one decimal (— when nothing was expected). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
