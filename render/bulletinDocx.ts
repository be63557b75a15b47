/**
 * The monthly 督办工作通报 as a .docx draft (docx): title and issue, 一、总体情况 per document,
 * 二、红黄榜, 三、逾期未完成事项, 四、下步工作要求, the progress chart as a picture, the issuer and
 * date. Marked as a draft: the clerk edits and issues it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { Bulletin, UnitStanding } from '../src/ledger/bulletin.js'

const BODY = { font: '仿宋_GB2312', size: 32 }
const HEADING = { font: '黑体', size: 32 }
const LINE = { line: 560 }
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

const para = (text: string, indent = true) => new Paragraph({ children: [new TextRun({ text, ...BODY })], spacing: LINE, indent: indent ? { firstLine: 640 } : undefined })
const heading = (text: string) => new Paragraph({ children: [new TextRun({ text, ...HEADING })], spacing: LINE, indent: { firstLine: 640 } })

function table(head: string[], rows: string[][], widths: number[]): Table {
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.PERCENTAGE },
      borders: { top: THIN, bottom: THIN, left: THIN, right: THIN },
      children: [new Paragraph({ children: [new TextRun({ text, ...BODY, size: 24, bold })], alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.CENTER })],
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i)) }))],
  })
}

/** Rows of the overdue table; the rest is counted (the 台账 lists them all). */
const OVERDUE_ROWS = 20
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s)
const unitList = (units: string[]) => (units.length > 4 ? `${units.slice(0, 4).join('、')}等${units.length}个单位` : units.join('、'))

const standingRows = (list: UnitStanding[]) => list.map((s, i) => [`${i + 1}. ${s.unit}`, String(s.tasks), String(s.done), `${s.doneRate}%`, String(s.overdue)])

export function bulletinDocument(b: Bulletin, chart: Buffer | null, chartSize: { width: number; height: number } | null): Document {
  const overall = b.documents.map(
    (d) =>
      `${d.title ? `《${d.title}》（简称“${d.name}”）` : `任务分解表“${d.name}”`}共${d.tasks}项任务，已全部完成${d.doneTasks}项，有逾期未完成单位的${d.overdueTasks}项；` +
      `分解到单位${d.pairs}条，已完成${d.donePairs}条，完成率${d.pairs ? Math.round((100 * d.donePairs) / d.pairs) : 0}%。`,
  )
  const children = [
    new Paragraph({ children: [new TextRun({ text: '（征求意见稿，请核改后印发）', ...BODY, size: 24 })], alignment: AlignmentType.RIGHT }),
    new Paragraph({ children: [new TextRun({ text: '督办工作通报', font: '方正小标宋简体', size: 44, bold: true })], alignment: AlignmentType.CENTER, spacing: { before: 200, after: 200 } }),
    new Paragraph({ children: [new TextRun({ text: `${b.period.slice(0, 5)}${b.issue}`, ...BODY })], alignment: AlignmentType.CENTER }),
    new Paragraph({ children: [new TextRun({ text: `${b.issuer}　　　　　　　　${b.issuedOn}`, ...BODY })], alignment: AlignmentType.CENTER, spacing: { after: 300 } }),
    para(`现将截至${b.issuedOn}各项重点工作任务落实情况通报如下：`),
    heading('一、总体情况'),
    ...overall.map((t) => para(t)),
    para(`${b.period}，各单位共有${b.reportedThisMonth}条任务报送了最新进展。`),
    heading('二、红黄榜'),
    para(b.redList.length ? `红榜（无逾期、完成率较高）：${b.redList.map((s) => s.unit).join('、')}。` : '本期无单位进入红榜。'),
    ...(b.redList.length ? [table(['单位', '任务数', '已完成', '完成率', '逾期'], standingRows(b.redList), [40, 15, 15, 15, 15])] : []),
    para(b.yellowList.length ? `黄榜（有逾期未完成任务）：${b.yellowList.map((s) => s.unit).join('、')}。` : '本期无单位进入黄榜。'),
    ...(b.yellowList.length ? [table(['单位', '任务数', '已完成', '完成率', '逾期'], standingRows(b.yellowList), [40, 15, 15, 15, 15])] : []),
    heading('三、逾期未完成事项'),
    ...(b.overdue.length
      ? [
          table(
            ['任务', '逾期单位', '完成时限', '逾期天数'],
            b.overdue.slice(0, OVERDUE_ROWS).map((o) => [`${o.task} ${clip(o.text, 36)}`, unitList(o.units), o.due, String(o.days)]),
            [40, 28, 20, 12],
          ),
          ...(b.overdue.length > OVERDUE_ROWS ? [para(`另有${b.overdue.length - OVERDUE_ROWS}项逾期事项未列出，详见台账。`)] : []),
        ]
      : [para('本期无逾期未完成事项。')]),
    heading('四、下步工作要求'),
    para('各单位要对照任务分工，逐项抓好落实。列入黄榜的单位要认真分析原因，明确整改措施和完成时限，于5个工作日内向县政府办公室书面报告；逾期事项将纳入督办通知单跟踪办理。'),
    ...(chart && chartSize
      ? [
          heading('附：各单位任务落实情况图'),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: chart, transformation: { width: 560, height: Math.round((560 * chartSize.height) / chartSize.width) } })],
            alignment: AlignmentType.CENTER,
          }),
        ]
      : []),
    new Paragraph({ children: [], spacing: { after: 400 } }),
    new Paragraph({ children: [new TextRun({ text: b.issuer, ...BODY })], alignment: AlignmentType.RIGHT }),
    new Paragraph({ children: [new TextRun({ text: b.issuedOn, ...BODY })], alignment: AlignmentType.RIGHT }),
  ]
  return new Document({
    creator: '督办助手',
    title: `督办工作通报${b.issue}`,
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  })
}

/** The PNG's size from its IHDR (the picture keeps its proportions in the document). */
function pngSize(png: Buffer): { width: number; height: number } | null {
  return png.length > 24 && png.toString('latin1', 12, 16) === 'IHDR' ? { width: png.readUInt32BE(16), height: png.readUInt32BE(20) } : null
}

/** Writes the draft under `dir` (督办工作通报-2022年11月.docx); `chartPath`: the progress chart PNG, if drawn. */
export async function writeBulletinDocx(b: Bulletin, dir: string, chartPath: string | null): Promise<string> {
  await mkdir(dir, { recursive: true })
  const chart = chartPath ? await readFile(chartPath).catch(() => null) : null
  const path = join(dir, `督办工作通报-${b.period}-${Date.now()}.docx`)
  await writeFile(path, await Packer.toBuffer(bulletinDocument(b, chart, chart ? pngSize(chart) : null)))
  return path
}
