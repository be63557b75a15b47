/** The office's views of the ledger: 进度汇总, 未反馈, the exported 台账. */
import type { DataDirUsage, HandlerContext } from '../../ledger/context.js'
import type { Handler } from '../types.js'
import { megabytes } from '../../bytes.js'
import { buildLedgerRows, summarizeUnits } from '../../ledger/ledgerRows.js'
import { formatNumbers, paginate } from '../../replies/pages.js'
import { chinaDateTime } from '../../clock.js'
import { describeUnconfirmed } from '../../replies/outbox.js'
import { progressChartData } from '../../ledger/chartData.js'
import type { LedgerRow } from '../../ledger/ledgerRows.js'

export const summary: Handler<'summary'> = async (ctx) => {
  const rc = await ctx.replyContext()
  const rows = buildLedgerRows(ctx.book, ctx.dir, rc.latest, ctx.today, { settings: rc.grading })
  const unitRows = rows.filter((r) => !r.conditional)
  const units = summarizeUnits(rows)
  const tasksDone = ctx.book.tasks.filter((t) => {
    const own = unitRows.filter((r) => r.task.id === t.id)
    return own.length > 0 && own.every((r) => r.state.done)
  }).length
  const overdueTasks = new Set(unitRows.filter((r) => r.state.overdue).map((r) => r.task.number))
  // A 已完成 under review (待审核) is counted apart: not done until the office closes it.
  const keyOf = (r: LedgerRow) => (r.state.reason === 'under_review' ? 'under_review' : (r.report?.status ?? 'none'))
  const count = (s: string) => unitRows.filter((r) => keyOf(r) === s).length
  const reviewing = count('under_review')
  const red = units.filter((u) => u.colour === 'red')
  const yellow = units.filter((u) => u.colour === 'yellow')
  const blue = units.filter((u) => u.colour === 'blue')
  const lines = [
    `进度汇总（截至${chinaDateTime(ctx.now)}）`,
    `任务 ${ctx.book.tasks.length} 项，全部单位已完成 ${tasksDone} 项；逾期未完成 ${overdueTasks.size} 项。`,
    `单位任务 ${unitRows.length} 条：已完成 ${count('done')}${reviewing ? `，待审核 ${reviewing}` : ''}，推进中 ${count('in_progress')}，遇到困难 ${count('blocked')}，未启动 ${count('not_started')}，未反馈 ${count('none')}。`,
  ]
  // On the first page: the admin must see it without asking for more.
  const unconfirmed = describeUnconfirmed(await ctx.stores.outbox.unconfirmed(ctx.now))
  if (unconfirmed) lines.push(unconfirmed)
  const names = (us: typeof units) => us.map((u) => `${u.unit}${u.overdue ? `（逾期${u.overdue}项）` : ''}`).join('、')
  if (red.length) lines.push(`红色（有逾期未完成）${red.length} 个：${names(red)}`)
  if (yellow.length) lines.push(`黄色（${rc.grading.yellowDays}日内到期）${yellow.length} 个：${names(yellow)}`)
  if (blue.length) lines.push(`蓝色（${rc.grading.blueDays}日内到期）${blue.length} 个：${names(blue)}`)
  const blocked = unitRows.filter((r) => r.report?.status === 'blocked')
  if (blocked.length) lines.push(`需协调：${blocked.map((r) => `${r.unit}第${r.task.number}项`).join('、')}`)
  const usage = await dataDirUsage(ctx)
  if (usage) lines.push(usage)
  const pages = paginate(lines, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  const chart = await progressChart(ctx, rows)
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    ...(chart ? { files: [chart] } : {}),
    data: {
      tasks: ctx.book.tasks.length,
      tasks_done: tasksDone,
      overdue_tasks: [...overdueTasks],
      red: red.map((u) => u.unit),
      yellow: yellow.map((u) => u.unit),
      blue: blue.map((u) => u.unit),
      under_review: reviewing,
    },
    outcome: 'summary',
  }
}

