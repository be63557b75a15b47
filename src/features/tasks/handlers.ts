/** Questions: a unit's tasks, one task, search, what is due. */
import type { HandlerContext, HandlerResult } from '../../ledger/context.js'
import type { Handler, IntentOf } from '../types.js'
import type { ErrorData, ResultDataOf } from '../results.js'
import { countHoldings, findTask, holdingOf, searchTasks } from '../../ledger/book.js'
import type { UnitTaskList } from '../../ledger/book.js'
import { formatTaskDetail, formatTaskLines, formatTaskProgress, formatUnitTaskPages } from '../../replies/tasks.js'
import { paginate } from '../../replies/pages.js'
import type { BookTask } from '../../ledger/ports.js'
import type { AssignmentRole } from '../../tasks/model.js'
import { listedState } from '../../ledger/ledgerRows.js'
import { unitTasksByDocument, unitTasksJson } from '../../ledger/documentScope.js'
import { awaitsUnit, type PairState } from '../../domain/colour.js'



/** Keeps one role's tasks (牵头哪些) when the question asks for it. */
function onlyRole(list: UnitTaskList, role: AssignmentRole | null): UnitTaskList {
  if (!role) return list
  return { unit: list.unit, lead: [], responsible: [], guide: [], support: [], conditional: [], [role]: list[role] }
}

async function answerUnit(ctx: HandlerContext, unit: string, page: number | null, role: AssignmentRole | null = null): Promise<HandlerResult<ResultDataOf<'my_tasks'>>> {
  // Several active documents, each numbered from 1: the unit's tasks grouped by document.
  const grouped = unitTasksByDocument(ctx.book, unit, ctx.dir, (l) => onlyRole(l, role))
  const pages = formatUnitTaskPages(grouped, await ctx.replyContext())
  const start = page && page > 1 ? Math.min(page, pages.length) - 1 : 0
  ctx.setMorePages(pages.slice(start + 1))
  return { pages: [pages[start]!], data: unitTasksJson(grouped), outcome: { code: 'tasks', count: countHoldings(grouped.list) } }
}

/** The sender's unit's tasks (the policy makes sure there is a unit). */
export const myTasks: Handler<'my_tasks'> = async (ctx) => {
  return answerUnit(ctx, ctx.sender.liaison!.unit, ctx.intent.page, ctx.intent.role)
}

/** Resolves a unit name from chat, or explains what was not found with near misses. */
export function resolveUnitForChat(ctx: HandlerContext, raw: string): { unit: string } | { error: 'not_a_unit' | 'unknown_unit'; reply: string } {
  const r = ctx.dir.resolve(raw) ?? ctx.dir.findInText(raw)
  if (r?.type === 'unit') return { unit: r.name }
  if (r) return { error: 'not_a_unit', reply: `“${r.name}”是单位类别，不是具体单位。请写具体单位名称，例如：县司法局。` }
  const near = ctx.dir.suggest(raw, 3)
  return {
    error: 'unknown_unit',
    reply: `单位名录中没有“${raw}”。${near.length ? `您要找的是不是：${near.join('、')}？` : '请核对单位全称。'}`,
  }
}

export const unitTasks: Handler<'unit_tasks'> = async (ctx) => {
  const found = resolveUnitForChat(ctx, ctx.intent.unit)
  if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
  return answerUnit(ctx, found.unit, ctx.intent.page, ctx.intent.role)
}

export const more: Handler<'more'> = async (ctx) => {
  const page = ctx.takeMorePage()
  if (!page) return { pages: ['没有更多内容了。'], outcome: 'more:none' }
  return { pages: [page], outcome: 'more' }
}

export function noSuchTask(ctx: HandlerContext, n: number): HandlerResult<ErrorData> {
  const numbers = ctx.book.tasks.map((t) => t.number)
  const range = numbers.length ? `现有任务编号为第${Math.min(...numbers)}至${Math.max(...numbers)}项` : '尚未导入任务分解表'
  return {
    pages: [`任务分解表中没有第${n}项（${range}${numbers.length && n >= Math.min(...numbers) && n <= Math.max(...numbers) ? '，其中部分编号空缺' : ''}）。`],
    data: { error: 'unknown_task', task: n },
    outcome: 'unknown_task',
  }
}

export type TaskDetailData = ReturnType<typeof taskData>

function taskData(task: BookTask) {
  const by = (role: string) => task.assignments.filter((a) => a.role === role).map((a) => a.target)
  return {
    number: task.number,
    section: task.section,
    subsection: task.subsection,
    text: task.text,
    lead: by('lead'),
    responsible: by('responsible'),
    guide: by('guide'),
    support: by('support'),
    deadline: task.deadline,
  }
}

