import { SEVERITY_LABELS } from '../../shared/forms/types';
import { fill, pick, prefixedWords } from './engine/text';
import type { Locale, Text } from './engine/types';

/*
 * The app's own words, zh-CN first and English. Labels of forms, fields and options come from the
 * catalogue (both languages), and error messages from the API (in the Accept-Language it was sent).
 */

const MESSAGES = {
  appName: { zh: '后勤安全填报', en: 'Houqin school checks' },
  today: { zh: '今日', en: 'Today' },
  forms: { zh: '填报', en: 'Forms' },
  mine: { zh: '我的提交', en: 'My submissions' },
  outbox: { zh: '待发送', en: 'Outbox' },
  language: { zh: 'English', en: '中文' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  signOutQueued: {
    zh: '还有 {count} 项未发送。退出后这些内容将从本机删除，确定退出吗？',
    en: '{count} items are not sent yet. Signing out deletes them from this phone. Sign out anyway?',
  },
  signedOut: {
    zh: '已退出。请用学校的登录链接重新登录。',
    en: 'Signed out. Open your school’s login link to sign in again.',
  },
  notSignedIn: {
    zh: '请使用教育局发放的登录链接（或扫描二维码）登录。',
    en: 'Sign in with the login link (or QR code) your education bureau gave you.',
  },
  tokenRejected: {
    zh: '登录链接无效或已被撤销，请向教育局索取新的链接。',
    en: 'This login link is invalid or revoked. Ask your education bureau for a new one.',
  },
  loading: { zh: '正在加载…', en: 'Loading…' },
  offline: {
    zh: '离线：填写的内容会保存在本机，联网后自动发送。',
    en: 'Offline: what you fill in is kept on this phone and sent when the network is back.',
  },
  offlineNoData: {
    zh: '离线且本机没有缓存的数据。请联网后再打开一次。',
    en: 'Offline, and nothing is cached on this phone yet. Open the app once with a network.',
  },
  retry: { zh: '重试', en: 'Retry' },
  dueToday: { zh: '今日应交', en: 'Due today' },
  notSchoolDay: { zh: '今天不是上课日，没有每日表单。', en: 'Today is not a school day: no daily forms are due.' },
  allDoneToday: { zh: '今日应交的表单都已提交。', en: 'Everything due today is in.' },
  doneToday: { zh: '已提交', en: 'Submitted' },
  thisMonth: { zh: '本月', en: 'This month' },
  submittedOfExpected: { zh: '已交 {submitted} / 应交 {expected}', en: '{submitted} of {expected} in' },
  openHazards: { zh: '未整改隐患', en: 'Open hazards' },
  noOpenHazards: { zh: '没有未整改的隐患。', en: 'No open hazards.' },
  dueOn: { zh: '整改期限 {date}', en: 'Due {date}' },
  overdueDays: { zh: '已逾期 {days} 天', en: '{days} days overdue' },
  waitingToSend: { zh: '{count} 项等待发送', en: '{count} waiting to be sent' },
  nothingWaiting: { zh: '没有等待发送的内容', en: 'Nothing waiting to be sent' },
  fill: { zh: '填写', en: 'Fill in' },
  chooseForm: { zh: '选择要填写的表单', en: 'Choose a form to fill in' },
  date: { zh: '日期', en: 'Date' },
  note: { zh: '备注（选填）', en: 'Note (optional)' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  choose: { zh: '请选择', en: 'Choose' },
  required: { zh: '必填', en: 'required' },
  range: { zh: '范围 {min}–{max}', en: 'from {min} to {max}' },
  photos: { zh: '照片', en: 'Photos' },
  takePhoto: { zh: '拍照', en: 'Take a photo' },
  choosePhoto: { zh: '从相册选择', en: 'Choose from the gallery' },
  photoLimit: { zh: '最多 {max} 张', en: 'At most {max}' },
  removePhoto: { zh: '删除这张照片', en: 'Remove this photo' },
  preparingPhoto: { zh: '正在处理照片…', en: 'Preparing the photo…' },
  submit: { zh: '提交', en: 'Submit' },
  fixErrors: {
    zh: '有 {count} 处需要修改，请看标红的字段。',
    en: '{count} answers need fixing: see the fields marked in red.',
  },
  savedOffline: {
    zh: '已保存在本机，联网后自动发送。',
    en: 'Saved on this phone; it is sent when the network is back.',
  },
  sending: { zh: '正在发送…', en: 'Sending…' },
  sent: { zh: '已提交', en: 'Submitted' },
  sentNoHazards: { zh: '已提交。本次填报没有发现隐患。', en: 'Submitted. These answers raised no hazard.' },
  hazardsRaised: { zh: '本次填报发现 {count} 项隐患：', en: 'These answers raised {count} hazards:' },
  correcting: {
    zh: '更正 {date} 的提交：提交后原记录保留，统计只计最新一次。',
    en: 'Correcting the submission of {date}: the earlier one is kept; figures count only the latest.',
  },
  correct: { zh: '更正', en: 'Correct it' },
  backToToday: { zh: '返回今日', en: 'Back to Today' },
  fillAnother: { zh: '再填一份', en: 'Fill in another' },
  noSubmissions: { zh: '本月还没有提交。', en: 'Nothing submitted this month yet.' },
  answers: { zh: '填报内容', en: 'Answers' },
  flags: { zh: '数据提示', en: 'Data notes' },
  corrections: { zh: '更正记录', en: 'Corrections' },
  supersededBy: { zh: '已被更正', en: 'Corrected later' },
  hazards: { zh: '隐患', en: 'Hazards' },
  photoState_queued: { zh: '等待上传', en: 'Waiting to upload' },
  photoState_uploading: { zh: '正在上传', en: 'Uploading' },
  photoState_uploaded: { zh: '已上传，待核验', en: 'Uploaded, being checked' },
  photoState_rejected: { zh: '未能上传', en: 'Not uploaded' },
  photoState_pending: { zh: '待核验', en: 'Being checked' },
  photoState_verified: { zh: '已核验', en: 'Verified' },
  photoState_quarantined: { zh: '已隔离', en: 'Quarantined' },
  photoState_missing: { zh: '未收到', en: 'Not received' },
  state_queued: { zh: '等待发送', en: 'Waiting to be sent' },
  state_sent: { zh: '已发送', en: 'Sent' },
  state_rejected: { zh: '被退回，需修改', en: 'Refused: needs fixing' },
  state_conflict: { zh: '冲突，需处理', en: 'Conflict: needs you' },
  attempts: { zh: '已尝试 {count} 次', en: '{count} tries' },
  lastError: { zh: '最近一次错误：{message}', en: 'Last error: {message}' },
  conflictHelp: {
    zh: '服务器已有同一编号但内容不同的提交（或该记录已被更正）。请打开“我的提交”核对；如需修改，请对最新一条点“更正”重新填写，然后删除这一项。',
    en: 'The server holds a different submission with this id (or the one corrected was corrected already). Check “My submissions”; to change it, correct the latest one, then discard this item.',
  },
  rejectedHelp: { zh: '请打开修改后重新提交。', en: 'Open it, fix it and submit again.' },
  openToFix: { zh: '打开修改', en: 'Open and fix' },
  otherSchool: {
    zh: '这一项是为另一所学校（{school}）填写的，只会用该校的登录链接发送：请打开该校的登录链接。',
    en: 'This was filled in for another school ({school}); it is sent only with that school’s login link: open that link.',
  },
  discard: { zh: '删除这一项', en: 'Discard this item' },
  discardConfirm: {
    zh: '确定从本机删除这一项吗？它不会被发送。',
    en: 'Delete this item from the phone? It will not be sent.',
  },
  sendNow: { zh: '立即发送', en: 'Send now' },
  hazard: { zh: '隐患', en: 'Hazard' },
  status_open: { zh: '待整改', en: 'Open' },
  status_rectified: { zh: '已整改，待核查', en: 'Rectified, awaiting check' },
  status_verified: { zh: '已核查通过', en: 'Verified' },
  history: { zh: '处理记录', en: 'History' },
  action_raised: { zh: '发现', en: 'Raised' },
  action_rectified: { zh: '学校整改', en: 'Rectified by the school' },
  action_verified: { zh: '教育局核查通过', en: 'Accepted by the bureau' },
  action_rejected: { zh: '教育局退回', en: 'Sent back by the bureau' },
  action_overdue: { zh: '逾期', en: 'Overdue' },
  reason: { zh: '原因：{note}', en: 'Reason: {note}' },
  rectify: { zh: '提交整改', en: 'Report the rectification' },
  rectifyNote: { zh: '整改情况说明', en: 'What was done' },
  rectifyQueued: { zh: '整改已保存，正在发送。', en: 'Rectification saved; sending.' },
  place: { zh: '位置', en: 'Place' },
  ...prefixedWords('severity', SEVERITY_LABELS),
  console: { zh: '教育局工作台', en: 'Bureau console' },
  consoleSoon: { zh: '教育局工作台正在建设中。', en: 'The bureau console is being built.' },
  adminNoApp: {
    zh: '管理员请使用命令行工具（npm run admin）。',
    en: 'Administrators use the command line (npm run admin).',
  },
  notFound: { zh: '没有这个页面。', en: 'No such page.' },
  formNotFound: { zh: '表单目录里没有这个表单。', en: 'The catalogue has no such form.' },
} satisfies Record<string, Text>;

export type MessageKey = keyof typeof MESSAGES;

export const STORAGE_KEY = 'houqin.locale';

/** The locale: the user's choice, else the phone's language (en → English), else zh-CN. */
export function initialLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  const first = languages[0]?.toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return fill(pick(MESSAGES[key], locale), params);
}

export function hasMessage(key: string): key is MessageKey {
  return key in MESSAGES;
}
