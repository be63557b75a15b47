/**
 * Rows of delimited text, for both the CSV reader (commas) and tables copied from Excel or a web page
 * (tabs): one reader, so both quote, count lines and end rows alike.
 */

export interface DelimitedRows {
  rows: string[][]
  /** The 1-based line of the text each row starts on (a quoted cell may hold line breaks). */
  lines: number[]
}

/**
 * strictQuotes (CSV, RFC 4180): a quote opening a field quotes it up to the next lone quote, "" being
 * a quote; what follows the closing quote up to the separator is kept. Without it (an Excel copy),
 * a field is quoted only where Excel quoted it: opening and closing quotes, every quote inside doubled,
 * the closing one followed by the separator or the line's end ("推进…\n（1）…" holds line breaks). Any
 * other quote is text: a cell "一网通办"改革 is a cell of its own, not the start of one spanning rows.
 */
export function parseDelimited(text: string, sep: string, opts: { strictQuotes: boolean }): DelimitedRows {
  const rows: string[][] = []
  const lines: number[] = []
  let row: string[] = []
  let field = ''
  let line = 1
  let rowLine = 1
  let i = 0
  const endRow = (): void => {
    row.push(field)
    rows.push(row)
    lines.push(rowLine)
    row = []
    field = ''
  }
  while (i < text.length) {
    const c = text[i] as string
    if (c === '"' && field === '' && (opts.strictQuotes || isExcelQuoted(text, i, sep))) {
      let j = i + 1
      for (; j < text.length; j++) {
        const q = text[j] as string
        if (q === '"') {
          if (text[j + 1] !== '"') break
          field += '"'
          j++
          continue
        }
        if (q === '\n' || (q === '\r' && text[j + 1] !== '\n')) line++
        field += q
      }
      i = j + 1
      continue
    }
    if (c === sep) {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else field += c
    i++
  }
  if (field !== '' || row.length > 0) endRow()
  return { rows, lines }
}

/** Whether the quote at `at` opens a field as Excel quotes one (see parseDelimited). */
function isExcelQuoted(text: string, at: number, sep: string): boolean {
  for (let j = at + 1; j < text.length; j++) {
    if (text[j] !== '"') continue
    if (text[j + 1] === '"') {
      j++
      continue
    }
    const next = text[j + 1]
    return next === undefined || next === sep || next === '\n' || next === '\r'
  }
  return false
}