export const taskDetail: Handler<'task_detail'> = async (ctx) => {
  const numbers = ctx.intent.numbers.length > 1 ? ctx.intent.numbers : [ctx.intent.number]
  const tasks = numbers.map((n) => findTask(ctx.book, n))
  const missingNumber = numbers.find((_, i) => !tasks[i])
  if (missingNumber !== undefined && numbers.length === 1) return noSuchTask(ctx, missingNumber)
  const rc = await ctx.replyContext()
  const found = tasks.filter((t): t is BookTask => t !== null)
  // One of several documents: the answer says which (【营商环境】第3项…).
  const blocks = found.map((t) => `${ctx.documentName ? `【${ctx.documentName}】` : ''}${formatTaskDetail(t, rc, ctx.sender.liaison?.unit ?? null)}`)
  const absent = numbers.filter((_, i) => !tasks[i])
  if (absent.length) blocks.push(`任务分解表中没有${absent.map((n) => `第${n}项`).join('、')}。`)
  const pages = paginate(blocks, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”查看其余各项。' : '')],
    data: found.length === 1 ? { task: taskData(found[0]!) } : { tasks: found.map((t) => t.number), ...(absent.length ? { error: 'unknown_task' } : {}) },
    outcome: 'task_detail',
  }
}

export const taskProgress: Handler<'task_progress'> = async (ctx) => {
  if (ctx.intent.numbers && ctx.intent.numbers.length > 1) return severalTasksProgress(ctx, ctx.intent.numbers)
  const task = findTask(ctx.book, ctx.intent.number)
  if (!task) return noSuchTask(ctx, ctx.intent.number)
  const pages = formatTaskProgress(task, await ctx.replyContext())
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”查看其余单位。' : '')],
    data: { task: taskData(task) },
    outcome: 'task_progress',
  }
}

/** 第1、2项进度: each task's progress in turn, one list of pages. */
async function severalTasksProgress(ctx: HandlerContext<IntentOf<'task_progress'>>, numbers: number[]): Promise<HandlerResult<ResultDataOf<'task_progress'>>> {
  const found = numbers.map((n) => findTask(ctx.book, n)).filter((t): t is BookTask => t !== null)
  const absent = numbers.filter((n) => !found.some((t) => t.number === n))
  if (found.length === 0) return noSuchTask(ctx, numbers[0]!)
  const rc = await ctx.replyContext()
  const blocks = found.flatMap((t) => formatTaskProgress(t, rc))
  if (absent.length) blocks.push(`任务分解表中没有${absent.map((n) => `第${n}项`).join('、')}。`)
  const pages = paginate(blocks, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”查看其余内容。' : '')],
    data: { tasks: found.map((t) => t.number), ...(absent.length ? { error: 'unknown_task' } : {}) },
    outcome: 'task_progress',
  }
}

export const search: Handler<'search'> = async (ctx) => {
  const query = ctx.intent.query.trim()
  if (!query) return { pages: ['请在“搜索”后写关键词，例如：搜索 规范性文件。'], data: { error: 'empty_query', tasks: [] } }
  const found = searchTasks(ctx.book, query)
  if (!found.length) return { pages: [`没有找到与“${query}”有关的任务。`], data: { tasks: [] }, outcome: { code: 'search', count: 0 } }
  const pages = formatTaskLines(`与“${query}”有关的任务 ${found.length} 项：`, found, await ctx.replyContext())
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”查看其余结果。' : '')],
    data: { tasks: found.map((t) => t.number) },
    outcome: { code: 'search', count: found.length },
  }
}

/** due_soon / overdue: for the sender's unit, or every task for an admin with no unit. */
export const dueTasks: Handler<'due_soon' | 'overdue'> = async (ctx) => {
  const overdue = ctx.intent.type === 'overdue'
  const window = ctx.intent.type === 'due_soon' && ctx.intent.withinDays != null ? ctx.intent.withinDays : 30
  let unit = ctx.sender.liaison?.unit ?? null
  if (ctx.intent.unit) {
    const found = resolveUnitForChat(ctx, ctx.intent.unit)
    if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
    unit = found.unit
  }
  const rc = await ctx.replyContext()
  const states = new Map<BookTask, PairState>()
  const tasks = ctx.book.tasks.filter((t) => {
    if (unit && !holdingOf(t, unit, ctx.dir)) return false
    const due = listedState(t, unit, ctx.dir, rc.latest, rc.grading, ctx.today)
    if (due?.daysLeft == null) return false
    states.set(t, due)
    return overdue ? due.overdue : !due.overdue && awaitsUnit(due) && due.daysLeft >= 0 && due.daysLeft <= window
  })
  const who = unit ?? '全部单位'
  if (!tasks.length) {
    return {
      pages: [overdue ? `${who}暂无逾期未完成的任务。` : `${who}近${window}天内暂无到期任务。`],
      data: { unit, tasks: [] },
      outcome: { code: ctx.intent.type, count: 0 },
    }
  }
  tasks.sort((a, b) => (states.get(a)!.daysLeft ?? 0) - (states.get(b)!.daysLeft ?? 0))
  const title = overdue ? `${who}已过完成时限、尚未报完成的任务 ${tasks.length} 项：` : `${who}近${window}天内到期的任务 ${tasks.length} 项：`
  const pages = formatTaskLines(title, tasks, rc)
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”查看其余任务。' : '')],
    data: { unit, tasks: tasks.map((t) => t.number) },
    outcome: { code: ctx.intent.type, count: tasks.length },
  }
}
