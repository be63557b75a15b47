/**
 * Chat text -> Intent. Mentioned messages are questions or commands; unmentioned ones matter only
 * when they are progress reports (task references plus a status word or percent), so chit-chat,
 * 收到 and 好的 in a busy work group never trigger the bot.
 */
import type { QuotedMessage } from '../chat.js'
import { toHalfWidth, parseChineseNumber } from '../numerals.js'
import { findTaskNumbers, findTaskRefSpans } from './taskRefs.js'
import { analyzeReport, type ReportItem } from './report.js'
import { chinaToday } from '../clock.js'
import { looksLikeUnit } from './unitText.js'
import { isQuestion, stripGreeting } from './phrases.js'
import { MAX_MESSAGE_CHARS } from '../text.js'
import { WordList } from './words.js'

export type TaskRole = 'lead' | 'responsible' | 'guide' | 'support'

export type Intent =
  | { type: 'help' }
  /** targetName: an admin binding someone else (绑定 @张三 县财政局). */
  | { type: 'bind'; unit: string; targetName: string | null }
  | { type: 'unbind'; targetName: string | null }
  | { type: 'whoami' }
  /** role: only tasks where the unit has that role (我单位牵头哪些), null for all. */
  | { type: 'my_tasks'; page: number | null; role: TaskRole | null }
  | { type: 'unit_tasks'; unit: string; page: number | null; role: TaskRole | null }
  | { type: 'more'; page: number | null }
  /** numbers: every task asked about (第5、6项是什么); number is the first. */
  | { type: 'task_detail'; number: number; numbers: number[] }
  | { type: 'task_progress'; number: number }
  | { type: 'search'; query: string }
  /** unit: 发改局快到期的任务 (raw name); withinDays: 3天内到期 / 本周到期, null for the default window. */
  | { type: 'due_soon'; unit: string | null; withinDays: number | null }
  | { type: 'overdue'; unit: string | null }
  /** unit: 代 县司法局 … (an admin reporting for a unit), raw name. */
  | { type: 'report'; items: ReportItem[]; problems: string[]; unit: string | null }
  /** tasks: 撤销第5项 revokes only those; empty for "the last report". */
  | { type: 'undo'; tasks: number[] }
  | { type: 'summary' }
  | { type: 'missing' }
  | { type: 'export' }
  /** 导入 / 预览导入 (admins): the task-table file follows (or came just before); 确认导入 confirms a diff shown. */
  | { type: 'import_table'; dryRun: boolean; confirm?: boolean }
  | { type: 'enable_room' }
  | { type: 'disable_room' }
  | { type: 'claim_admin'; code: string }
  | { type: 'unknown'; text: string }
  | { type: 'ignore' }

export interface IntentContext {
  mentioned: boolean
  now: Date
  quoted?: QuotedMessage | null
}

const CN_NUM = '[零〇一二两三四五六七八九十百]+'

/** Politeness and address words around the request (请问, 麻烦帮我, 助手, 谢谢). */
function stripPolite(s: string): string {
  let t = s
  for (let i = 0; i < 3; i++) {
    const before = t
    t = stripGreeting(t)
      .replace(/^(?:@\S+\s+)?(?:hi|hello|在吗|在不在)[,，!！。~\s]*/i, '')
      .replace(/^(?:小助手|督办助手|助手|机器人)[,，:：\s]*/, '')
      .replace(/^(?:请问一下|请问|请帮我|请帮忙|麻烦帮我|麻烦帮忙|麻烦你|麻烦|帮我|帮忙|劳驾|想问一下|想问下|想问|问一下|问下|我想知道|我想问|请)[,，:：\s]*/, '')
      // Lookbehinds: a trailing match starts only where a run starts (linear on long runs of spaces).
      .replace(/(?<![,，\s])[,，\s]*(?:谢谢(?:你|您)?|多谢|感谢|辛苦了?|麻烦了)[!！。~\s]*$/, '')
      .replace(/(?<![\s。.!！~…])[\s。.!！~…]+$/, '')
      .trim()
    if (t === before) break
  }
  return t
}

