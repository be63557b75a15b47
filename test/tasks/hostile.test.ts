/**
 * Regressions found by fuzzing (test/fuzz): helpers of the task-table parsers that were quadratic or
 * worse on long lines and cells. Each input here is ~100 KB and took from seconds to hours before;
 * the test timeout is the bound, and the assertions check that the answers stay right.
 */
import fc from 'fast-check'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { clean, datedLine, splitLabels, takeTrailingAnnotation, type LabelKind } from '../../src/tasks/common.js'
import { findDeadlineInText } from '../../src/tasks/deadline.js'
import { parseTaskRows } from '../../src/tasks/parseRows.js'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { weekdayCalendar } from '../../src/tasks/calendar.js'
import { readTaskFile, xmlTokens } from '../../src/tasks/readers.js'
import { TableParseError } from '../../src/tasks/model.js'

const N = 100_000
const spaces = ' '.repeat(N)

/**
 * splitLabels as it was (bracket depth counted from the line start for every label), for the labels
 * these test lines can contain, in the order of the full list (牵头单位 before 牵头, 完成时限 before 时限).
 */
function splitLabelsReference(line: string): { before: string; segments: { kind: LabelKind; value: string }[] } {
  const kinds: Record<string, LabelKind> = { 牵头单位: 'lead', 牵头: 'lead', 配合: 'support', 完成时限: 'deadline', 时限: 'deadline' }
  const labelAt = /(牵头单位|牵头|配合|完成时限|时限)(?:[（(][^）)]{1,6}[)）])?\s*[：:]/g
  const depthAt = (upTo: number): number => {
    let depth = 0
    for (let i = 0; i < upTo; i++) {
      if ('（(【'.includes(line[i]!)) depth++
      else if ('）)】'.includes(line[i]!)) depth = Math.max(0, depth - 1)
    }
    return depth
  }
  const hits: { index: number; end: number; kind: LabelKind }[] = []
  for (const m of line.matchAll(labelAt)) {
    if (depthAt(m.index) > 0) continue
    const prev = line[m.index - 1]
    if (m.index > 0 && prev !== undefined && !/[。；;，,\s\u3000）)]/.test(prev)) continue
    hits.push({ index: m.index, end: m.index + m[0].length, kind: kinds[m[1]!]! })
  }
  if (hits.length === 0) return { before: line, segments: [] }
  const segments = hits.map((h, i) => ({ kind: h.kind, value: clean(line.slice(h.end, hits[i + 1]?.index ?? line.length)).replace(/[；;，,。]+$/, '') }))
  return { before: clean(line.slice(0, hits[0]!.index)), segments }
}