/** The chart image's path when the adapter draws charts; null without (or when drawing fails: the text goes out alone). */
export async function progressChart(ctx: HandlerContext, rows: LedgerRow[]): Promise<string | null> {
  if (!ctx.services.renderProgressChart || !ctx.sender.isAdmin) return null
  try {
    const data = progressChartData(rows, { today: ctx.today, unitOrder: ctx.book.directory.units.map((u) => u.name), documentName: ctx.documentName })
    return await ctx.services.renderProgressChart(data, ctx.today)
  } catch (err) {
    ctx.log.error({ err }, 'progress chart could not be drawn; summary sent without it')
    return null
  }
}

/** The footer line on disk use under DATA_DIR; null where the adapter cannot tell (or the disk read fails). */
async function dataDirUsage(ctx: HandlerContext): Promise<string | null> {
  let usage: DataDirUsage | undefined
  try {
    usage = await ctx.services.dataDirUsage?.()
  } catch (err) {
    ctx.log.warn({ err }, 'disk use under DATA_DIR could not be read')
  }
  if (!usage) return null
  const parts = [`佐证材料 ${megabytes(usage.evidence)}`, `导入文件 ${megabytes(usage.imports)}`, `导出文件 ${megabytes(usage.exports)}`]
  if (usage.database != null) parts.push(`数据库 ${megabytes(usage.database)}`)
  return `数据目录占用：${parts.join('，')}。`
}

/** Units with no report on tasks due within 7 days or overdue; a liaison sees only their own unit. */
export const missing: Handler<'missing'> = async (ctx) => {
  const own = ctx.sender.isAdmin ? null : (ctx.sender.liaison?.unit ?? null)
  const rc = await ctx.replyContext()
  const rows = buildLedgerRows(ctx.book, ctx.dir, rc.latest, ctx.today, { settings: rc.grading }).filter(
    (r) => !r.conditional && !r.report && ['red', 'yellow', 'blue'].includes(r.state.colour) && (!own || r.unit === own),
  )
  if (!rows.length) return { pages: [own ? `${own}没有待反馈的到期任务。` : '到期及逾期任务均已有反馈。'], data: { units: [] }, outcome: { code: 'missing', count: 0 } }
  const byUnit = new Map<string, number[]>()
  for (const r of rows) byUnit.set(r.unit, [...(byUnit.get(r.unit) ?? []), r.task.number])
  // Overdue by the one definition (src/domain/colour.ts), so these agree with 逾期 and 进度汇总.
  const overdueOf = (unit: string) => rows.filter((r) => r.unit === unit && r.state.overdue).map((r) => r.task.number)
  const lines = [`${Math.max(rc.grading.blueDays, rc.grading.yellowDays)}日内到期或已逾期、尚未反馈的单位 ${byUnit.size} 个：`]
  for (const [unit, nums] of byUnit) {
    const late = overdueOf(unit)
    lines.push(`${unit}：${formatNumbers(nums)}${late.length ? `（其中逾期${late.length}项）` : ''}`)
  }
  const pages = paginate(lines, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  const chart = await progressChart(ctx, rows)
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    ...(chart ? { files: [chart] } : {}),
    data: { units: [...byUnit].map(([unit, tasks]) => ({ unit, tasks, overdue: overdueOf(unit) })) },
    outcome: { code: 'missing', count: byUnit.size },
  }
}

export const exportLedger: Handler<'export'> = async (ctx) => {
  if (!ctx.services.exportLedger) return { pages: ['当前环境不支持导出文件，请使用命令行 export。'], data: { error: 'unsupported' }, outcome: 'export:unsupported' }
  const file = await ctx.services.exportLedger('xlsx')
  return { pages: ['台账已导出，文件随后发送。'], files: [file], data: { file }, outcome: 'export' }
}
