/** 生成通报: the month's 督办工作通报 as a .docx draft, with the progress chart in it and beside it. */
import type { Handler } from '../types.js'
import { bulletinOf } from '../../ledger/bulletin.js'
import { buildLedgerRows } from '../../ledger/ledgerRows.js'
import { officeOfPlace } from '../../offices/office.js'
import { progressChart } from '../ledgerViews/handlers.js'

export const bulletin: Handler<'bulletin'> = async (ctx) => {
  const write = ctx.services.writeBulletin
  if (!write) return { pages: ['当前运行方式不能生成文件。'], data: { error: 'unsupported' }, outcome: 'bulletin:unsupported' }
  const rc = await ctx.replyContext()
  const rows = buildLedgerRows(ctx.book, ctx.dir, rc.latest, ctx.today, { settings: rc.grading })
  const b = bulletinOf({
    book: ctx.book,
    rows,
    today: ctx.today,
    issuer: ctx.officeName ?? officeOfPlace(ctx.book.directory.county).name,
    unitOrder: ctx.book.directory.units.map((u) => u.name),
  })
  const chart = await progressChart(ctx, rows)
  const file = await write(b, chart)
  const lists = [
    b.redList.length ? `红榜 ${b.redList.length} 个单位` : '红榜暂无单位',
    b.yellowList.length ? `黄榜 ${b.yellowList.length} 个单位` : '黄榜暂无单位',
    `逾期未完成事项 ${b.overdue.length} 项`,
  ]
  return {
    pages: [`已生成${b.period}督办工作通报（征求意见稿）：${lists.join('，')}。文件随后发送，请核改后印发。`],
    files: chart ? [file, chart] : [file],
    data: { file, chart, red: b.redList.map((s) => s.unit), yellow: b.yellowList.map((s) => s.unit), overdue: b.overdue.length },
    outcome: 'bulletin',
  }
}
