/** Questions about tasks: a unit's list, one task's content or progress, search, more pages. */
import { findTaskRefSpans } from '../../intents/taskRefs.js'
import { looksLikeUnit } from '../../intents/unitText.js'
import { isQuestion } from '../../intents/phrases.js'
import { WordList } from '../../intents/words.js'
import { CN_NUM, cleanQuery, num, roleOf, SELF, takePage, type TaskRole } from '../../intents/said.js'
import { readReport } from '../reports/recognise.js'
import type { Recogniser } from '../types.js'

export type TasksIntent =
  /** role: only tasks where the unit has that role (我单位牵头哪些), null for all. */
  | { type: 'my_tasks'; page: number | null; role: TaskRole | null }
  | { type: 'unit_tasks'; unit: string; page: number | null; role: TaskRole | null }
  | { type: 'more'; page: number | null }
  /** numbers: every task asked about (第5、6项是什么); number is the first. */
  | { type: 'task_detail'; number: number; numbers: number[] }
  /** numbers: 第1、2项进度 asks about each (only when more than one; number is the first). */
  | { type: 'task_progress'; number: number; numbers?: number[] }
  | { type: 'search'; query: string }

const PROGRESS_WORDS = /进度|进展|完成情况|落实情况|推进情况|办理情况|情况|完成了?吗|完成没|完成了没|办完|报了|反馈了|各单位|怎么样|怎样|咋样|如何了|到哪|状态|[做办弄搞]得|谁没|谁还没|报过|反馈过|还没报|没报|未报|没反馈|未反馈|[做办弄搞干整]完/
/** Words that ask for a task's details (第5项谁负责时限); any run of them, none included. */
export const DETAIL_WORDS = new WordList([
  '内容', '详情', '详细', '具体内容', '具体要求', '要求', '是什么', '是啥', '说的是什么', '讲的什么', '讲什么', '说什么', '谁负责',
  '由谁负责', '哪个单位负责', '哪些单位负责', '谁牵头', '牵头单位', '责任单位', '配合单位', '指导单位', '落实单位', '时限', '完成时限', '截止时间',
  '截止日期', '什么时候到期', '啥时候到期', '什么时候截止', '期限', '查询', '查看', '查一下', '看看', '看一下', '看下', '查', '任务', '的',
  '是', '呢', '吗', '有哪些单位', '哪些单位', '单位', '负责单位', '是谁负责', '归谁', '谁管', '原文', '全文',
])

const MORE = new RegExp(`^(?:更多|查看更多|下一页|下页|后一页|翻页|继续|接着|还有吗|还有呢|还有没有|后面的?|后面呢|再来|more|next|第?\\s*(\\d+|${CN_NUM})\\s*页)(?:呢|吧)?$`, 'i')

/** 更多, 下一页, 第3页. */
export const recogniseMore: Recogniser = ({ compact }) => {
  const more = MORE.exec(compact)
  return more ? { type: 'more', page: more[1] !== undefined ? num(more[1]) : null } : null
}

function progressOf(refs: number[]): TasksIntent {
  return refs.length > 1 ? { type: 'task_progress', number: refs[0]!, numbers: refs } : { type: 'task_progress', number: refs[0]! }
}

/**
 * A message naming task numbers: a report when it carries progress, else a question about the task's
 * content or its progress.
 */
export const recogniseNumberedTask: Recogniser = ({ s, compact, refs: named, ctx }) => {
  // A bare "57号" to the bot names a task (in a report or a sentence 15号 is a date).
  const bareNumber = /^(\d{1,3})号$/.exec(compact)
  const refs = named.length === 0 && bareNumber ? [Number(bareNumber[1])] : named
  if (refs.length === 0) return null
  const first = refs[0]!
  const question = isQuestion(compact)
  let rest = compact
  for (const sp of [...findTaskRefSpans(compact)].reverse()) rest = rest.slice(0, sp.start) + rest.slice(sp.end)
  rest = rest.replace(/[,，。.:：;；!！?？、\s]/g, '').replace(/^(?:查询|查看|查一下|看看|看一下|看下|查|关于)/, '')
  // Progress first: the report reader leaves out question clauses (第5项已完成，第6项谁牵头？).
  const report = readReport(s, ctx, null).intent
  if (report.items.length > 0) return report
  if (question) {
    if (!/要求|时限|期限|截止/.test(rest) && (PROGRESS_WORDS.test(rest) || /完成|落实|办结|推进|启动|开始/.test(rest))) {
      return progressOf(refs)
    }
    return { type: 'task_detail', number: first, numbers: refs }
  }
  if (rest === '' || DETAIL_WORDS.isWords(rest)) return { type: 'task_detail', number: first, numbers: refs }
  if (PROGRESS_WORDS.test(rest) && rest.length <= 12) return progressOf(refs)
  // Numbers plus words we do not recognise as a status: the liaison meant to report; say what is missing.
  if (refs.length === 1 && !/已|正在|在|将|预计|计划|%|进度为|情况为/.test(rest)) return { type: 'task_detail', number: first, numbers: refs }
  return report
}

/** 搜索 规范性文件, 和营商环境有关的任务 (or a unit's / my tasks when the subject is one). */
export const recogniseSearch: Recogniser = ({ c, compact }) => {
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
  return null
}

