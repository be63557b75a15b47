/** Reply texts for task questions, in concise 公文 style. */
import type { AssignmentRole, Deadline } from '../tasks/model.js'
import type { UnitDirectory } from '../units/directory.js'
import type { BookTask, ProgressReport } from '../ledger/ports.js'
import type { Holding, UnitTaskList } from '../ledger/book.js'
import { countHoldings, dueDate, FORMER_UNIT_MARK, pairOf, unitsOfTask, progressKey } from '../ledger/book.js'
import type { UnitTasksByDocument } from '../ledger/documentScope.js'
import { statusLabel } from '../domain/status.js'
import { awaitsUnit, colourOf, type ColourSettings, type PairState } from '../domain/colour.js'
import { daysBetween } from '../clock.js'
import { clip, formatNumbers, paginate } from './pages.js'

export const ROLE_LABEL: Record<AssignmentRole, string> = { lead: '牵头', responsible: '责任', guide: '指导', support: '配合' }

export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/**
 * "2022年12月31日前（已逾期）", "持续推进", "每年（本期截至2026年12月31日，还有35天）". With one unit's
 * `pair` state the text follows it: no 已逾期 once the unit reported 已完成, and a recurring task's
 * missed last period named.
 */
export function formatDeadline(deadline: Deadline, today: string, pair: PairState | null = null): string {
  // The deadline's own date: whether a unit is overdue on it is the pair's question (colourOf).
  const date = dueDate(deadline, today)
  const daysLeft = date == null ? null : daysBetween(today, date)
  const state =
    daysLeft == null
      ? ''
      : daysLeft < 0
        ? '，已逾期'
        : daysLeft === 0
          ? '，今日到期'
          : `，还有${daysLeft}天`
  const pairNote = !pair
    ? state
    : pair.overdue && pair.due !== date
      ? `，上期（截至${formatDate(pair.due!)}）未报完成`
      : pair.done && daysLeft != null && daysLeft < 0
        ? ''
        : pair.pace
          ? `${state}；进度${pair.pace.percent}%，序时进度应达${pair.pace.expected}%`
          : state
  switch (deadline.kind) {
    case 'date':
      return `${formatDate(deadline.date!)}前（${deadline.text ?? '限期'}${pairNote}）`
    case 'recurring':
      return `${deadline.text ?? '定期'}（本期截至${formatDate(date!)}${pairNote}）`
    case 'ongoing':
      return deadline.text ? `${deadline.text}（持续推进）` : '持续推进'
    default:
      return deadline.text ?? '未明确'
  }
}

export interface ReplyContext {
  today: string
  dir: UnitDirectory
  latest: Map<string, ProgressReport>
  pageChars: number
  /** The colour windows from the config and the document's issue date. */
  grading: ColourSettings
}

/** The unit's pair on a task it holds, graded once for every view (src/domain/colour.ts). */
export function pairState(ctx: ReplyContext, task: BookTask, unit: string): PairState | null {
  const pair = pairOf(task, unit, ctx.dir)
  return pair && colourOf(task, pair, ctx.latest.get(progressKey(task.id, unit)) ?? null, ctx.grading, ctx.today)
}

function statusOf(ctx: ReplyContext, task: BookTask, unit: string): string {
  const r = ctx.latest.get(progressKey(task.id, unit))
  if (!r) return '未反馈'
  return statusLabel(r) + (r.percent != null && r.status !== 'done' ? `${r.percent}%` : '')
}

function holdingLine(ctx: ReplyContext, h: Holding, unit: string): string {
  return `第${h.task.number}项 ${clip(h.task.text, 40)}｜${formatDeadline(h.task.deadline, ctx.today, pairState(ctx, h.task, unit))}｜${statusOf(ctx, h.task, unit)}`
}

/**
 * Page 1 is a summary (counts by role, numbers, what is due); later pages list each task in one line.
 * A unit with 40 tasks thus gets a short first answer and "回复“更多”" for the rest.
 */
export function formatUnitTasks(list: UnitTaskList, ctx: ReplyContext): string[] {
  const parts = unitTaskParts(list, ctx)
  if (!parts) return [`${list.unit}在当前任务分解表中暂无任务。`]
  const { summary, lines } = parts
  const footer = '回复“第N项”查看任务详情。'
  // Small lists fit in one message with their lines; large ones get the summary first.
  const single = [summary, ...lines, footer].join('\n')
  if (single.length <= ctx.pageChars) return [single]
  return withDetailPages(summary, lines, ctx.pageChars)
}