function num(s: string): number | null {
  return parseChineseNumber(s)
}

/** 第2页 / 2页 / P2 at the end of a list request. */
function takePage(s: string): { rest: string; page: number | null } {
  // Lookbehinds: a match starts only where a run starts, so long digit or space runs stay linear.
  const m = new RegExp(`(?<![,，\\s])[,，\\s]*(?:第\\s*(\\d+|${CN_NUM})\\s*页|(?<!\\d)(\\d+)\\s*页|[pP](\\d+))$`).exec(s)
  if (!m) return { rest: s, page: null }
  const page = num(m[1] ?? m[2] ?? m[3]!)
  return { rest: s.slice(0, m.index).trim(), page: page !== null && page > 0 ? page : null }
}

const SELF = /^(?:我|我们|咱们|咱|本|我的|我们的|自己|我这边|我们这边)(?:单位|局|部门|镇|乡|办|委|中心|这边|这里|街道|院|所)?(?:的)?$/

function roleOf(s: string): TaskRole | null {
  if (/牵头/.test(s)) return 'lead'
  if (/配合|协办|协助|支持单位|配合单位/.test(s)) return 'support'
  if (/指导/.test(s)) return 'guide'
  if (/责任单位|作为责任/.test(s)) return 'responsible'
  return null
}

/** An @name inside the text (WeChat puts U+2005 after it; the inbound adapter may turn that into a space). */
const AT_NAME = /@([^\s@\u2005]{1,32})/

const PROGRESS_WORDS = /进度|进展|完成情况|落实情况|推进情况|办理情况|情况|完成了?吗|完成没|完成了没|办完|报了|反馈了|各单位|怎么样|如何了|到哪|状态|做得怎么样|谁没|谁还没/
/** Words that ask for a task's details (第5项谁负责时限); any run of them, none included. */
const DETAIL_WORDS = new WordList([
  '内容', '详情', '详细', '具体内容', '具体要求', '要求', '是什么', '是啥', '说的是什么', '讲的什么', '讲什么', '说什么', '谁负责',
  '由谁负责', '哪个单位负责', '哪些单位负责', '谁牵头', '牵头单位', '责任单位', '配合单位', '指导单位', '落实单位', '时限', '完成时限', '截止时间',
  '截止日期', '什么时候到期', '啥时候到期', '什么时候截止', '期限', '查询', '查看', '查一下', '看看', '看一下', '看下', '查', '任务', '的',
  '是', '呢', '吗', '有哪些单位', '哪些单位', '单位', '负责单位', '是谁负责', '归谁', '谁管', '原文', '全文',
])

/** Imperatives and notices from the office ("请各单位于月底前完成第5项") are not anyone's report. */
const NOT_A_REPORT = /^(?:请|务必|各单位|各位|大家|麻烦|提醒|通知|温馨提示|要求|@所有人|所有人|注意)/

function reportIntent(text: string, ctx: IntentContext, unit: string | null): { intent: Intent; strong: boolean } {
  const a = analyzeReport(text, { now: ctx.now, quotedText: ctx.quoted?.text ?? null })
  // A too-wide range with a status (第1至999项已完成) is still a report: its reply says nothing was recorded.
  const strong = a.items.some((it) => it.statusFrom !== 'date') || (a.tooWide.length > 0 && a.hasStatusWord)
  return {
    intent: { type: 'report', items: a.items.map(({ statusFrom: _s, ...it }) => it), problems: a.problems, unit },
    strong,
  }
}

