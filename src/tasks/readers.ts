/**
 * Read a task-table file into one ParsedTable: plain text (UTF-8 with or without BOM, UTF-16 with
 * BOM, GB18030 as a fallback since county offices still save text as GBK), .csv, .xlsx, .docx.
 * The format is sniffed from the bytes, not trusted from the file name. Whatever a file holds, the
 * answer is a ParsedTable or a TableParseError naming the file (and the sheet, table or row): a
 * file over the size limit, a zip that inflates past its limit (zip bomb), a password-protected
 * Office file, images where the table's text should be.
 */
// Types only: exceljs and jszip (~15 MB resident) load on the first .xlsx/.docx, which most runs never read.
import { MIB, megabytes } from '../bytes.js'
import type ExcelJS from 'exceljs'
import type JSZip from 'jszip'
import { TableParseError, type ParsedTable } from './model.js'
import type { WorkCalendar } from './calendar.js'
import { parseTaskText } from './parseText.js'
import { headerRowIndex, keyColumns, NOTICE_WHERE, parseTaskRows } from './parseRows.js'
import { tabbedRows } from './tabbed.js'
import { parseDelimited } from './delimited.js'

/** Default largest file read (the office's IMPORT_MAX_MB overrides it). */
export const DEFAULT_MAX_BYTES = 20 * MIB
/**
 * A zip may inflate to at most this many times its own size (office XML compresses about 5 to 10
 * times), never less than the floor (a small table with much formatting), never more than this
 * many times the size limit; in at most this many entries.
 */
const INFLATE_FACTOR = 10
const INFLATE_FLOOR_BYTES = 32 * MIB
const MAX_ZIP_ENTRIES = 5000
/** Word allows 63 columns; a table without a usable w:tblGrid is cut at this many grid columns. */
const MAX_DOCX_COLUMNS = 256

/** The most a zip of `size` bytes may inflate to, given the import's size limit. */
export function inflateLimit(size: number, maxBytes: number): number {
  return Math.min(maxBytes * INFLATE_FACTOR, Math.max(size * INFLATE_FACTOR, INFLATE_FLOOR_BYTES))
}

export interface ReadOptions {
  calendar?: WorkCalendar
  /** Largest file accepted, in bytes (default 20 MB). */
  maxBytes?: number
}

type Base = { file: string; calendar?: WorkCalendar }

interface Grid {
  rows: string[][]
  merged: boolean[][]
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b)
}