/** A unit's tasks as the chat shows them: by document when it holds tasks in several (unitTasksByDocument). */
export function formatUnitTaskPages(g: UnitTasksByDocument, ctx: ReplyContext): string[] {
  const [only] = g.perDocument
  if (g.perDocument.length > 1) return formatUnitTasksByDocument(g.list.unit, g.perDocument.map((x) => ({ name: x.document.shortName, list: x.list })), countHoldings(g.list), ctx)
  if (only) return formatUnitTasks(only.list, ctx).map((p, i) => (i === 0 ? `【${only.document.shortName}】${p}` : p))
  return formatUnitTasks(g.list, ctx)
}

/**
 * A unit's tasks in several documents: one summary per document first (【营商环境】…), then the
 * line-by-line lists under the same headings on the following pages.
 */
export function formatUnitTasksByDocument(unit: string, groups: { name: string; list: UnitTaskList }[], total: number, ctx: ReplyContext): string[] {
  const parts = groups.flatMap((g) => {
    const p = unitTaskParts(g.list, ctx)
    return p ? [{ name: g.name, ...p }] : []
  })
  const head = `${unit}在 ${parts.length} 份文件中共涉及任务 ${total} 项：${parts.map((p) => `${p.name} ${countOf(p.summary)} 项`).join('、')}。`
  const summary = [head, ...parts.map((p) => `【${p.name}】${p.summary}`)].join('\n')
  const lines = parts.flatMap((p) => [`【${p.name}】`, ...p.lines])
  return withDetailPages(summary, lines, ctx.pageChars)
}

const countOf = (summary: string) => /共涉及任务 (\d+) 项/.exec(summary)?.[1] ?? '0'

function withDetailPages(summary: string, lines: string[], pageChars: number): string[] {
  const detailPages = paginate(lines, pageChars - 30)
  return [
    `${summary}\n回复“更多”查看逐项清单（共${detailPages.length}页），回复“第N项”查看详情。`,
    ...detailPages.map((p, i) => `${p}\n（第${i + 1}/${detailPages.length}页${i + 1 < detailPages.length ? '，回复“更多”继续' : ''}）`),
  ]
}

/** The summary (counts by role, what is due) and the line per task of a unit's list; null when it holds none. */
function unitTaskParts(list: UnitTaskList, ctx: ReplyContext): { summary: string; lines: string[] } | null {
  const roles: AssignmentRole[] = ['lead', 'responsible', 'guide', 'support']
  const all: Holding[] = [...roles.flatMap((r) => list[r]), ...list.conditional.flatMap((c) => c.holdings)]
  if (all.length === 0) return null

  const head: string[] = [`${list.unit}共涉及任务 ${all.length} 项：`]
  for (const role of roles) {
    const hs = list[role]
    if (!hs.length) continue
    const direct = hs.filter((h) => !h.viaGroup).map((h) => h.task.number)
    const groups = new Map<string, number[]>()
    for (const h of hs) if (h.viaGroup) groups.set(h.viaGroup, [...(groups.get(h.viaGroup) ?? []), h.task.number])
    const parts: string[] = []
    if (direct.length) parts.push(formatNumbers(direct))
    for (const [g, ns] of groups) parts.push(`作为${g}：${formatNumbers(ns)}`)
    head.push(`【${ROLE_LABEL[role]}】${hs.length}项　${parts.join('；')}`)
  }
  for (const c of list.conditional) {
    head.push(`【如属${c.role}】${c.holdings.length}项　${formatNumbers(c.holdings.map((h) => h.task.number))}`)
  }
  const urgent = all
    .map((h) => ({ h, due: pairState(ctx, h.task, list.unit) }))
    .filter((x) => x.due != null && x.due.daysLeft != null && (x.due.overdue || (awaitsUnit(x.due) && x.due.daysLeft >= 0 && x.due.daysLeft <= 30)))
    .sort((a, b) => a.due!.daysLeft! - b.due!.daysLeft!)
  if (urgent.length) {
    const overdue = urgent.filter((x) => x.due!.overdue).map((x) => x.h.task.number)
    const soon = urgent.filter((x) => !x.due!.overdue).map((x) => x.h.task.number)
    if (soon.length) head.push(`30天内到期：${formatNumbers(soon)}`)
    if (overdue.length) head.push(`已过完成时限尚未报完成：${formatNumbers(overdue)}`)
  }

  const lines: string[] = []
  for (const role of roles) {
    if (!list[role].length) continue
    lines.push(`〔${ROLE_LABEL[role]}〕`)
    for (const h of list[role]) lines.push(holdingLine(ctx, h, list.unit))
  }
  for (const c of list.conditional) {
    lines.push(`〔如属${c.role}〕`)
    for (const h of c.holdings) lines.push(holdingLine(ctx, h, list.unit))
  }

  return { summary: head.join('\n'), lines }
}

