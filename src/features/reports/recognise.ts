/**
 * Progress reports and their corrections. Unmentioned messages matter only when they are reports
 * (task references plus a status word or percent), so chit-chat, 收到 and 好的 never trigger the bot.
 */
import { analyzeReport, type ReportItem } from '../../intents/report.js'
import { findTaskNumbers, findTaskRefSpans } from '../../intents/taskRefs.js'
import { isQuestion, stripGreeting } from '../../intents/phrases.js'
import { quotedTaskNumbers, type IntentContext } from '../../intents/said.js'
import type { Intent } from '../intent.js'
import type { Recogniser } from '../types.js'
import { DETAIL_WORDS } from '../tasks/recognise.js'

export type ReportsIntent =
  /** unit: 代 县司法局 … (an admin reporting for a unit), raw name. */
  | { type: 'report'; items: ReportItem[]; problems: string[]; unit: string | null }
  /** tasks: 撤销第5项 revokes only those; empty for "the last report". */
  | { type: 'undo'; tasks: number[] }
  /** A liaison's message about their tasks that reads like progress but says no status the bot can read. */
  | { type: 'unclear_report'; tasks: number[] }

/** Imperatives and notices from the office ("请各单位于月底前完成第5项") are not anyone's report. */
const NOT_A_REPORT = /^(?:请|务必|各单位|各位|大家|麻烦|提醒|通知|温馨提示|要求|@所有人|所有人|注意|如果|如(?!期|实)|若|假如)/ // 如第5项已完成请回复: a condition

/** The report in a text; strong when some status was read from words or a percent, not a date alone. */
export function readReport(text: string, ctx: IntentContext, unit: string | null): { intent: Extract<Intent, { type: 'report' }>; strong: boolean } {
  const a = analyzeReport(text, { now: ctx.now, quotedText: ctx.quoted?.text ?? null })
  // A too-wide range with a status (第1至999项已完成) is still a report: its reply says nothing was recorded.
  const strong = a.items.some((it) => it.statusFrom !== 'date') || (a.tooWide.length > 0 && a.hasStatusWord)
  return {
    intent: { type: 'report', items: a.items.map(({ statusFrom: _s, ...it }) => it), problems: a.problems, unit },
    strong,
  }
}

/** 代 县司法局 第5项已完成 / 代县司法局报：… / 替县司法局反馈 …: the unit before the first task reference. */
export function takeProxyUnit(s: string): { unit: string; rest: string } | null {
  const m = /^(?:代为|代表|代|替|帮)\s*(?:报送|填报|反馈|汇报|上报|报)?(?:一下)?\s*/.exec(s)
  if (!m) return null
  const rest = s.slice(m[0].length)
  const spans = findTaskRefSpans(rest)
  const first = spans[0]
  if (!first) return null
  const unit = rest
    .slice(0, first.start)
    .replace(/(?<![\s,，:：;；])[\s,，:：;；]+$/, '')
    .replace(/(?:报送|填报|反馈|汇报|上报|报告|报)(?:一下)?$/, '')
    .replace(/的$/, '')
    .trim()
  if (unit === '' || unit.length > 24 || /[,，。；;]/.test(unit)) return null
  return { unit, rest: rest.slice(first.start) }
}

const UNDO = /撤销|撤回|作废|(?:取消|删除|删掉)(?:上一条|上条|刚才|刚刚|这条|那条|最后一条)|^(?:刚才|刚刚)?(?:的|那条|这条|上一条|上条)?(?:报错|发错|填错)了?$/

/** 撤销, 撤回上一条, 刚才报错了撤销, 撤销第5项的反馈. */
export const recogniseUndo: Recogniser = ({ compact, refs }) => {
  if (UNDO.test(compact) && compact.length <= 30 && !/已撤销|已撤回|已作废/.test(compact)) return { type: 'undo', tasks: refs }
  return null
}

/** 代 县司法局 第5项已完成 (an admin for a unit). */
export const recogniseProxyReport: Recogniser = ({ c, ctx }) => {
  const proxy = takeProxyUnit(c)
  return proxy ? readReport(proxy.rest, ctx, proxy.unit).intent : null
}