export async function readTaskFile(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<ParsedTable> {
  const base: Base = { file, ...(opts.calendar ? { calendar: opts.calendar } : {}) }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  if (bytes.length === 0) throw new TableParseError('empty', '文件为空', file, null)
  if (bytes.length > maxBytes) {
    throw new TableParseError('too_large', `文件大小 ${megabytes(bytes.length)}，超过导入上限 ${megabytes(maxBytes)}`, file, null)
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readZip(bytes, base, inflateLimit(bytes.length, maxBytes))
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    // An encrypted .docx/.xlsx is an OLE container holding EncryptionInfo and EncryptedPackage streams.
    if (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo')) {
      throw new TableParseError('encrypted', '文件设有密码保护，无法读取：请在 Word/Excel 中取消密码后再导入', file, null)
    }
    throw new TableParseError('legacy_format', '旧版 Word/Excel 格式（.doc/.xls）无法读取，请另存为 .docx 或 .xlsx', file, null)
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new TableParseError('pdf', 'PDF 文件无法读取，请提供 Word、Excel 或文本格式的任务分解表', file, null)
  }
  const text = decodeText(bytes, file)
  const csv = csvRows(text, file)
  if (csv) return parseTextRows(csv.rows, csv.lines, { ...base, merged: csv.merged })
  const tabbed = tabbedRows(text)
  if (tabbed) return parseTextRows(tabbed.rows, tabbed.lines, base)
  return parseTaskText(text, base)
}

/**
 * Rows read from text (CSV, or copied from Excel or a web page): tasks, unparsed rows and errors name
 * the line of the text a row starts on, not the row's index (a quoted cell may span lines; a header
 * row we inserted is on no line of its own).
 */
function parseTextRows(rows: string[][], lines: number[], opts: Base & { merged?: boolean[][] }): ParsedTable {
  const line = (row: number): number => lines[row - 1] ?? row
  try {
    const table = parseTaskRows(rows, opts)
    return {
      ...table,
      tasks: table.tasks.map((task) => ({ ...task, line: line(task.line) })),
      unparsed: table.unparsed.map((u) => ({ ...u, line: line(u.line) })),
    }
  } catch (e) {
    if (e instanceof TableParseError && e.line !== null) throw new TableParseError(e.code, e.reason, e.file, line(e.line), e.where)
    throw e
  }
}


function containsUtf16(bytes: Uint8Array, name: string): boolean {
  const needle = Array.from(name, (c) => [c.charCodeAt(0), 0]).flat()
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

// --- csv ---

/**
 * The rows of a CSV file (a .csv name, or comma-separated rows with a task-table header near the
 * top), or null for ordinary text. A CSV keeps no merges. Where a spreadsheet exported a merged
 * 序号 or task cell into every row it covered (the same number or text again on the next row), the
 * row continues the task above: its repeated cells are read as covered. Otherwise equal cells are
 * separate cells (Excel leaves covered cells empty, and an empty unit cell shares the units above).
 */
function csvRows(text: string, file: string): { rows: string[][]; lines: number[]; merged: boolean[][] } | null {
  const named = /\.csv$/i.test(file)
  const head = text.split(/\r\n|\r|\n/).slice(0, 40)
  if (!named && !head.some((l) => l.includes(','))) return null
  const csv = (t: string) => parseDelimited(t, ',', { strictQuotes: true })
  const { rows, lines } = csv(text)
  const top = named ? rows : csv(head.join('\n')).rows
  if (!named && (headerRowIndex(top) === null || top.every((r) => r.length < 2))) return null
  const key = keyColumns(rows)
  const same = (r: number, c: number) => r > 0 && (rows[r]?.[c] ?? '').trim() !== '' && rows[r - 1]?.[c] === rows[r]?.[c]
  const merged = rows.map((row, r) => {
    const continues =
      key !== null &&
      r >= key.header + key.height + 1 &&
      ((key.number !== null && same(r, key.number)) || (key.text.length > 0 && key.text.every((c) => same(r, c))))
    return row.map((_, c) => continues && same(r, c))
  })
  return { rows, lines, merged }
}

function decodeText(bytes: Uint8Array, file: string): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  // NUL bytes and control characters mean a binary file, not text in some unexpected encoding.
  const sample = bytes.subarray(0, 4096)
  const controls = sample.filter((b) => b < 0x09 || (b > 0x0d && b < 0x20)).length
  if (sample.includes(0) || controls > sample.length / 100) {
    throw new TableParseError('unknown_format', '无法识别的文件格式（不是文本、.docx 或 .xlsx）', file, null)
  }
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes)
    } catch {
      // try the next encoding
    }
  }
  throw new TableParseError('unknown_encoding', '无法识别的文本编码（应为 UTF-8 或 GBK）', file, null)
}

async function readZip(bytes: Uint8Array, base: Base, maxInflated: number): Promise<ParsedTable> {
  const { file } = base
  const jszip = (await import('jszip')).default
  let zip: JSZip
  try {
    zip = await jszip.loadAsync(bytes)
  } catch {
    throw new TableParseError('corrupt', '文件已损坏，无法解压读取', file, null)
  }
  await checkInflatedSize(zip, file, maxInflated)
  const documentXml = zip.file('word/document.xml')
  if (documentXml) {
    let xml: string
    try {
      xml = await documentXml.async('string')
    } catch {
      throw new TableParseError('corrupt', 'Word 文件已损坏，无法读取', file, null)
    }
    return readDocx(xml, base)
  }
  if (zip.file('xl/workbook.xml')) return readXlsx(bytes, base)
  throw new TableParseError('unknown_format', '压缩文件不是 .docx 或 .xlsx', file, null)
}

interface ZipStream {
  on(event: 'data', cb: (chunk: Uint8Array) => void): ZipStream
  on(event: 'error', cb: (e: Error) => void): ZipStream
  on(event: 'end', cb: () => void): ZipStream
  resume(): ZipStream
  pause(): ZipStream
}

/**
 * The sizes the zip's central directory declares are summed first (nothing inflated yet); then every
 * entry is inflated once, counting, before anything reads the zip for real: a zip bomb (or an entry
 * whose header lies about its size) stops at the limit instead of filling memory.
 */
