/** Progress reports, corrections, evidence, and the ledger views. */
import type { DataDirUsage, Handler, HandlerContext, HandlerResult, SavedAttachment } from '../context.js'
import { MIB, megabytes } from '../../bytes.js'
import { findTask, holdingOf, STATUS_LABEL } from '../book.js'
import type { NewProgressReport, ProgressReport } from '../ports.js'
import { resolveUnitForChat } from './queries.js'
import { confirmAgain } from './people.js'
import { buildLedgerRows, summarizeUnits } from '../ledgerRows.js'
import { formatNumbers, paginate } from '../../replies/pages.js'
import { chinaDateTime } from '../../clock.js'
import { describeUnconfirmed } from '../../replies/outbox.js'
import { formatDate } from '../../replies/tasks.js'

export const REPORT_HINT = '请按“第N项＋进展”报送，例如：第5项已完成；第6项正在推进，完成70%，预计11月底完成。'

interface Rejected {
  task: number
  reason: string
}

function describe(r: Pick<ProgressReport, 'status' | 'percent' | 'expectedDate' | 'note'>): string {
  const parts: string[] = [STATUS_LABEL[r.status]]
  if (r.percent != null && r.status !== 'done') parts[0] += ` ${r.percent}%`
  if (r.expectedDate) parts.push(`预计${formatDate(r.expectedDate)}前完成`)
  if (r.note) parts.push(r.note.length > 40 ? r.note.slice(0, 40) + '…' : r.note)
  return parts.join('，')
}

/** Groups stored reports by identical content so "第1、2项 已完成" reads as one line. */
function echoLines(rows: ProgressReport[], numberOf: (taskId: number) => number): string[] {
  const groups = new Map<string, number[]>()
  for (const r of rows) {
    const key = describe(r)
    groups.set(key, [...(groups.get(key) ?? []), numberOf(r.taskId)])
  }
  return [...groups].map(([text, nums]) => `${formatNumbers(nums)} ${text}`)
}

/** Rejections grouped by reason (第60—100项（任务分解表中没有此项）), so a wide range reads as one line. */
function rejectionLines(rejected: Rejected[]): string {
  const byReason = new Map<string, number[]>()
  for (const r of rejected) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.task])
  return [...byReason].map(([reason, tasks]) => `${formatNumbers(tasks)}（${reason}）`).join('；')
}

export const report: Handler = async (ctx) => {
  if (ctx.intent.type !== 'report') throw new Error('intent mismatch')
  const intent = ctx.intent
  let unit: string
  if (intent.unit) {
    if (!ctx.sender.isAdmin) return { pages: ['代其他单位报送仅限管理员。'], data: { error: 'not_admin', reports: [], rejected: [] }, outcome: 'denied' }
    const found = resolveUnitForChat(ctx, intent.unit)
    if ('error' in found) return { pages: [found.reply], data: { error: found.error, reports: [], rejected: [] }, outcome: found.error }
    unit = found.unit
  } else if (ctx.sender.liaison) {
    unit = ctx.sender.liaison.unit
  } else if (ctx.sender.namesake) {
    return {
      pages: [`进度未记录。${confirmAgain(ctx.sender.namesake)}`],
      data: { error: 'unconfirmed', reports: [], rejected: [] },
      outcome: 'report:unconfirmed',
    }
  } else {
    return {
      pages: ['您尚未绑定单位，进度未记录。请先发送“绑定 单位名称”，再报送进度。'],
      data: { error: 'not_bound', reports: [], rejected: [] },
      outcome: 'report:not_bound',
    }
  }

  if (intent.items.length === 0) {
    const why = intent.problems.length ? intent.problems.join('；') + '。' : '未能识别任务编号或进展。'
    return { pages: [`进度未记录：${why}${REPORT_HINT}`], data: { error: 'unparsed', unit, reports: [], rejected: [] }, outcome: 'report:unparsed' }
  }

  const rejected: Rejected[] = []
  const toStore: NewProgressReport[] = []
  const seen = new Set<number>()
  for (const item of intent.items) {
    for (const n of item.tasks) {
      const task = findTask(ctx.book, n)
      if (!task) {
        rejected.push({ task: n, reason: '任务分解表中没有此项' })
        continue
      }
      if (!holdingOf(task, unit, ctx.dir)) {
        rejected.push({ task: n, reason: `此项未分配给${unit}` })
        continue
      }
      if (item.percent != null && (item.percent < 0 || item.percent > 100)) {
        rejected.push({ task: n, reason: item.percent < 0 ? `进度${item.percent}%无效，应在0—100%之间` : `进度${item.percent}%超过100%` })
        continue
      }
      if (seen.has(n)) continue
      seen.add(n)
      toStore.push({
        taskId: task.id,
        unit,
        status: item.status,
        percent: item.status === 'done' ? (item.percent ?? 100) : item.percent,
        note: item.note,
        expectedDate: item.expectedDate,
        liaisonContactId: ctx.sender.contactId,
        liaisonName: ctx.sender.name,
        sourceMessageId: ctx.msg.id,
        reportedAt: ctx.now,
      })
    }
  }

  // Counted as accepted/rejected before storing: the inbox row is marked handled by the same statement.
  const outcome = `report:${toStore.length}/${rejected.length}`
  const stored = toStore.length ? await ctx.stores.progress.record(toStore, { messageId: ctx.msg.id, outcome }) : []
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  const lines: string[] = []
  if (stored.length) {
    lines.push(`已记录：${unit}`)
    lines.push(...echoLines(stored, numberOf))
  }
  if (rejected.length) {
    lines.push(`未记录：${rejectionLines(rejected)}`)
  }
  if (intent.problems.length && stored.length) lines.push(`另有未记录：${intent.problems.join('；')}`)
  if (stored.length) lines.push('如有误，回复“撤销”可撤回。')
  else if (!rejected.length) lines.push('该消息此前已记录。')
  return {
    pages: paginate([lines.join('\n')], ctx.config.PAGE_CHARS),
    data: {
      unit,
      reports: stored.map((r) => ({
        task: numberOf(r.taskId),
        status: r.status,
        ...(r.percent != null ? { percent: r.percent } : {}),
        ...(r.note ? { note: r.note } : {}),
        ...(r.expectedDate ? { expected_date: r.expectedDate } : {}),
      })),
      rejected,
    },
    outcome,
    markedHandled: toStore.length > 0,
  }
}

