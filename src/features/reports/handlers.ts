/** Progress reports, corrections and evidence. */
import type { HandlerContext, HandlerResult, SavedAttachment } from '../../ledger/context.js'
import type { Handler } from '../types.js'
import { outcomeText, type Outcome } from '../results.js'
import type { PassiveData, RejectedTask } from './results.js'
import { MIB } from '../../bytes.js'
import { findTask, holdingOf, STATUS_LABEL } from '../../ledger/book.js'
import type { NewProgressReport, ProgressReport } from '../../ledger/ports.js'
import { resolveUnitForChat } from '../tasks/handlers.js'
import { formatNumbers, paginate } from '../../replies/pages.js'
import { formatDate } from '../../replies/tasks.js'

export const REPORT_HINT = '请按“第N项＋进展”报送，例如：第5项已完成；第6项正在推进，完成70%，预计11月底完成。'

function describe(r: Pick<ProgressReport, 'status' | 'percent' | 'expectedDate' | 'note' | 'review'>): string {
  const parts: string[] = [STATUS_LABEL[r.status]]
  if (r.status === 'done' && r.review === 'pending') parts[0] += '（待办公室审核销号）'
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
function rejectionLines(rejected: RejectedTask[]): string {
  const byReason = new Map<string, number[]>()
  for (const r of rejected) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r.task])
  return [...byReason].map(([reason, tasks]) => `${formatNumbers(tasks)}（${reason}）`).join('；')
}

export const report: Handler<'report'> = async (ctx) => {
  const intent = ctx.intent
  let unit: string
  if (intent.unit) {
    const found = resolveUnitForChat(ctx, intent.unit)
    if ('error' in found) return { pages: [found.reply], data: { error: found.error, reports: [], rejected: [] }, outcome: found.error }
    unit = found.unit
  } else {
    // The policy answered a sender without a unit (or a namesake) before this handler.
    unit = ctx.sender.liaison!.unit
  }

  if (intent.items.length === 0) {
    const why = intent.problems.length ? intent.problems.join('；') + '。' : '未能识别任务编号或进展。'
    return { pages: [`进度未记录：${why}${REPORT_HINT}`], data: { error: 'unparsed', unit, reports: [], rejected: [] }, outcome: 'report:unparsed' }
  }

  const rejected: RejectedTask[] = []
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
  const outcome: Outcome = { code: 'report', stored: toStore.length, rejected: rejected.length }
  const stored = toStore.length ? await ctx.stores.progress.record(toStore, { messageId: ctx.msg.id, outcome: outcomeText(outcome) }, { review: ctx.config.CLOSE_REQUIRES_REVIEW }) : []
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  const lines: string[] = []
  if (stored.length) {
    lines.push(`已记录：${unit}${ctx.documentName ? `（${ctx.documentName}）` : ''}`)
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
        ...(r.review ? { review: r.review } : {}),
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

export const undo: Handler<'undo'> = async (ctx) => {
  const since = new Date(ctx.now.getTime() - ctx.config.UNDO_WINDOW_MINUTES * 60_000)
  const named = new Set(ctx.intent.tasks)
  // 撤销第5项: the sender's latest report on those tasks; plain 撤销: the sender's last report message.
  const last = named.size
    ? (await ctx.stores.progress.latest({ taskIds: ctx.book.tasks.map((t) => t.id) })).filter(
        (r) => r.liaisonContactId === ctx.sender.contactId && r.reportedAt >= since && named.has(ctx.book.tasks.find((t) => t.id === r.taskId)?.number ?? -1),
      )
    : await ctx.stores.progress.lastBySender(ctx.sender.contactId, since)
  if (!last.length) {
    // A bare 撤销 in the group that undoes nothing of the sender's was not said to the bot.
    if (ctx.msg.roomId && !ctx.msg.mentionsBot) return { pages: [], data: { undone: [] }, outcome: 'undo:none' }
    return { pages: [`没有可撤销的报送（仅可撤销${ctx.config.UNDO_WINDOW_MINUTES}分钟内本人最近一次报送）。`], data: { undone: [] }, outcome: 'undo:none' }
  }
  await ctx.stores.progress.revoke(last.map((r) => r.id), ctx.now)
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  return {
    pages: [`已撤销：${last[0]!.unit} ${echoLines(last, numberOf).join('；')}。`],
    data: { undone: last.map((r) => ({ task: numberOf(r.taskId), unit: r.unit })) },
    outcome: { code: 'undo', count: last.length },
  }
}

/** Messages that are not addressed to the bot: recalls revoke, attachments after a report become evidence. */
export async function passive(ctx: HandlerContext): Promise<HandlerResult<PassiveData | { error: 'evidence_quota' | 'evidence_too_large' }>> {
  const { msg } = ctx
  const numberOf = (id: number) => ctx.book.tasks.find((t) => t.id === id)?.number ?? 0
  if (msg.kind === 'recalled' && msg.recalledId) {
    const revoked = await ctx.stores.progress.revokeBySource({ messageId: msg.recalledId, senderId: msg.senderId, roomId: msg.roomId }, ctx.now)
    if (!revoked.length) return { pages: [], outcome: 'recalled' }
    return {
      pages: [`原消息已撤回，相应进度已撤销：${revoked[0]!.unit} ${formatNumbers(revoked.map((r) => numberOf(r.taskId)))}。`],
      data: { undone: revoked.map((r) => ({ task: numberOf(r.taskId), unit: r.unit })) },
      outcome: { code: 'recalled', count: revoked.length },
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

/**
 * A liaison wrote about their own tasks but no status the bot can read (第32项召开了专题会议): ask
 * which it is rather than leave them in silence. About tasks not theirs, or from someone unbound: silence.
 */
export const unclearReport: Handler<'unclear_report'> = async (ctx) => {
  const unit = ctx.sender.liaison?.unit
  const own = unit ? ctx.intent.tasks.filter((n) => {
    const task = findTask(ctx.book, n)
    return task != null && holdingOf(task, unit, ctx.dir) != null
  }) : []
  if (!unit || !own.length) return { pages: [], data: { tasks: [] }, outcome: 'ignored' }
  const which = formatNumbers(own)
  return {
    pages: [`${which}的进展是已完成还是正在推进？请回复如“${which}已完成”或“${which}正在推进，完成60%”，以便记录。`],
    data: { tasks: own },
    outcome: 'report:unclear',
  }
}