async function checkInflatedSize(zip: JSZip, file: string, limit: number): Promise<void> {
  const entries = Object.values(zip.files).filter((f) => !f.dir)
  const bomb = () => new TableParseError('zip_bomb', `文件解压后过大（超过 ${megabytes(limit)}），疑似压缩炸弹，已拒绝`, file, null)
  if (entries.length > MAX_ZIP_ENTRIES) throw bomb()
  const declared = entries.reduce((sum, f) => sum + Math.max(0, (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0), 0)
  if (declared > limit) throw bomb()
  let total = 0
  for (const entry of entries) {
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): ZipStream }).internalStream('uint8array')
    await new Promise<void>((resolve, reject) => {
      let done = false
      stream
        .on('data', (chunk) => {
          total += chunk.length
          if (total > limit && !done) {
            done = true
            stream.pause()
            reject(bomb())
          }
        })
        .on('error', () => {
          if (!done) {
            done = true
            reject(new TableParseError('corrupt', '文件已损坏，无法解压读取', file, null))
          }
        })
        .on('end', () => {
          if (!done) {
            done = true
            resolve()
          }
        })
        .resume()
    })
  }
}

// --- xlsx ---

/** A formula cell without a cached result, or an image, where the table should have text. */
class CellProblem extends Error {
  constructor(
    readonly code: 'image' | 'bad_cell',
    message: string,
  ) {
    super(message)
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('hyperlink' in value && 'text' in value) return cellText(value.text as ExcelJS.CellValue)
    if ('text' in value && typeof value.text === 'string') return value.text
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as ExcelJS.CellFormulaValue
      // WPS puts pictures into cells as =DISPIMG(…).
      if (/DISPIMG/i.test(f.formula ?? '')) throw new CellProblem('image', '单元格中是图片，无法读取其中文字，请改为文字')
      const result = f.result
      if (result === undefined || result === null) {
        throw new CellProblem('bad_cell', '单元格是没有计算结果的公式：请在 Excel 中打开并保存，或将公式粘贴为数值后再导入')
      }
      if (typeof result === 'object' && 'error' in result) throw new CellProblem('bad_cell', `单元格公式结果为错误值 ${result.error}`)
      return cellText(result as ExcelJS.CellValue)
    }
    if ('error' in value) return ''
    return ''
  }
  return String(value)
}

function columnName(c: number): string {
  let s = ''
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

async function readXlsx(bytes: Uint8Array, base: Base): Promise<ParsedTable> {
  const { file } = base
  const { Workbook } = (await import('exceljs')).default
  const wb = new Workbook()
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw new TableParseError('corrupt', 'Excel 文件已损坏，无法读取', file, null)
  }
  let firstError: TableParseError | null = null
  for (const ws of wb.worksheets) {
    const sheet = `工作表“${ws.name}”`
    const grid = sheetGrid(ws, file, sheet)
    if (grid.rows.every((row) => row.every((c) => c.trim() === ''))) continue
    try {
      // Row numbers in errors match the sheet's own row numbers (grid row 0 is sheet row 1).
      const table = parseTaskRows(grid.rows, { ...base, merged: grid.merged })
      checkImages(ws, grid.rows, file, sheet)
      if (wb.worksheets.length > 1) table.unparsed = table.unparsed.map((u) => ({ ...u, where: sheet }))
      return table
    } catch (e) {
      if (!(e instanceof TableParseError)) throw e
      const located = e.where ? e : e.at(sheet)
      // A sheet with a table and a problem in it is the answer; a sheet without a table is skipped.
      if (headerRowIndex(grid.rows) !== null) throw located
      firstError ??= located
    }
  }
  throw firstError ?? new TableParseError('empty', 'Excel 文件中没有内容', file, null)
}

/**
 * The sheet's cells as a grid, built from the cells that exist: a row is as long as its last cell
 * with content, a row without any is empty. (ws.columnCount walks every row, and reading every
 * position up to it made one stray cell at XFD3 or Z100000 cost minutes.) Grid row i is sheet row
 * i + 1, so row numbers in errors match the sheet's own.
 */
function sheetGrid(ws: ExcelJS.Worksheet, file: string, sheet: string): Grid {
  const grid: Grid = { rows: [], merged: [] }
  ws.eachRow({ includeEmpty: false }, (sheetRow, r) => {
    const row: string[] = []
    const merged: boolean[] = []
    sheetRow.eachCell({ includeEmpty: false }, (cell, c) => {
      let text: string
      try {
        text = cellText(cell.value)
      } catch (e) {
        if (!(e instanceof CellProblem)) throw e
        throw new TableParseError(e.code, `${columnName(c)}${r} ${e.message}`, file, null, sheet)
      }
      // A styled cell without a value adds no column.
      if (text === '' && !cell.isMerged) return
      while (row.length < c - 1) {
        row.push('')
        merged.push(false)
      }
      row.push(text)
      // A covered cell reports its master's value; remember it was covered.
      merged.push(cell.isMerged && cell.master.address !== cell.address)
    })
    grid.rows[r - 1] = row
    grid.merged[r - 1] = merged
  })
  // Rows without cells are holes in the arrays: make them empty rows.
  for (let r = 0; r < grid.rows.length; r++) {
    grid.rows[r] ??= []
    grid.merged[r] ??= []
  }
  return grid
}