/** 代 县司法局 第5项已完成 / 代县司法局报：… / 替县司法局反馈 …: the unit before the first task reference. */
function takeProxyUnit(s: string): { unit: string; rest: string } | null {
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

function daysUntil(now: Date, kind: 'week' | 'nextweek' | 'month'): number {
  const t = chinaToday(now)
  if (kind === 'week') return 7 - t.weekday
  if (kind === 'nextweek') return 14 - t.weekday
  const last = new Date(Date.UTC(t.y, t.m, 0)).getUTCDate()
  return last - t.d
}

function unitPrefix(s: string): string | null {
  const u = s.replace(/(?:的|有|有哪些|哪些)$/, '').trim()
  if (u === '' || SELF.test(u)) return null
  return looksLikeUnit(u) ? u : null
}

const OVERDUE = /已经?逾期|逾期|超期|过期|已超期|已过期|超时|拖期|延期|超过期限|超过时限|已?到期未完成|过了期限/
const DUE = new RegExp(`快要?到期|即将到期|近期到期|临近到期|马上到期|要到期|快截止|即将截止|近期截止|快到时限|(?:本周|这周|下周|本月|这个月)内?要?到期|((?<!\\d)\\d+|(?<![零〇一二两三四五六七八九十百])${CN_NUM})天内要?到期|到期提醒|临期|到期`)
/** What may come after the deadline word (…的任务有哪些, …了吗) and around its subject (查看…, 哪些任务…). */
const DEADLINE_TAIL = /^(?:未完成|未办结|未落实)?(?:的|了)*(?:任务|事项|工作)?(?:有哪些|有什么|有没有|哪些|清单|列表|情况|吗|呢|没有)*$/
const SUBJECT_LEAD = /^(?:查询|查看|查一下|看看|看一下|查|列出|全部|所有|近期|最近|目前|现在)+/
/** Cut off the subject's end: 发改局有哪些 / 哪些任务 (有哪些 is also 有 + 哪些: a WordList, see words.ts). */
const SUBJECT_TAIL = new WordList(['有哪些', '哪些', '有没有', '有什么', '有', '还', '都', '的', '任务', '事项', '工作'])

/** A deadline question: the subject before the word is nobody (all), the sender's unit or a unit. */
function deadlineQuestion(compact: string, word: RegExp): { unit: string | null; word: string; days?: string } | null {
  const m = word.exec(compact)
  if (!m) return null
  const tail = compact.slice(m.index + m[0].length).replace(/(?<![?？])[?？]+$/, '')
  if (!DEADLINE_TAIL.test(tail)) return null
  const lead = compact.slice(0, m.index).replace(SUBJECT_LEAD, '')
  const subject = SUBJECT_TAIL.dropTrailingWords(lead)
  if (subject === '' || SELF.test(subject)) return { unit: null, word: m[0], days: m[1] }
  const unit = unitPrefix(subject)
  return unit ? { unit, word: m[0], days: m[1] } : null
}

function parseMentioned(raw: string, ctx: IntentContext): Intent {
  const s = stripPolite(raw)
  const c = s.replace(/\s+/g, ' ')
  const compact = c.replace(/\s+/g, '')
  if (compact === '' || /^[?？]+$/.test(compact)) return { type: 'help' }

  if (/^(?:帮助|help|菜单|功能|功能列表|使用说明|说明书?|指南|用法|命令|指令|教程|使用方法|操作说明|你能做什么|你会做什么|你会什么|你能干什么|你可以做什么|你能干啥|你会干啥|你有什么功能|有什么功能|有哪些功能|怎么用|如何使用|怎么使用|咋用|不会用|怎么问|能问什么|可以问什么|你好|hi|hello|在吗)[?？吗呢]*$/i.test(compact)) {
    return { type: 'help' }
  }

  const claim = /^(?:认领|申请|成为|设为|设置|绑定)?管理员(?:口令|验证码|认领码|代码|码)?[:：]?\s*([A-Za-z0-9]{4,16})$/.exec(c.replace(/\s+/g, ' ').replace(/ (?=[A-Za-z0-9]+$)/, ''))
  if (claim) return { type: 'claim_admin', code: claim[1]! }

  const GROUP = '(?:本群|此群|这个群|该群|群聊|本群聊|群|机器人|助手|督办助手|提醒|服务|本群提醒|本群服务)?'
  if (new RegExp(`^(?:启用|开启|打开|激活|开通)${GROUP}$|^(?:本群|此群)(?:启用|开启|开通)$`).test(compact)) return { type: 'enable_room' }
  if (new RegExp(`^(?:停用|关闭|禁用|停止|关掉)${GROUP}$|^(?:本群|此群)(?:停用|关闭|禁用)$`).test(compact)) return { type: 'disable_room' }

  // 导入 / 预览导入 + a task-table file sent just before or after.
  const TABLE = '(?:任务分解表|任务表|分解表|任务清单|表格|文件|新表)?'
  if (new RegExp(`^(?:预览导入|导入预览|试导入)${TABLE}$|^预览(?:任务分解表|任务表|分解表)$`).test(compact)) return { type: 'import_table', dryRun: true }
  if (new RegExp(`^确认导入${TABLE}$`).test(compact)) return { type: 'import_table', dryRun: false, confirm: true }
  if (new RegExp(`^导入${TABLE}$`).test(compact)) return { type: 'import_table', dryRun: false }

  // 我单位的任务 第2页: the page number is not a task.
  const refs = findTaskNumbers(takePage(s).rest)

  // Undo: 撤销, 撤回上一条, 刚才报错了撤销, 撤销第5项的反馈.
  if (/撤销|撤回|作废|(?:取消|删除|删掉)(?:上一条|上条|刚才|刚刚|这条|那条|最后一条)|^(?:刚才|刚刚)?(?:的|那条|这条|上一条|上条)?(?:报错|发错|填错)了?$/.test(compact) && compact.length <= 30) {
    if (!/已撤销|已撤回|已作废/.test(compact)) return { type: 'undo', tasks: refs }
  }

  if (/^(?:我是谁|我是哪个单位的?|我是哪家单位的?|我(?:的)?单位是(?:哪个|什么|啥|哪家)|我(?:现在)?绑定(?:的|了)?(?:是)?(?:哪个|什么|啥|哪家)(?:单位)?|我(?:的)?绑定(?:信息|情况|状态)?|查看绑定|查询绑定|绑定(?:信息|情况|状态)|我绑(?:的|了)(?:哪个|什么|啥)(?:单位)?|我属于哪个单位|我是哪个单位联络员)[?？吗呢]*$/.test(compact)) {
    return { type: 'whoami' }
  }

  const unbind = /^(?:解绑|解除绑定|取消绑定|解除|退出绑定|删除绑定)\s*(?:@(\S+))?$/.exec(c)
  if (unbind) return { type: 'unbind', targetName: unbind[1] ?? null }
  if (/^我(?:已经)?(?:不是|不再是|不当|不再担任)(?:.+?)?(?:联络员|信息员)了?$/.test(compact)) return { type: 'unbind', targetName: null }

  const bindCmd = /^(?:绑定|绑|绑定单位|设置单位|登记|注册)\s*[:：]?\s*(.*)$/.exec(c)
  if (bindCmd && !/^(?:信息|情况|状态)/.test(bindCmd[1]!)) {
    let rest = bindCmd[1]!.trim()
    let targetName: string | null = null
    const at = AT_NAME.exec(rest)
    if (at) {
      targetName = at[1]!
      rest = (rest.slice(0, at.index) + ' ' + rest.slice(at.index + at[0].length)).trim()
    }
    const unit = rest.replace(/\s+/g, '').replace(/^(?:到|为|单位)[:：]?/, '').replace(/(?:的)?(?:联络员|信息员)$/, '')
    if (unit !== '') return { type: 'bind', unit, targetName }
  }
  const iam = /^(?:我是|本人是|我系|本人系|我为|我是来自|我来自)(.+?)(?:的)?(?:(联络员|联络人|信息员|督办员|负责人|工作人员)([\u4e00-\u9fa5]{2,4})?)?$/.exec(compact)
  if (iam && !/^谁/.test(iam[1]!)) {
    const unit = iam[1]!.replace(/的$/, '')
    const titled = iam[2] !== undefined
    // 我是县财政局的 / 我是人社局联络员 / 我是发改局联络员张三 (the name is the sender's own).
    if (looksLikeUnit(unit) && (titled || iam[3] === undefined)) return { type: 'bind', unit, targetName: null }
    if (titled && unit.length <= 16 && !isQuestion(unit)) return { type: 'bind', unit, targetName: null }
  }
  const inCharge = /^我(?:负责|担任)(.+?)的?(?:联络员|联络工作|联络)$/.exec(compact)
  if (inCharge) return { type: 'bind', unit: inCharge[1]!, targetName: null }

  const more = new RegExp(`^(?:更多|查看更多|下一页|下页|后一页|翻页|继续|接着|还有吗|还有呢|还有没有|后面的?|后面呢|再来|more|next|第?\\s*(\\d+|${CN_NUM})\\s*页)$`, 'i').exec(compact)
  if (more) {
    const page = more[1] !== undefined ? num(more[1]) : null
    return { type: 'more', page }
  }

  // Reports and task questions.
  const proxy = takeProxyUnit(c)
  if (proxy) return reportIntent(proxy.rest, ctx, proxy.unit).intent

  if (refs.length > 0) {
    const first = refs[0]!
    const question = isQuestion(compact)
    const residual = compact.replace(/\u0000/g, '')
    let rest = residual
    for (const sp of [...findTaskRefSpans(residual)].reverse()) rest = rest.slice(0, sp.start) + rest.slice(sp.end)
    rest = rest.replace(/[,，。.:：;；!！?？、\s]/g, '').replace(/^(?:查询|查看|查一下|看看|看一下|看下|查|关于)/, '')
    // Progress first: the report reader leaves out question clauses (第5项已完成，第6项谁牵头？).
    const report = reportIntent(s, ctx, null)
    if (report.intent.type === 'report' && report.intent.items.length > 0) return report.intent
    if (question) {
      if (!/要求|时限|期限|截止/.test(rest) && (PROGRESS_WORDS.test(rest) || /完成|落实|办结|推进|启动|开始/.test(rest))) {
        return { type: 'task_progress', number: first }
      }
      return { type: 'task_detail', number: first, numbers: refs }
    }
    if (rest === '' || DETAIL_WORDS.isWords(rest)) return { type: 'task_detail', number: first, numbers: refs }
    if (PROGRESS_WORDS.test(rest) && rest.length <= 12) return { type: 'task_progress', number: first }
    // Numbers plus words we do not recognise as a status: the liaison meant to report; say what is missing.
    if (refs.length === 1 && !/已|正在|在|将|预计|计划|%|进度为|情况为/.test(rest)) return { type: 'task_detail', number: first, numbers: refs }
    return report.intent
  }

  // A reply quoting a reminder: the quote names the task, the reply gives the status or asks about it.
  const quotedTasks = ctx.quoted ? findTaskNumbers(ctx.quoted.text) : []
  if (quotedTasks.length > 0) {
    const q = isQuestion(compact)
    if (q && (DETAIL_WORDS.isWords(compact.replace(/[?？吗呢]/g, '')) || /是什么|谁负责|什么内容|啥意思|什么意思|要求/.test(compact))) {
      return { type: 'task_detail', number: quotedTasks[0]!, numbers: quotedTasks }
    }
    if (!q) {
      const report = reportIntent(s, ctx, null)
      if (report.intent.type === 'report' && report.intent.items.length > 0) return report.intent
    }
  }

  // Deadlines: 逾期任务, 我单位有逾期的吗, 哪些任务逾期了, 发改局快到期的任务, 这周要到期的有哪些.
  const overdue = deadlineQuestion(compact, OVERDUE)
  if (overdue) return { type: 'overdue', unit: overdue.unit }
  const due = deadlineQuestion(compact, DUE)
  if (due) {
    let withinDays: number | null = null
    if (/本周|这周/.test(due.word)) withinDays = daysUntil(ctx.now, 'week')
    else if (/下周/.test(due.word)) withinDays = daysUntil(ctx.now, 'nextweek')
    else if (/本月|这个月/.test(due.word)) withinDays = daysUntil(ctx.now, 'month')
    else if (due.days !== undefined) withinDays = num(due.days)
    return { type: 'due_soon', unit: due.unit, withinDays }
  }

  // Ledger views.
  if (/未反馈|没反馈|没有反馈|未报|没报|还没报|没有报|未上报|没上报|未提交|没提交|未填报|没填报|没交|未交|谁还没|哪些单位没|哪些单位还没|哪个单位没|缺报|漏报/.test(compact) && compact.length <= 20) {
    return { type: 'missing' }
  }
  if (/^(?:导出|下载|发送|发一下|发我|给我|生成)(?:一下|一份)?(?:进度|督办|工作)?(?:台账|表格|excel|报表|汇总表|进度表|明细)?(?:文件)?$|^(?:进度|督办)?台账(?:导出|下载)?$/i.test(compact) && !/^(?:发送|发一下|发我|给我|生成)$/.test(compact)) {
    return { type: 'export' }
  }
  if (/^(?:查看|看看|看下|看一下)?(?:进度|进展)?(?:汇总|统计|总览|概况)(?:一下)?$|^(?:查看|看看|看下|看一下)?(?:总体|整体|全部|所有|全县|总)(?:的)?(?:任务)?(?:进度|进展|完成情况|落实情况|情况)$|^(?:各单位|所有单位|全部单位)(?:的)?(?:进度|进展|完成情况|落实情况|反馈情况)$|^进度(?:情况)?$/.test(compact)) {
    return { type: 'summary' }
  }

  // Search.
  const searchCmd = /^(?:搜索|搜一下|搜|查找|检索|关键词|关键字|找一下|找找|模糊查询)\s*[:：]?\s*(.+)$/.exec(c)
  if (searchCmd) return { type: 'search', query: cleanQuery(searchCmd[1]!) }
  const about =
    /^(?:和|与|跟|同)(.+?)(?:有关|相关)(?:的)?(?:任务|工作|事项|内容)?(?:有哪些|有什么|都有哪些)?$/.exec(compact) ??
    /^(?:有关|关于|涉及|包含|含有|带有|提到)(.+?)的(?:任务|工作|事项|内容)(?:有哪些|有什么|都有哪些)?$/.exec(compact) ??
    /^(?:哪些|什么)(?:任务|工作)(?:和|与|跟)?(?:涉及|有关|关于|包含|提到)(.+?)(?:有关|相关)?$/.exec(compact) ??
    /^(.+?)(?:相关|有关)(?:的)?(?:任务|工作|事项)(?:有哪些|有什么)?$/.exec(compact)
  if (about) {
    const q = cleanQuery(about[1]!)
    if (SELF.test(q)) return { type: 'my_tasks', page: null, role: null }
    if (looksLikeUnit(q)) return { type: 'unit_tasks', unit: q, page: null, role: null }
    if (q !== '') return { type: 'search', query: q }
  }

  // Task lists: mine or another unit's.
  const { rest: listText, page } = takePage(compact.replace(/(?<![?？])[?？]+$/, ''))
  const lookup = /^(?:查询|查一下|查看|查|看看|看一下|看下|列出|列一下)[:：]?(.+)$/.exec(listText)
  if (lookup) {
    const target = lookup[1]!.replace(/(?:的)?(?:任务|工作任务|工作|责任|职责|事项)?(?:清单|列表|有哪些|有什么)?$/, '').replace(/的$/, '')
    if (target === '' || SELF.test(target)) return { type: 'my_tasks', page, role: roleOf(listText) }
    if (looksLikeUnit(target)) return { type: 'unit_tasks', unit: target, page, role: roleOf(listText) }
    if (target.length <= 20 && !isQuestion(target)) return { type: 'search', query: target }
  }
  const VERB = '(?:负责|牵头|配合|协办|协助|指导|参与|承担|要做|需要做|需做|要干|该做|该干|应该做|需要落实|要落实|需落实|落实|要完成|需要完成|有)'
  const asks = new RegExp(`^(.+?)(?:单位)?(?:的)?(${VERB})?(?:哪些|什么|啥|哪几项|哪几个|多少项|多少个|多少|几项)(?:的)?(?:任务|工作|事项|事情|事|内容)?(?:呢|吗|啊)?$`).exec(listText)
  const owns = /^(.+?)(?:的)?(?:全部|所有)?(?:任务|工作任务|责任|职责|责任清单|任务清单|任务列表|事项)(?:清单|列表)?(?:有哪些|是什么|有什么|呢)?$/.exec(listText)
  const subject = asks?.[1] ?? owns?.[1] ?? null
  if (subject !== null) {
    const unit = subject
      .replace(/^(?:查询|查看|看看)/, '')
      .replace(/(?:都|还|一共|共|总共)$/, '')
      .replace(/(?:的)?(?:全部|所有)?(?:任务|工作任务|工作|责任|职责|事项)$/, '')
      .replace(/的$/, '')
      .replace(/(?:牵头|负责|配合|协办|协助|指导|参与|承担)$/, '') // 县林业局牵头的任务: the role is read below
    const role = roleOf(listText)
    if (unit === '' || SELF.test(unit)) return { type: 'my_tasks', page, role }
    const hasVerb = asks?.[2] !== undefined && asks[2] !== '有'
    if (looksLikeUnit(unit) || (hasVerb && unit.length <= 12 && !/[?？]/.test(unit))) return { type: 'unit_tasks', unit, page, role }
    if (!hasVerb && unit.length <= 12) return { type: 'search', query: unit }
  }
  if (/^(?:我的|我们的|本单位的?|我单位的?)$/.test(listText)) return { type: 'my_tasks', page, role: null }
  if (looksLikeUnit(listText)) return { type: 'unit_tasks', unit: listText, page, role: null }

  // Status words without any task: a report missing its task number.
  const a = analyzeReport(s, { now: ctx.now, quotedText: null })
  if (a.hasStatusWord && !isQuestion(compact)) {
    return { type: 'report', items: [], problems: a.tooWide.length ? a.problems : ['未写明任务序号（如：第5项已完成）'], unit: null }
  }

  return { type: 'unknown', text: raw }
}

function cleanQuery(q: string): string {
  return q.replace(/^[“"'「『（(]+|(?<![”"'」』）)])[”"'」』）)]+$/g, '').replace(/(?:的)?(?:任务|工作|事项)$/, '').trim()
}

export function parseIntent(text: string, ctx: IntentContext): Intent {
  if (text.length > MAX_MESSAGE_CHARS) return ctx.mentioned ? { type: 'unknown', text: text.slice(0, 100) } : { type: 'ignore' }
  const raw = toHalfWidth(text).replace(/\u2005/g, ' ').replace(/\r\n?/g, '\n').trim()
  if (ctx.mentioned) return parseMentioned(raw, ctx)

  // Unmentioned: only a report in its own right, never a notice or acknowledgement; questions
  // (第5项谁负责？) give no report items.
  const said = stripGreeting(raw)
  if (said === '' || NOT_A_REPORT.test(said)) return { type: 'ignore' }
  const proxy = takeProxyUnit(said)
  const body = proxy ? proxy.rest : said
  const hasTasks = findTaskRefSpans(body).length > 0 || (ctx.quoted ? findTaskNumbers(ctx.quoted.text).length > 0 : false)
  if (!hasTasks) return { type: 'ignore' }
  const { intent, strong } = reportIntent(body, ctx, proxy ? proxy.unit : null)
  return strong ? intent : { type: 'ignore' }
}
