/**
 * Read a task-table file into one ParsedTable: plain text (UTF-8 with or without BOM, UTF-16 with
 * BOM, GB18030 as a fallback since county offices still save text as GBK), .xlsx, .docx.
 * The format is sniffed from the bytes, not trusted from the file name.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { TableParseError, type ParsedTable } from './model.js'
import type { WorkCalendar } from './calendar.js'
import { parseTaskText } from './parseText.js'
import { parseTaskRows } from './parseRows.js'

interface Grid {
  rows: string[][]
  merged: boolean[][]
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b)
}

export async function readTaskFile(
  bytes: Uint8Array,
  file: string,
  opts: { calendar?: WorkCalendar } = {},
): Promise<ParsedTable> {
  const base = { file, ...(opts.calendar ? { calendar: opts.calendar } : {}) }
  if (bytes.length === 0) throw new TableParseError('文件为空', file, null)
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readZip(bytes, file, base)
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new TableParseError('旧版 Word/Excel 格式（.doc/.xls）无法读取，请另存为 .docx 或 .xlsx', file, null)
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new TableParseError('PDF 文件无法读取，请提供 Word、Excel 或文本格式的任务分解表', file, null)
  }
  return parseTaskText(decodeText(bytes, file), base)
}

function decodeText(bytes: Uint8Array, file: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  // NUL bytes and control characters mean a binary file, not text in some unexpected encoding.
  const sample = bytes.subarray(0, 4096)
  const controls = sample.filter((b) => b < 0x09 || (b > 0x0d && b < 0x20)).length
  if (sample.includes(0) || controls > sample.length / 100) {
    throw new TableParseError('无法识别的文件格式（不是文本、.docx 或 .xlsx）', file, null)
  }
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes)
    } catch {
      // try the next encoding
    }
  }
  throw new TableParseError('无法识别的文本编码（应为 UTF-8 或 GBK）', file, null)
}

async function readZip(bytes: Uint8Array, file: string, base: { file: string; calendar?: WorkCalendar }): Promise<ParsedTable> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw new TableParseError('压缩文件已损坏，无法读取', file, null)
  }
  const documentXml = zip.file('word/document.xml')
  if (documentXml) return readDocx(await documentXml.async('string'), base)
  if (zip.file('xl/workbook.xml')) return readXlsx(bytes, file, base)
  throw new TableParseError('压缩文件不是 .docx 或 .xlsx', file, null)
}

// --- xlsx ---

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
    if ('error' in value) return ''
    return ''
  }
  return String(value)
}

async function readXlsx(bytes: Uint8Array, file: string, base: { file: string; calendar?: WorkCalendar }): Promise<ParsedTable> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw new TableParseError('Excel 文件已损坏，无法读取', file, null)
  }
  let firstError: TableParseError | null = null
  for (const ws of wb.worksheets) {
    const grid: Grid = { rows: [], merged: [] }
    for (let r = 1; r <= ws.rowCount; r++) {
      const row: string[] = []
      const merged: boolean[] = []
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = ws.getCell(r, c)
        // A covered cell reports its master's value; remember it was covered.
        row.push(cellText(cell.value))
        merged.push(cell.isMerged && cell.master.address !== cell.address)
      }
      grid.rows.push(row)
      grid.merged.push(merged)
    }
    if (grid.rows.every((row) => row.every((c) => c.trim() === ''))) continue
    try {
      // Row numbers in errors match the sheet's own row numbers (grid row 0 is sheet row 1).
      return parseTaskRows(grid.rows, { ...base, merged: grid.merged })
    } catch (e) {
      if (!(e instanceof TableParseError)) throw e
      firstError ??= e
    }
  }
  throw firstError ?? new TableParseError('Excel 文件中没有内容', file, null)
}

// --- docx ---

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&')
}

interface DocxCell {
  text: string
  span: number
  vMerge: 'restart' | 'continue' | null
}

/**
 * A small pull parser over WordprocessingML: paragraphs, runs, tables (top level), merges. `lines` are
 * the paragraphs outside tables; `all` every paragraph in reading order (for the text fallback).
 */