const VERB = '(?:负责|牵头|配合|协办|协助|指导|参与|承担|要做|需要做|需做|要干|该做|该干|应该做|需要落实|要落实|需落实|落实|要完成|需要完成|涉及|摊了|摊到|分到|分了|有|又)' // 又: a typo of 有
const ASKS = new RegExp(`^(.+?)(?:单位)?(?:的)?(${VERB})?(?:哪些|什么|啥|些啥|些什么|哪几项|哪几个|多少项|多少个|多少|几项|几个)(?:的)?(?:工作任务|任务|工作|事项|事情|事|内容|活儿?)?(?:还?没完成|未完成|没做完|要落实|要做|要完成|需要落实|需要完成)?(?:呢|吗|啊)?$`)
const OWNS = /^(.+?)(?:的)?(?:全部|所有)?(?:任务|工作任务|工作|责任|职责|责任清单|任务清单|任务列表|事项|活儿?)(?:清单|列表)?(?:有哪些|是什么|有什么|呢|发一下|发我一下|发我)?$/

const UNIT_PROGRESS = /^(.+?)(?:的)?(?:任务|工作)?(?:进度|进展|完成情况|落实情况|推进情况|反馈情况|情况)(?:如何|怎么样|怎样|咋样|呢)?$/

/** 哪些任务还没完成 / 已完成的任务有哪些: the sender's list, which shows each task's progress. */
const DONE_OR_NOT = /^(?=.*(?:哪些|多少|几项|什么))(?:还有)?(?:哪些|多少|几项|什么)?(?:任务|工作|事项)?(?:还|已经?|都)?(?:没有?完成|未完成|没办完|完成了|已?完成|办结了|已办结)了?的?(?:任务|工作|事项)?(?:有哪些|有多少|有几项|是哪些)?$/

/** Task lists: mine (我单位负责什么) or another unit's (发改局有哪些任务), by role when asked. */
export const recogniseTaskList: Recogniser = ({ compact }) => {
  // 司法局的进度 / 人社局进展怎么样: that unit's tasks, which show their progress.
  const unitProgress = UNIT_PROGRESS.exec(compact)
  if (unitProgress && looksLikeUnit(unitProgress[1]!)) return { type: 'unit_tasks', unit: unitProgress[1]!, page: null, role: null }
  const { rest: listText, page } = takePage(compact.replace(/(?<![?？])[?？]+$/, ''))
  if (DONE_OR_NOT.test(listText)) return { type: 'my_tasks', page, role: null }
  const lookup = /^(?:查询|查一下|查下|查看|查|看看|看一下|看下|列出|列一下)[:：]?(.+)$/.exec(listText)
  if (lookup) {
    const target = lookup[1]!.replace(/(?:的)?(?:任务|工作任务|工作|责任|职责|事项)?(?:清单|列表|有哪些|有什么)?$/, '').replace(/的$/, '')
    if (target === '' || SELF.test(target)) return { type: 'my_tasks', page, role: roleOf(listText) }
    if (looksLikeUnit(target)) return { type: 'unit_tasks', unit: target, page, role: roleOf(listText) }
    if (target.length <= 20 && !isQuestion(target)) return { type: 'search', query: target }
  }
  const asks = ASKS.exec(listText)
  const owns = OWNS.exec(listText)
  const subject = asks?.[1] ?? owns?.[1] ?? null
  if (subject !== null) {
    const unit = subject
      .replace(/^(?:查询|查看|看看|分给|交给|安排给|分配给|派给)/, '')
      .replace(/(?:都|还|一共|共|总共)$/, '')
      .replace(/(?:的)?(?:全部|所有)?(?:任务|工作任务|工作|责任|职责|事项)$/, '')
      .replace(/的$/, '')
      .replace(/(?:牵头|负责|配合|协办|协助|指导|参与|承担)$/, '') // 县林业局牵头的任务: the role is read below
      .replace(/(?:要|需要|需|应)(?:落实|完成|做|干|办)$/, '') // 我们要落实的任务
      // 今年要落实哪些工作, 我们单位今年的任务, 有啥任务: time words and a bare 有 name nobody else.
      .replace(/(?:今年|本年度?|目前|现在|当前|近期|下半年|年内)$|^(?:有|今年|本年度?|目前|现在|当前|近期|下半年|年内)$/, '')
      .replace(/的$/, '')
    const role = roleOf(listText)
    if (unit === '' || SELF.test(unit)) return { type: 'my_tasks', page, role }
    const hasVerb = asks?.[2] !== undefined && asks[2] !== '有'
    if (looksLikeUnit(unit) || (hasVerb && unit.length <= 12 && !/[?？]/.test(unit))) return { type: 'unit_tasks', unit, page, role }
    if (!hasVerb && unit.length <= 12) return { type: 'search', query: unit }
  }
  // 我们局的 / 我们负责的 / 司法局的: a bare owner.
  const owner = listText.replace(/(?:负责|牵头|配合|承担)?的$/, '')
  if (owner !== '' && SELF.test(owner)) return { type: 'my_tasks', page, role: roleOf(listText) }
  if (looksLikeUnit(owner)) return { type: 'unit_tasks', unit: owner, page, role: roleOf(listText) }
  return null
}
