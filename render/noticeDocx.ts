/**
 * The 督办通知单 as a .docx in 公文 layout (docx): A4, 仿宋 三号 body, 小标宋-style title, the number
 * line, the addressee, the facts, the request and the issuer with the date. Kept under DATA_DIR/notices.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { noticeNumberText, type SupervisionNotice } from '../src/ledger/notices.js'

const BODY = { font: '仿宋_GB2312', size: 32 } // 三号 = 16 pt
const TITLE = { font: '方正小标宋简体', size: 44, bold: true } // 二号
const LINE = { line: 560 } // 28 pt fixed-ish line spacing of 公文
const A4 = { width: 11906, height: 16838 }

const run = (text: string, extra: Record<string, unknown> = {}) => new TextRun({ text, ...BODY, ...extra })
const para = (text: string, opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({ children: [run(text)], spacing: LINE, alignment: opts.align, indent: opts.indent === false ? undefined : { firstLine: 640 } })

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
function fieldRow(label: string, value: string): TableRow {
  const cell = (text: string, width: number, bold = false) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      borders: { top: THIN, bottom: THIN, left: THIN, right: THIN },
      children: [new Paragraph({ children: [new TextRun({ text, ...BODY, size: 28, bold })], spacing: { line: 400 } })],
    })
  return new TableRow({ children: [cell(label, 22, true), cell(value, 78)] })
}

export function noticeDocument(n: SupervisionNotice): Document {
  const from = n.documentTitle ? `《${n.documentTitle}》${n.taskName}` : n.taskName
  return new Document({
    creator: '督办助手',
    title: `督办通知单${noticeNumberText(n.year, n.number)}`,
    sections: [
      {
        properties: { page: { size: A4, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          new Paragraph({ children: [new TextRun({ text: '督办通知单', ...TITLE })], alignment: AlignmentType.CENTER, spacing: { after: 300 } }),
          new Paragraph({ children: [run(`督办${noticeNumberText(n.year, n.number)}`)], alignment: AlignmentType.CENTER, spacing: { after: 400 } }),
          para(`${n.unit}：`, { indent: false }),
          para(
            `根据${from}的任务分工，你单位为责任单位，原定完成时限为${n.originalDeadline}，` +
              `${n.overdueDays > 0 ? `现已逾期${n.overdueDays}天，` : ''}尚未报送完成情况。现予督办。`,
          ),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              fieldRow('督办事项', `${n.taskName}：${n.taskText}`),
              fieldRow('责任单位', n.unit),
              fieldRow('原定时限', n.originalDeadline),
              fieldRow('督办要求', n.requirement),
              fieldRow('反馈时限', `${n.replyBy}前`),
            ],
          }),
          new Paragraph({ children: [], spacing: { after: 600 } }),
          para(n.issuer, { indent: false, align: AlignmentType.RIGHT }),
          para(n.issuedOn, { indent: false, align: AlignmentType.RIGHT }),
        ],
      },
    ],
  })
}

/** Writes the notice under `dir` as 督办通知单〔2022〕第3号-县司法局.docx; returns its path. */
export async function writeNoticeDocx(n: SupervisionNotice, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const safeUnit = n.unit.replace(/[\\/:*?"<>|\s]/g, '_')
  const path = join(dir, `督办通知单${noticeNumberText(n.year, n.number)}-${safeUnit}.docx`)
  await writeFile(path, await Packer.toBuffer(noticeDocument(n)))
  return path
}