export const undo: Handler = async (ctx) => {
  if (ctx.intent.type !== 'undo') throw new Error('intent mismatch')
  const since = new Date(ctx.now.getTime() - ctx.config.UNDO_WINDOW_MINUTES * 60_000)
  const named = new Set(ctx.intent.tasks)
  // 撤销第5项: the sender's latest report on those tasks; plain 撤销: the sender's last report message.
  const last = named.size
    ? (await ctx.stores.progress.latest({ taskIds: ctx.book.tasks.map((t) => t.id) })).filter(
        (r) => r.liaisonContactId === ctx.sender.contactId && r.reportedAt >= since && named.has(ctx.book.tasks.find((t) => t.id === r.taskId)?.number ?? -1),
      )
    : await ctx.stores.progress.lastBySender(ctx.sender.contactId, since)
  if (!last.length) {
    return { pages: [`没有可撤销的报送（仅可撤销${ctx.config.UNDO_WINDOW_MINUTES}分钟内本人最近一次报送）。`], data: { undone: [] }, outcome: 'undo:none' }
  }
  await ctx.stores.progress.revoke(last.map((r) => r.id), ctx.now)
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  return {
    pages: [`已撤销：${last[0]!.unit} ${echoLines(last, numberOf).join('；')}。`],
    data: { undone: last.map((r) => ({ task: numberOf(r.taskId), unit: r.unit })) },
    outcome: `undo:${last.length}`,
  }
}

/** Messages that are not addressed to the bot: recalls revoke, attachments after a report become evidence. */
export async function passive(ctx: HandlerContext): Promise<HandlerResult> {
  const { msg } = ctx
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  if (msg.kind === 'recalled' && msg.recalledId) {
    const revoked = await ctx.stores.progress.revokeBySource({ messageId: msg.recalledId, senderId: msg.senderId, roomId: msg.roomId }, ctx.now)
    if (!revoked.length) return { pages: [], outcome: 'recalled' }
    return {
      pages: [`原消息已撤回，相应进度已撤销：${revoked[0]!.unit} ${formatNumbers(revoked.map((r) => numberOf(r.taskId)))}。`],
      data: { undone: revoked.map((r) => ({ task: numberOf(r.taskId), unit: r.unit })) },
      outcome: `recalled:${revoked.length}`,
    }
  }
  if ((msg.kind === 'image' || msg.kind === 'file') && ctx.sender.liaison) {
    const since = new Date(ctx.now.getTime() - ctx.config.EVIDENCE_WINDOW_MINUTES * 60_000)
    const last = await ctx.stores.progress.lastBySender(ctx.sender.contactId, since)
    if (!last.length) return { pages: [], outcome: 'attachment:unlinked' }
    const what = msg.kind === 'image' ? '图片' : '文件'
    const { unit } = last[0]!
    // The quota is the unit's, per China day: a self-bound liaison cannot fill the disk.
    const used = await ctx.stores.progress.evidenceUsage(unit, new Date(`${ctx.today}T00:00:00+08:00`))
    const leftToday = ctx.config.EVIDENCE_DAILY_MB * MIB - used.bytes
    const quotaFull = `今日${unit}的佐证材料已达上限（${ctx.config.EVIDENCE_DAILY_FILES} 个、${ctx.config.EVIDENCE_DAILY_MB} MB），该${what}未保存；如需补充，请明日发送或联系管理员。`
    if (used.files >= ctx.config.EVIDENCE_DAILY_FILES || leftToday <= 0) {
      return { pages: [quotaFull], data: { error: 'evidence_quota' }, outcome: 'evidence:quota' }
    }
    const maxBytes = Math.min(ctx.config.EVIDENCE_MAX_MB * MIB, leftToday)
    let saved: SavedAttachment | null = null
    try {
      saved = (await ctx.services.saveAttachment?.(msg, { purpose: 'evidence', maxBytes })) ?? null
    } catch (err) {
      ctx.log.warn({ err }, 'attachment download failed; keeping its name only')
    }
    if (saved && 'tooLarge' in saved) {
      const overFile = saved.bytes == null ? maxBytes === ctx.config.EVIDENCE_MAX_MB * MIB : saved.bytes > ctx.config.EVIDENCE_MAX_MB * MIB
      return overFile
        ? { pages: [`该${what}超过佐证材料大小上限 ${ctx.config.EVIDENCE_MAX_MB} MB，未保存；请压缩后重新发送。`], data: { error: 'evidence_too_large' }, outcome: 'evidence:too_large' }
        : { pages: [quotaFull], data: { error: 'evidence_quota' }, outcome: 'evidence:quota' }
    }
    for (const r of last) {
      await ctx.stores.progress.addEvidence({
        reportId: r.id,
        kind: msg.kind,
        fileName: msg.fileName ?? (msg.kind === 'image' ? `${msg.id}.jpg` : msg.id),
        storedPath: saved?.path ?? null,
        sizeBytes: saved?.bytes ?? null,
        sourceMessageId: msg.id,
        receivedAt: msg.receivedAt,
      })
    }
    return {
      pages: [`已将该${what}作为${formatNumbers(last.map((r) => numberOf(r.taskId)))}的佐证材料。`],
      data: { evidence: last.map((r) => numberOf(r.taskId)) },
      outcome: 'evidence',
    }
  }
  return { pages: [], outcome: 'ignored' }
}