function readDocumentXml(xml: string): { tables: DocxCell[][][]; lines: string[]; all: string[] } {
  const tables: DocxCell[][][] = []
  const lines: string[] = []
  const all: string[] = []
  let tblDepth = 0
  let table: DocxCell[][] = []
  let row: DocxCell[] = []
  let cell: DocxCell | null = null
  let para = ''
  let inText = false
  let inTabStops = false
  const attr = (attrs: string, name: string): string | null => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? null
  for (const m of xml.matchAll(/<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, close, tag, attrs = '', selfClose, text] = m
    if (text !== undefined) {
      if (inText) para += decode(text)
      continue
    }
    const opening = close !== '/'
    switch (tag) {
      case 'w:tbl':
        if (opening) {
          tblDepth++
          if (tblDepth === 1) table = []
        } else {
          if (tblDepth === 1) tables.push(table)
          tblDepth--
        }
        break
      case 'w:tr':
        if (tblDepth === 1) {
          if (opening) row = []
          else table.push(row)
        }
        break
      case 'w:tc':
        if (tblDepth === 1) {
          if (opening) cell = { text: '', span: 1, vMerge: null }
          else if (cell) {
            row.push(cell)
            cell = null
          }
        }
        break
      case 'w:gridSpan':
        if (cell && tblDepth === 1) cell.span = Math.max(1, Number(attr(attrs, 'w:val') ?? 1))
        break
      case 'w:vMerge':
        if (cell && tblDepth === 1) cell.vMerge = attr(attrs, 'w:val') === 'restart' ? 'restart' : 'continue'
        break
      case 'w:t':
        inText = opening && selfClose !== '/'
        break
      case 'w:tabs':
        // Tab stops of the paragraph's properties, not tab characters.
        inTabStops = opening && selfClose !== '/'
        break
      case 'w:tab':
        if (opening && !inTabStops) para += '\t'
        break
      case 'w:br':
      case 'w:cr':
        if (opening) para += '\n'
        break
      case 'w:p':
        if (opening && selfClose !== '/') {
          para = ''
        } else {
          if (cell) cell.text += (cell.text === '' ? '' : '\n') + para
          else if (tblDepth === 0) lines.push(para)
          all.push(para)
          para = ''
        }
        break
    }
  }
  return { tables, lines, all }
}

/** Expand gridSpan and vMerge so every grid position carries its (master's) text. */
function toGrid(table: DocxCell[][]): Grid {
  const rows: string[][] = []
  const merged: boolean[][] = []
  for (let r = 0; r < table.length; r++) {
    const out: string[] = []
    const m: boolean[] = []
    for (const cell of table[r] as DocxCell[]) {
      const col = out.length
      let text = cell.text
      let covered = false
      if (cell.vMerge === 'continue' && r > 0) {
        text = rows[r - 1]?.[col] ?? ''
        covered = true
      }
      for (let s = 0; s < cell.span; s++) {
        out.push(text)
        m.push(covered || s > 0)
      }
    }
    rows.push(out)
    merged.push(m)
  }
  return { rows, merged }
}

function readDocx(xml: string, base: { file: string; calendar?: WorkCalendar }): ParsedTable {
  const { tables, lines, all } = readDocumentXml(xml)
  // Tables of one document (a table broken by the author per section) are read as one.
  const rows: string[][] = []
  const merged: boolean[][] = []
  for (const t of tables) {
    const g = toGrid(t)
    rows.push(...g.rows)
    merged.push(...g.merged)
  }
  const trailer = lines.join('\n')
  if (rows.length > 0) {
    try {
      return parseTaskRows(rows, { ...base, trailer, merged })
    } catch (e) {
      // No header row: the tasks may be written as numbered paragraphs; fall through to text.
      if (!(e instanceof TableParseError) || !e.message.includes('未找到表头')) throw e
    }
  }
  return parseTaskText(all.join('\n'), base)
}
