/**
 * Small builders for the office-* table shapes (test/fixtures/tables/office-*.build.ts): a Word
 * table with gridSpan / vMerge cells made with `docx`, an Excel sheet with merged ranges made with
 * `exceljs`, each with paragraphs or rows around the table as offices print them.
 */
import { Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType, WidthType } from 'docx'
import ExcelJS from 'exceljs'

/** A Word cell: its paragraphs (a string may hold \n for several), a column span, a vertical merge. */
export type WordCell = string | { text?: string; span?: number; merge?: 'restart' | 'continue' }

/** A .docx of paragraphs and tables (a table is rows of cells; 'pagebreak' starts a new page). */
export async function wordFile(parts: (string | 'pagebreak' | WordCell[][])[]): Promise<Uint8Array> {
  const para = (text: string) => new Paragraph({ children: [new TextRun(text)] })
  const cell = (c: WordCell) => {
    const o = typeof c === 'string' ? { text: c } : c
    return new TableCell({
      children: (o.text ?? '').split('\n').map(para),
      ...(o.span ? { columnSpan: o.span } : {}),
      ...(o.merge ? { verticalMerge: o.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
    })
  }
  const children = parts.map((p) =>
    p === 'pagebreak'
      ? new Paragraph({ children: [new PageBreak()] })
      : typeof p === 'string'
        ? para(p)
        : new Table({ rows: p.map((r) => new TableRow({ children: r.map(cell) })), width: { size: 100, type: WidthType.PERCENTAGE } }),
  )
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })))
}

/** An .xlsx of one sheet: rows of values (sheet row 1 first) and merged ranges ('A1:F1'). */
export async function excelFile(rows: string[][], merges: string[], sheetName = '任务分解'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(sheetName)
  rows.forEach((r, i) => {
    r.forEach((v, c) => {
      if (v !== '') ws.getCell(i + 1, c + 1).value = v
    })
  })
  for (const m of merges) ws.mergeCells(m)
  return new Uint8Array(await wb.xlsx.writeBuffer())
}
