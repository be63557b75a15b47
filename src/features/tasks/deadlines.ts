/** What is due soon or overdue: for everyone, the sender's unit, or a named unit. */
import { chinaDate, chinaToday } from '../../clock.js'
import { findExpectedDate } from '../../intents/expectedDate.js'
import { WordList } from '../../intents/words.js'
import { CN_NUM, num, SELF, unitPrefix } from '../../intents/said.js'
import type { Recogniser } from '../types.js'

export type DeadlinesIntent =
  /** unit: 发改局快到期的任务 (raw name); withinDays: 3天内到期 / 本周到期, null for the default window. */
  | { type: 'due_soon'; unit: string | null; withinDays: number | null }
  | { type: 'overdue'; unit: string | null }

const OVERDUE = /已经?逾期|逾期|超期|过期|已超期|已过期|超时|拖期|延期|超过期限|超过时限|已?到期未完成|过了期限|(?:已经?)?(?:到期|时间到)了?(?:还|仍|但|却)?(?:没有?|未)(?:完成|办结|办完|做完)|(?:截止日期|截止时间|完成时限|期限|时限)已经?过了?/
/** 年底前要完成, 12月底前到期, 本月内要完成: a deadline by a date the office names (今年要落实 is the whole plan: my_tasks). */
const BY_DATE = `(?:年底|年末|本月底?|这个月底?|下个?月底?|月底|月末|(?:\\d{1,2}|${CN_NUM})月(?:底|末|份|中旬|下旬)?|本周|这周|下周|国庆|春节)(?:之?前|内|以前)?`
const DUE = new RegExp(`${BY_DATE}(?:要|需要?|应当?|必须|得)(?:完成|办结|落实)|${BY_DATE}(?:到期|截止)|快要?到期|即将到期|近期到期|临近到期|马上要?到期|就要到期|要到期|快截止|即将截止|近期截止|快到时限|(?:本周|这周|下周|本月|这个月)内?要?到期|((?<!\\d)\\d+|(?<![零〇一二两三四五六七八九十百])${CN_NUM})天内要?到期|到期提醒|临期|到期`)
/**
 * What may come after the deadline word (…的任务有哪些, …了吗) and around its subject (查看…, 哪些任务…).
 * 过期未报的任务 lists tasks; 逾期未反馈的单位 asks who has not reported (未反馈).
 */
const DEADLINE_TAIL = /^(?:的|了)?(?:还|仍|尚|但)?(?:未完成|未办结|未落实|没完成|没有完成|没做完|没办完|未办完|(?:未报|没报|未反馈|没反馈|未上报)(?=的?(?:任务|事项|工作)))?(?:的|了)*(?:任务|事项|工作|单位)?(?:有哪些|有什么|有没有|哪些|什么|清单|列表|情况|吗|呢|没有|有几项|几项|有哪几项|哪几项|有多少项|多少项|有多少|多少|任务|事项|工作)*$/
const SUBJECT_LEAD = /^(?:查询|查看|查一下|看看|看一下|查|列出|列一下|列下|全部|所有|近期|最近|目前|现在|接下来|后面|之后|往后)+/
/** Cut off the subject's end: 发改局有哪些 / 哪些任务 (有哪些 is also 有 + 哪些: a WordList, see words.ts). */
const SUBJECT_TAIL = new WordList(['有哪些', '哪些', '有没有', '有什么', '有', '还', '都', '的', '任务', '事项', '工作', '已经', '已', '多少项', '多少', '几项', '哪几项', '哪几个', '单位', '什么'])

function daysUntil(now: Date, kind: 'week' | 'nextweek' | 'month'): number {
  const t = chinaToday(now)
  if (kind === 'week') return 7 - t.weekday
  if (kind === 'nextweek') return 14 - t.weekday
  const last = new Date(Date.UTC(t.y, t.m, 0)).getUTCDate()
  return last - t.d
}

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

/** 逾期任务, 我单位有逾期的吗, 哪些任务逾期了, 发改局快到期的任务, 这周要到期的有哪些. */
export const recogniseDeadlines: Recogniser = ({ compact, ctx }) => {
  const overdue = deadlineQuestion(compact, OVERDUE)
  if (overdue) return { type: 'overdue', unit: overdue.unit }
  const due = deadlineQuestion(compact, DUE)
  if (!due) return null
  let withinDays: number | null = null
  if (/本周|这周/.test(due.word)) withinDays = daysUntil(ctx.now, 'week')
  else if (/下周/.test(due.word)) withinDays = daysUntil(ctx.now, 'nextweek')
  else if (/本月|这个月/.test(due.word)) withinDays = daysUntil(ctx.now, 'month')
  else if (due.days !== undefined) withinDays = num(due.days)
  else {
    // 年底前 / 12月底前: up to the date named (the same reading as a report's expected date).
    const by = findExpectedDate(due.word.replace(/(?:要|需要?|应当?|必须|得)?(?:完成|办结|落实|到期|截止)$/, '') + '完成', ctx.now)
    if (by) withinDays = Math.max(0, Math.round((Date.parse(by.date) - Date.parse(chinaDate(ctx.now))) / 86_400_000))
  }
  return { type: 'due_soon', unit: due.unit, withinDays }
}