describe('task-table helpers on long lines', () => {
  it('splitLabels finds the same labels as counting brackets from the line start each time', () => {
    const piece = fc.constantFrom('牵头单位', '配合', '完成时限', '（部门）', '：', ':', '（', '）', '(', ')', '【', '】', '。', '；', '，', ' ', '\u3000', 'x', '县司法局')
    const line = fc.array(piece, { maxLength: 16 }).map((a) => a.join(''))
    fc.assert(
      fc.property(line, (l) => {
        expect(splitLabels(l)).toEqual(splitLabelsReference(l))
      }),
      { seed: 7, numRuns: 5_000 },
    )
  })

  it('splitLabels walks a long line once', () => {
    const nested = '（'.repeat(N / 2) + '牵头单位：县发改局' + '）'.repeat(N / 2)
    expect(splitLabels(`${nested}；牵头单位：县财政局`)).toEqual({ before: nested + '；', segments: [{ kind: 'lead', value: '县财政局' }] })
    const labels = '牵头单位：县发改局；'.repeat(N / 10)
    expect(splitLabels(labels).segments).toHaveLength(N / 10)
    expect(splitLabels(`牵头单位：县发改局${'，'.repeat(N)}x`).segments).toEqual([{ kind: 'lead', value: `县发改局${'，'.repeat(N)}x` }])
  })

  it('trims around long runs inside a line', () => {
    expect(clean(`x${spaces}x`)).toBe(`x${spaces}x`)
    expect(clean(`${spaces}x${'\u3000'.repeat(N)}`)).toBe('x')
    expect(clean(spaces)).toBe('')
    const trimmed = fc.array(fc.constantFrom(' ', '\u3000', '\u200b', '\ufeff', '\n', 'x', '县'), { maxLength: 12 }).map((a) => a.join(''))
    fc.assert(
      fc.property(trimmed, (s) => {
        expect(clean(s)).toBe(s.replace(/^[\s\u00a0\u3000\ufeff\u200b-\u200f\u2060]+|[\s\u00a0\u3000\ufeff\u200b-\u200f\u2060]+$/g, ''))
      }),
      { seed: 7, numRuns: 2_000 },
    )
    expect(takeTrailingAnnotation(`做好A工作${spaces}（县发改局牵头）。`).annotation?.units.lead).toEqual(['县发改局'])
    expect(takeTrailingAnnotation(`做好A工作${spaces}。x`).annotation).toBeNull()
  })

  it('reads a dated line across a long run of spaces', () => {
    expect(datedLine(`惠来县人民政府办公室${spaces}2022年8月25日印发`)).toEqual({ issuer: '惠来县人民政府办公室', date: '2022-08-25', issued: true })
    expect(datedLine(`惠来县人民政府办公室${spaces}x`)).toBeNull()
    expect(datedLine(`x${spaces}2022年${spaces}8月25日`)).toBeNull()
  })

  it('reads a recurrence followed by a long run of numerals', () => {
    const d = findDeadlineInText('每年' + '1'.repeat(N), { issuedOn: '2022-08-25', calendar: weekdayCalendar })
    expect(d).toEqual({ kind: 'recurring', text: '每年' + '1'.repeat(28), every: 'yearly' })
    const counted = findDeadlineInText('每年召开' + '1'.repeat(N) + '次会议', { issuedOn: '2022-08-25', calendar: weekdayCalendar })
    expect(counted).toEqual({ kind: 'recurring', text: '每年召开' + '1'.repeat(N) + '次会议', every: 'yearly' })
  })

  it('reads rows whose number, header and note cells are long', () => {
    const header = ['序号', '工作任务', `牵头单位（${'x'.repeat(N)}）`, '完成时限', '备注']
    const rows = [header, [`1${spaces}项`, '做好A工作', '县发改局', '2022年底前', `甲${'\t'.repeat(N)}乙\n丙`]]
    const table = parseTaskRows(rows, { file: 'big.xlsx', calendar: weekdayCalendar })
    expect(table.tasks).toHaveLength(1)
    expect(table.tasks[0]).toMatchObject({ number: 1, text: '做好A工作', lead: ['县发改局'] })
    expect(table.tasks[0]?.note?.endsWith('乙、丙')).toBe(true)
    // A header cell of opening brackets only is no header: no table is found, quickly.
    expect(() => parseTaskRows([['序号', '工作任务', '（'.repeat(N)], ['1', 'x', 'y']], { file: 'big.xlsx' })).toThrow(/未找到表头/)
  })

  it('parses a task whose unit cell is a long list joined by 和', () => {
    const table = parseTaskText(`1．做好A工作\n牵头单位：${'县财政局和'.repeat(N / 5)}县审计局`, { file: 'big.txt', calendar: weekdayCalendar })
    expect(table.tasks[0]?.lead).toEqual(['县财政局', '县审计局'])
  })

  it('tokenizes Word XML as the tag regex did, in one pass', () => {
    const re = /<(\/?)([\w:]+)([^>]*?)(\/?)>|([^<]+)/g
    const piece = fc.constantFrom('<w:t>', '</w:t>', '<w:br/>', '<w:t xml:space="preserve">', '<w:t', '<', '>', '/', '/>', 'a', ' ', '&lt;', '<<', 'x="<"')
    const xml = fc.array(piece, { maxLength: 14 }).map((a) => a.join(''))
    fc.assert(
      fc.property(xml, (s) => {
        const groups = (m: ArrayLike<string | undefined>) => Array.from({ length: 6 }, (_, i) => m[i])
        expect([...xmlTokens(s)].map(groups)).toEqual([...s.matchAll(re)].map(groups))
      }),
      { seed: 7, numRuns: 3_000 },
    )
  })

  it('reads a .docx with 100 KB of unclosed tags after the document, and a character reference beyond Unicode', async () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    const p = (t: string) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`
    const docx = async (body: string, after: string): Promise<Uint8Array> => {
      const zip = new JSZip()
      zip.file('[Content_Types].xml', '<Types/>')
      zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>${after}`)
      return zip.generateAsync({ type: 'uint8array' })
    }
    const body = p('1．做好A工作&#99999999;') + p('牵头单位：县司法局')
    for (const after of ['<w:t' + 'a'.repeat(N), '<w:t '.repeat(N / 5)]) {
      const table = await readTaskFile(await docx(body, after), 'big.docx')
      expect(table.tasks).toMatchObject([{ number: 1, text: '做好A工作&#99999999;', lead: ['县司法局'] }])
    }
    await expect(readTaskFile(await docx(p('没有任务'), '<'.repeat(N)), 'big.docx')).rejects.toBeInstanceOf(TableParseError)
  })
})