/** A picture placed over the table's rows (below the header, inside its columns) hides task text. */
function checkImages(ws: ExcelJS.Worksheet, rows: string[][], file: string, sheet: string): void {
  const header = headerRowIndex(rows)
  if (header === null) return
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0)
  for (const image of ws.getImages()) {
    const tl = image.range.tl as { nativeRow?: number; nativeCol?: number; row?: number; col?: number }
    const row = Math.floor(tl.nativeRow ?? tl.row ?? 0)
    const col = Math.floor(tl.nativeCol ?? tl.col ?? 0)
    if (row > header && col < width) {
      throw new TableParseError('image', `${columnName(col + 1)}${row + 1} 单元格中有图片，无法读取其中文字，请改为文字`, file, null, sheet)
    }
  }
}

// --- docx ---

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (whole: string, d: string) => fromCodePoint(Number(d), whole))
    .replace(/&#x([0-9a-f]+);/gi, (whole: string, h: string) => fromCodePoint(parseInt(h, 16), whole))
    .replace(/&amp;/g, '&')
}

/** A character reference beyond Unicode (&#99999999;) is kept as written rather than thrown on. */
function fromCodePoint(code: number, asWritten: string): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : asWritten
}

/**
 * xml.matchAll(/<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g), the same matches with the same groups,
 * without its quadratic case: where no > follows a <, the tag alternative read the rest of the text
 * for that < and for every shorter tag name (100 KB of junk after </w:document> took 4 s). After
 * the last > no tag can match, so a < there is passed over at once.
 */
export function* xmlTokens(xml: string): Generator<(string | undefined)[]> {
  const tag = /<(\/?)([\w:]+)([^>]*?)(\/?)>/y
  const text = /[^<]+/y
  const lastGt = xml.lastIndexOf('>')
  let p = 0
  while (p < xml.length) {
    const re = xml[p] !== '<' ? text : p < lastGt ? tag : null
    let m: RegExpExecArray | null = null
    if (re) {
      re.lastIndex = p
      m = re.exec(xml)
    }
    if (!re || !m) {
      p++ // as matchAll does where nothing matches
      continue
    }
    p = re.lastIndex
    yield re === text ? [m[0], undefined, undefined, undefined, undefined, m[0]] : m
  }
}

interface DocxTable {
  rows: DocxCell[][]
  /** The w:gridCol entries of its w:tblGrid: how many grid columns the table really has (0: none given). */
  gridColumns: number
}

interface DocxCell {
  text: string
  span: number
  vMerge: 'restart' | 'continue' | null
  /** A picture (w:drawing / w:pict) inside the cell. */
  image: boolean
}

/**
 * A small pull parser over WordprocessingML: paragraphs, runs, tables (top level), merges. `lines` are
 * the paragraphs outside tables; `all` every paragraph in reading order (for the text fallback).
 */
function readDocumentXml(xml: string): { tables: DocxTable[]; lines: string[]; before: number; all: string[] } {
  const tables: DocxTable[] = []
  const lines: string[] = []
  /** How many of `lines` come before the first table (the notice above it). */
  let before = -1
  const all: string[] = []
  let tblDepth = 0
  let table: DocxTable = { rows: [], gridColumns: 0 }
  let row: DocxCell[] = []
  let cell: DocxCell | null = null
  let para = ''
  let inText = false
  let inTabStops = false
  const attr = (attrs: string, name: string): string | null => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? null
  for (const m of xmlTokens(xml)) {
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
          if (tblDepth === 1) table = { rows: [], gridColumns: 0 }
          if (before < 0) before = lines.length
        } else {
          if (tblDepth === 1) tables.push(table)
          tblDepth--
        }
        break
      case 'w:tr':
        if (tblDepth === 1) {
          if (opening) row = []
          else table.rows.push(row)
        }
        break
      case 'w:tc':
        if (tblDepth === 1) {
          if (opening) cell = { text: '', span: 1, vMerge: null, image: false }
          else if (cell) {
            row.push(cell)
            cell = null
          }
        }
        break
      case 'w:gridCol':
        if (tblDepth === 1 && !cell) table.gridColumns++
        break
      case 'w:gridSpan':
        if (cell && tblDepth === 1) {
          // Capped where the row is expanded (toGrid); here only made a whole number.
          const span = Number(attr(attrs, 'w:val') ?? 1)
          cell.span = Number.isFinite(span) ? Math.max(1, Math.floor(span)) : span > 0 ? Number.MAX_SAFE_INTEGER : 1
        }
        break
      case 'w:vMerge':
        if (cell && tblDepth === 1) cell.vMerge = attr(attrs, 'w:val') === 'restart' ? 'restart' : 'continue'
        break
      case 'w:t':
        inText = opening && selfClose !== '/'
        break
      case 'w:drawing':
      case 'w:pict':
      case 'w:object':
        if (opening && cell) cell.image = true
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
  return { tables, lines, before: before < 0 ? lines.length : before, all }
}