/** A reply quoting a reminder: the quote names the task, the reply gives the status or asks about it. */
export const recogniseQuotedReply: Recogniser = ({ s, compact, ctx }) => {
  const quoted = quotedTaskNumbers(ctx)
  if (!quoted.length) return null
  if (isQuestion(compact)) {
    const aboutTask = DETAIL_WORDS.isWords(compact.replace(/[?？吗呢]/g, '')) || /是什么|谁负责|什么内容|啥意思|什么意思|要求/.test(compact)
    return aboutTask ? { type: 'task_detail', number: quoted[0]!, numbers: quoted } : null
  }
  const report = readReport(s, ctx, null).intent
  return report.items.length > 0 ? report : null
}

/** Status words without any task: a report missing its task number (its reply says so). */
export const recogniseReportWithoutTask: Recogniser = ({ s, compact, ctx }) => {
  const a = analyzeReport(s, { now: ctx.now, quotedText: null })
  if (!a.hasStatusWord || isQuestion(compact)) return null
  return { type: 'report', items: [], problems: a.tooWide.length ? a.problems : ['未写明任务序号（如：第5项已完成）'], unit: null }
}

/** A bare undo said to the group, not to the bot (撤销, 撤回刚才的, 刚才报错了撤销): every receipt offers it. */
const BARE_UNDO = /^(?:(?:刚才|刚刚)(?:的|那条)?(?:报错|发错|填错)了?[,，]?)?(?:请)?(?:撤销|撤回)(?:一下)?(?:刚才|刚刚|上一条|上条|这条|那条|最后一条)?(?:的)?(?:报送|反馈|进度|消息)?$/

/** Work done, said in the words offices use: a message about a task with one of these reads like progress. */
const WORK_VERB = /召开|开展|组织|印发|制定|出台|建立|上线|报送|整改|部署|推进|落实|实施|启动|开设|设立|完善|发布|公开|培训|检查|督导|编制|修订|办理|做好|进行|对接|协调|调研|起草|审议|征求|汇报|提交|安排|梳理|排查|送审|审定|审批|已报/
/** Requests and notices about a task (…的单位请于周五前报送, 请抓紧推进, 以第5项为重点抓好落实): the office speaking, not a report. */
const IMPERATIVE = /请|务必|要求|抓紧|抓好|尽快|的单位|各单位|大家|为重点/
/** What answers a reminder without being progress: 收到, 好的, 马上落实. */
const ACKNOWLEDGEMENT = /^(?:收到|好的?|明白|知道了|了解|嗯|OK|ok|马上|立即|尽快|抓紧|正在看|稍等)/

/**
 * An unmentioned message: only a report in its own right, never a notice or acknowledgement;
 * questions (第5项谁负责？) give no report items. A message about tasks that reads like progress
 * without a readable status is asked about (unclear_report), not left in silence.
 */
export function recogniseUnmentioned(raw: string, ctx: IntentContext): Intent {
  const said = stripGreeting(raw)
  if (said === '' || NOT_A_REPORT.test(said)) return { type: 'ignore' }
  if (BARE_UNDO.test(said.replace(/[\s。.!！~]+/g, ''))) return { type: 'undo', tasks: [] }
  const proxy = takeProxyUnit(said)
  const body = proxy ? proxy.rest : said
  const named = findTaskRefSpans(body).length > 0
  const hasTasks = named || (ctx.quoted ? findTaskNumbers(ctx.quoted.text).length > 0 : false)
  if (!hasTasks) return { type: 'ignore' }
  const { intent, strong } = readReport(body, ctx, proxy ? proxy.unit : null)
  if (strong) return intent
  if (!proxy && named && !isQuestion(body) && !ACKNOWLEDGEMENT.test(body) && !IMPERATIVE.test(body) && WORK_VERB.test(body)) {
    const tasks = findTaskNumbers(body)
    if (tasks.length) return { type: 'unclear_report', tasks }
  }
  return { type: 'ignore' }
}