/** One task in full: text, units by role, deadline, and who has reported what. */
export function formatTaskDetail(task: BookTask, ctx: ReplyContext, askerUnit: string | null): string {
  const lines: string[] = []
  const where = [task.section, task.subsection].filter(Boolean).join(' ')
  lines.push(`第${task.number}项${task.label ? `（原表序号${task.label}）` : ''}${where ? `（${where}）` : ''}`)
  lines.push(clip(task.text, 500))
  const byRole = new Map<AssignmentRole, string[]>()
  for (const a of task.assignments) byRole.set(a.role, [...(byRole.get(a.role) ?? []), a.target])
  for (const role of ['lead', 'responsible', 'guide', 'support'] as const) {
    const names = byRole.get(role)
    if (names?.length) lines.push(`${ROLE_LABEL[role]}单位：${names.join('、')}`)
  }
  lines.push(`完成时限：${formatDeadline(task.deadline, ctx.today)}`)
  lines.push(formatTaskProgressLine(task, ctx))
  if (askerUnit) {
    const units = unitsOfTask(task, ctx.dir)
    if (units.has(askerUnit)) lines.push(`本单位（${askerUnit}）：${statusOf(ctx, task, askerUnit)}`)
  }
  return lines.join('\n')
}

/** "进度：45个单位中 3个已完成、2个推进中、40个未反馈" */
export function formatTaskProgressLine(task: BookTask, ctx: ReplyContext): string {
  const units = [...unitsOfTask(task, ctx.dir).keys()]
  const counts = new Map<string, number>()
  for (const u of units) {
    const s = statusOf(ctx, task, u).replace(/\d+%$/, '')
    counts.set(s, (counts.get(s) ?? 0) + 1)
  }
  const order = ['已完成', '待审核', '推进中', '未启动', '遇到困难', '未反馈']
  const parts = order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)}个${s}`)
  return `进度：${units.length}个单位中${parts.join('、') || '暂无'}`
}

/** Each unit's latest status on one task (reported units first). */
export function formatTaskProgress(task: BookTask, ctx: ReplyContext): string[] {
  const units = [...unitsOfTask(task, ctx.dir).keys()]
  const reported = units.filter((u) => ctx.latest.has(progressKey(task.id, u)))
  const silent = units.filter((u) => !ctx.latest.has(progressKey(task.id, u)))
  const blocks = [`第${task.number}项 ${clip(task.text, 30)}\n${formatTaskProgressLine(task, ctx)}`]
  for (const u of reported) {
    const r = ctx.latest.get(progressKey(task.id, u))!
    blocks.push(`${u}：${statusOf(ctx, task, u)}${r.note ? `，${clip(r.note, 40)}` : ''}`)
  }
  if (silent.length) blocks.push(`未反馈（${silent.length}个）：${silent.join('、')}`)
  // A unit a revision removed from the task keeps its report here, marked, rather than losing it.
  for (const { unit } of task.formerUnits ?? []) {
    const r = ctx.latest.get(progressKey(task.id, unit))
    if (!r || units.includes(unit)) continue
    blocks.push(`${unit}${FORMER_UNIT_MARK}：${statusOf(ctx, task, unit)}${r.note ? `，${clip(r.note, 40)}` : ''}`)
  }
  return paginate(blocks, ctx.pageChars)
}

/** Search results: number, one line of text, deadline. */
export function formatTaskLines(title: string, tasks: BookTask[], ctx: ReplyContext): string[] {
  const lines = tasks.map((t) => `第${t.number}项 ${clip(t.text, 45)}｜${formatDeadline(t.deadline, ctx.today)}`)
  return paginate([title, ...lines], ctx.pageChars)
}