/**
 * Expand gridSpan and vMerge so every grid position carries its (master's) text. A span reaches at
 * most the table's last grid column (a gridSpan of 2e9 once expanded a row into gigabytes).
 */
function toGrid(table: DocxTable): Grid {
  const rows: string[][] = []
  const merged: boolean[][] = []
  const width = Math.min(table.gridColumns || MAX_DOCX_COLUMNS, MAX_DOCX_COLUMNS)
  for (let r = 0; r < table.rows.length; r++) {
    const out: string[] = []
    const m: boolean[] = []
    for (const cell of table.rows[r] as DocxCell[]) {
      const col = out.length
      let text = cell.text
      let covered = false
      if (cell.vMerge === 'continue' && r > 0) {
        text = rows[r - 1]?.[col] ?? ''
        covered = true
      }
      const span = Math.max(1, Math.min(cell.span, width - col))
      for (let s = 0; s < span; s++) {
        out.push(text)
        m.push(covered || s > 0)
      }
    }
    rows.push(out)
    merged.push(m)
  }
  return { rows, merged }
}

function readDocx(xml: string, base: Base): ParsedTable {
  const { file } = base
  const { tables, lines, before, all } = readDocumentXml(xml)
  // Tables of one document (a table broken by the author per section or page) are read as one;
  // origin[i] says which table and row grid row i came from, for error messages.
  const rows: string[][] = []
  const merged: boolean[][] = []
  const origin: { table: number; row: number }[] = []
  tables.forEach((t, ti) => {
    t.rows.forEach((row, ri) => {
      if (row.some((c) => c.image)) {
        throw new TableParseError('image', '单元格中有图片，无法读取其中文字，请改为文字', file, ri + 1, tableName(ti, tables.length))
      }
    })
    const g = toGrid(t)
    rows.push(...g.rows)
    merged.push(...g.merged)
    g.rows.forEach((_, ri) => origin.push({ table: ti, row: ri + 1 }))
  })
  // The notice above the table (title, issuer, date, lines not understood) and the 版记 below it.
  const notice = lines.slice(0, before)
  const trailer = lines.slice(before).join('\n')
  if (rows.length > 0) {
    try {
      const table = parseTaskRows(rows, { ...base, notice, trailer, merged })
      // Row numbers of the document's tables read as one, counted again in each table; the notice's
      // paragraphs are counted as lines of the text above the table.
      table.unparsed = table.unparsed.map((u) => {
        if (u.where === NOTICE_WHERE) return u
        const at = origin[u.line - 1]
        return at ? { ...u, line: at.row, where: tableName(at.table, tables.length) } : u
      })
      return table
    } catch (e) {
      if (!(e instanceof TableParseError)) throw e
      // No header row: the tasks may be written as numbered paragraphs; fall through to text.
      if (e.code !== 'no_header') {
        const at = e.line != null ? origin[e.line - 1] : undefined
        throw at ? e.at(tableName(at.table, tables.length), at.row) : e
      }
    }
  }
  try {
    return parseTaskText(all.join('\n'), base)
  } catch (e) {
    if (e instanceof TableParseError && (e.code === 'no_tasks' || e.code === 'empty')) {
      throw new TableParseError(
        'no_tasks',
        tables.length === 0
          ? '文档中没有表格，也没有编号的任务（应为含 序号、工作任务/具体要求、牵头单位/责任单位 等列的表格）'
          : '文档中的表格没有表头（应有 序号、工作任务/具体要求、牵头单位/责任单位 等列），正文中也没有编号的任务',
        file,
        null,
      )
    }
    throw e
  }
}

function tableName(index: number, count: number): string {
  return count > 1 ? `第${index + 1}个表格` : '表格'
}
