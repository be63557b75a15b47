/** 销号: the queue of 已完成 awaiting review, and the admin's decision (close or return with a reason). */
import type { HandlerContext } from '../../ledger/context.js'
import type { OutgoingMessage } from '../../chat.js'
import type { BookTask, PendingReview } from '../../ledger/ports.js'
import type { Handler } from '../types.js'
import { taskName } from '../../ledger/documentScope.js'
import { resolveUnitForChat } from '../tasks/handlers.js'
import { clip, formatNumbers, paginate } from '../../replies/pages.js'
import { chinaDate } from '../../clock.js'

const HINT = '回复“同意销号 第N项 单位”销号，或“退回 第N项 单位 原因”退回；也可引用报送消息回复“同意销号”或“退回 原因”。'

function shortDay(d: Date): string {
  const [, m, day] = chinaDate(d).split('-').map(Number)
  return `${m}月${day}日`
}

export const reviewQueue: Handler<'review_queue'> = async (ctx) => {
  const tasks = new Map(ctx.book.tasks.map((t) => [t.id, t]))
  const queue = (await ctx.stores.reviews.pending({ taskIds: [...tasks.keys()] })).filter((r) => tasks.has(r.taskId))
  if (!queue.length) return { pages: ['目前没有待销号的事项。'], data: { reviews: [] }, outcome: 'review_queue' }
  const lines = [`待销号 ${queue.length} 项：`]
  queue.forEach((r, i) => {
    const task = tasks.get(r.taskId)!
    const evidence = r.evidence ? `佐证材料${r.evidence}个` : '无佐证材料'
    lines.push(`${i + 1}. ${taskName(task, ctx.book)} ${r.unit}：${r.note ? clip(r.note, 40) : '已完成'}（${shortDay(r.reportedAt)}报，${evidence}）`)
  })
  lines.push(HINT)
  const pages = paginate(lines, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    data: {
      reviews: queue.map((r) => {
        const task = tasks.get(r.taskId)!
        const doc = ctx.book.documents.length > 1 ? ctx.book.documents.find((d) => d.id === task.documentId)?.shortName : undefined
        return { task: task.number, ...(doc ? { document: doc } : {}), unit: r.unit, note: r.note, evidence: r.evidence }
      }),
    },
    outcome: 'review_queue',
  }
}

/** 退回 第5项 县司法局 请补充佐证材料: the unit (the first word the directory knows) and the reason after it. */
function splitUnitAndReason(ctx: HandlerContext, text: string): { unit: string | null; reason: string } {
  const t = text.replace(/^[\s，,:：；;]+/, '')
  const word = /^(\S+?)[\s，,:：；;]+([\s\S]*)$/.exec(t)
  const named = word ? ctx.dir.resolve(word[1]!) : null
  if (word && named?.type === 'unit') return { unit: named.name, reason: word[2]!.trim() }
  // Written together (县司法局请补充材料): the longest start of the text that names a unit.
  for (let i = Math.min(t.length, 30); i >= 2; i--) {
    const r = ctx.dir.resolve(t.slice(0, i))
    if (r?.type === 'unit') return { unit: r.name, reason: t.slice(i).replace(/^[\s，,:：；;]+/, '').trim() }
  }
  return { unit: null, reason: t.trim() }
}

