/** 督办单 第5项: a numbered 督办通知单 (.docx) for each unit of the task that is overdue, sent into the chat. */
import type { Handler } from '../types.js'
import { findTask, pairOf, progressKey, unitsOfTask } from '../../ledger/book.js'
import { colourOf } from '../../domain/colour.js'
import { noticeNumberText, supervisionNotice } from '../../ledger/notices.js'
import { taskName } from '../../ledger/documentScope.js'
import { chineseWorkCalendar } from '../../tasks/calendar.js'
import { noSuchTask, resolveUnitForChat } from '../tasks/handlers.js'
import { officeOfPlace } from '../../offices/office.js'

export const issueNotice: Handler<'issue_notice'> = async (ctx) => {
  const { number } = ctx.intent
  const write = ctx.services.writeNotice
  if (!write) return { pages: ['当前运行方式不能生成文件。'], data: { error: 'unsupported' }, outcome: 'issue_notice:unsupported' }
  const task = findTask(ctx.book, number)
  if (!task) return noSuchTask(ctx, number)
  let only: string | null = null
  if (ctx.intent.unit) {
    const found = resolveUnitForChat(ctx, ctx.intent.unit)
    if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
    only = found.unit
  }
  const rc = await ctx.replyContext()
  // Red pairs by the one overdue definition (src/domain/colour.ts), as 逾期 and 进度汇总 count them.
  const red = [...unitsOfTask(task, ctx.dir).keys()].flatMap((unit) => {
    if (only && unit !== only) return []
    const pair = pairOf(task, unit, ctx.dir)
    const state = pair && colourOf(task, pair, rc.latest.get(progressKey(task.id, unit)) ?? null, rc.grading, ctx.today)
    return state?.overdue ? [{ unit, state }] : []
  })
  const name = ctx.documentName ? `${ctx.documentName}第${task.number}项` : taskName(task, ctx.book)
  if (!red.length) {
    return {
      pages: [`${name}${only ? `${only}` : ''}目前没有逾期未完成的单位，无需印发督办通知单。`],
      data: { task: number, notices: [] },
      outcome: 'issue_notice:none',
    }
  }
  const document = ctx.book.documents.find((d) => d.id === task.documentId) ?? null
  const year = Number(ctx.today.slice(0, 4))
  const notices: { number: string; unit: string; file: string }[] = []
  for (const { unit, state } of red) {
    // Each number is taken before its file is written: a failure leaves a gap, never a repeat.
    const n = await ctx.stores.notices.nextNumber(year)
    const file = await write(
      supervisionNotice({ issuer: ctx.officeName ?? officeOfPlace(ctx.book.directory.county).name, task, taskName: name, documentTitle: document?.title ?? null, unit, state, number: n, today: ctx.today, calendar: chineseWorkCalendar }),
    )
    notices.push({ number: noticeNumberText(year, n), unit, file })
  }
  return {
    pages: [`已印发${name}督办通知单 ${notices.length} 份：${notices.map((x) => `${x.number} ${x.unit}`).join('；')}。文件随后发送，请相关单位按要求反馈。`],
    files: notices.map((x) => x.file),
    data: { task: number, notices },
    outcome: 'issue_notice',
  }
}