const adminsOnly: HandlerResult = { pages: ['此操作仅限管理员。'], data: { error: 'not_admin' }, outcome: 'denied' }

export const summary: Handler = async (ctx) => {
  if (!ctx.sender.isAdmin) return adminsOnly
  const rc = await ctx.replyContext()
  const rows = buildLedgerRows(ctx.book, ctx.dir, rc.latest, ctx.today, { settings: rc.grading })
  const unitRows = rows.filter((r) => !r.conditional)
  const units = summarizeUnits(rows)
  const tasksDone = ctx.book.tasks.filter((t) => {
    const own = unitRows.filter((r) => r.task.id === t.id)
    return own.length > 0 && own.every((r) => r.state.done)
  }).length
  const overdueTasks = new Set(unitRows.filter((r) => r.state.overdue).map((r) => r.task.number))
  const count = (s: string | undefined) => unitRows.filter((r) => (r.report?.status ?? 'none') === s).length
  const red = units.filter((u) => u.colour === 'red')
  const yellow = units.filter((u) => u.colour === 'yellow')
  const blue = units.filter((u) => u.colour === 'blue')
  const lines = [
    `进度汇总（截至${chinaDateTime(ctx.now)}）`,
    `任务 ${ctx.book.tasks.length} 项，全部单位已完成 ${tasksDone} 项；逾期未完成 ${overdueTasks.size} 项。`,
    `单位任务 ${unitRows.length} 条：已完成 ${count('done')}，推进中 ${count('in_progress')}，遇到困难 ${count('blocked')}，未启动 ${count('not_started')}，未反馈 ${count('none')}。`,
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
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    data: {
      tasks: ctx.book.tasks.length,
      tasks_done: tasksDone,
      overdue_tasks: [...overdueTasks],
      red: red.map((u) => u.unit),
      yellow: yellow.map((u) => u.unit),
      blue: blue.map((u) => u.unit),
    },
    outcome: 'summary',
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
export const missing: Handler = async (ctx) => {
  const own = ctx.sender.isAdmin ? null : (ctx.sender.liaison?.unit ?? null)
  if (!ctx.sender.isAdmin && !own) return { pages: ['您尚未绑定单位。请先发送“绑定 单位名称”。'], data: { error: 'not_bound' }, outcome: 'not_bound' }
  const rc = await ctx.replyContext()
  const rows = buildLedgerRows(ctx.book, ctx.dir, rc.latest, ctx.today, { settings: rc.grading }).filter(
    (r) => !r.conditional && !r.report && ['red', 'yellow', 'blue'].includes(r.state.colour) && (!own || r.unit === own),
  )
  if (!rows.length) return { pages: [own ? `${own}没有待反馈的到期任务。` : '到期及逾期任务均已有反馈。'], data: { units: [] }, outcome: 'missing:0' }
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
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    data: { units: [...byUnit].map(([unit, tasks]) => ({ unit, tasks, overdue: overdueOf(unit) })) },
    outcome: `missing:${byUnit.size}`,
  }
}

export const exportLedger: Handler = async (ctx) => {
  if (!ctx.sender.isAdmin) return adminsOnly
  if (!ctx.services.exportLedger) return { pages: ['当前环境不支持导出文件，请使用命令行 export。'], data: { error: 'unsupported' }, outcome: 'export:unsupported' }
  const file = await ctx.services.exportLedger('xlsx')
  return { pages: ['台账已导出，文件随后发送。'], files: [file], data: { file }, outcome: 'export' }
}