export const reviewDecision: Handler<'review_decision'> = async (ctx) => {
  const { decision, tasks: numbers, rest, quoted } = ctx.intent
  const verb = decision === 'close' ? '同意销号' : '退回'
  if (!numbers.length) {
    return { pages: [`请写明任务和单位，例如：${decision === 'close' ? '同意销号 第5项 县司法局' : '退回 第5项 县司法局 请补充佐证材料'}。`], data: { error: 'unparsed' }, outcome: 'review:none' }
  }
  let unit: string | null = null
  let reason = ''
  if (decision === 'close') {
    if (rest) {
      const found = resolveUnitForChat(ctx, rest)
      if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
      unit = found.unit
    }
  } else {
    ;({ unit, reason } = splitUnitAndReason(ctx, rest))
  }

  const tasks = new Map(ctx.book.tasks.map((t) => [t.id, t]))
  const wanted = new Set(numbers)
  let candidates = (await ctx.stores.reviews.pending({ taskIds: [...tasks.keys()] })).filter((r) => wanted.has(tasks.get(r.taskId)?.number ?? -1))
  if (unit) candidates = candidates.filter((r) => r.unit === unit)
  else if (quoted) candidates = fromQuote(ctx, candidates, quoted)
  const named = `${unit ?? ''}${unit ? ' ' : ''}${formatNumbers(numbers)}`
  if (!candidates.length) {
    return { pages: [`${named}没有待审核的“已完成”报送，未${decision === 'close' ? '销号' : '退回'}。发送“待销号”可查看待审核事项。`], data: { error: 'no_review' }, outcome: 'review:none' }
  }
  if (candidates.length > 1) {
    const which = candidates.map((r) => `${taskName(tasks.get(r.taskId)!, ctx.book)} ${r.unit}`).join('、')
    return { pages: [`有多项待审核：${which}。请写明任务和单位，例如“${verb} 第${tasks.get(candidates[0]!.taskId)!.number}项 ${candidates[0]!.unit}”。`], data: { error: 'ambiguous_review' }, outcome: 'review:ambiguous' }
  }
  const review = candidates[0]!
  const task = tasks.get(review.taskId)!
  const name = taskName(task, ctx.book)
  // Scoped to a document the message named (文件1第57项): that name; else the task's own when several are active.
  const doc = ctx.documentName ?? (ctx.book.documents.length > 1 ? ctx.book.documents.find((d) => d.id === task.documentId)?.shortName : undefined)
  const base = { task: task.number, ...(doc ? { document: doc } : {}), unit: review.unit }

  if (decision === 'close') {
    const closed = await ctx.stores.reviews.close(review.id, { by: ctx.sender.name, at: ctx.now })
    if (!closed) return { pages: [`${review.unit} ${name}已处理过，无需重复。`], data: { error: 'no_review' }, outcome: 'review:none' }
    return { pages: [`已销号：${review.unit} ${name}。`], data: { ...base, decision }, outcome: 'review:closed' }
  }

  if (!reason) return { pages: [`请写明退回原因，例如：退回 第${task.number}项 ${review.unit} 请补充佐证材料。`], data: { error: 'unparsed' }, outcome: 'review:none' }
  const returned = await ctx.stores.reviews.return(review.id, { by: ctx.sender.name, byContactId: ctx.sender.contactId, reason, at: ctx.now, sourceMessageId: ctx.msg.id })
  if (!returned) return { pages: [`${review.unit} ${name}已处理过，无需重复。`], data: { error: 'no_review' }, outcome: 'review:none' }
  return {
    pages: [`已退回：${review.unit} ${name}，原因：${reason}。已告知${review.liaisonName}，该项转为推进中。`],
    data: { ...base, decision, reason },
    notices: [returnNotice(review, task, name, reason)],
    outcome: 'review:returned',
  }
}

/** The quoted message names the unit (the bot's receipt: 已记录：县司法局 …), or was sent by the liaison who reported. */
function fromQuote(ctx: HandlerContext, candidates: PendingReview[], quoted: { senderName: string | null; text: string }): PendingReview[] {
  const inText = ctx.dir.findInText(quoted.text)
  const byUnit = inText?.type === 'unit' ? candidates.filter((r) => r.unit === inText.name) : []
  if (byUnit.length) return byUnit
  const bySender = quoted.senderName ? candidates.filter((r) => r.liaisonName === quoted.senderName) : []
  return bySender.length ? bySender : candidates
}

/** Told in the room where the unit reported (@ its liaison), or privately when it reported in a private chat. */
function returnNotice(review: PendingReview, task: BookTask, name: string, reason: string): OutgoingMessage {
  const text = `${review.unit}${name}的“已完成”报送经办公室审核退回，原因：${reason}。请按要求办理后重新报送（如“第${task.number}项已完成”并附佐证材料）。`
  return review.roomId
    ? { roomId: review.roomId, roomTopic: review.roomTopic, text, mentionIds: [review.liaisonContactId] }
    : { roomId: null, toContactId: review.liaisonContactId, text }
}
