/**
 * Fuzz: the task-table parsers throw nothing but TableParseError on random and hostile input, and
 * each call on a 100 KB line or cell returns within the test's timeout.
 */
import fc from 'fast-check'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { parseTaskRows } from '../../src/tasks/parseRows.js'
import { readTaskFile } from '../../src/tasks/readers.js'
import { TableParseError } from '../../src/tasks/model.js'
import { bigText, hostileText, params, pathologicalInputs } from './hostile.js'

/** Runs a parser; a TableParseError is an answer, anything else is a bug. Returns whether it parsed. */
async function onlyTableErrors(fn: () => unknown): Promise<boolean> {
  try {
    const table = (await fn()) as { tasks: { number: number }[] }
    for (const t of table.tasks) expect(Number.isInteger(t.number)).toBe(true)
    return true
  } catch (err) {
    if (!(err instanceof TableParseError)) throw err
    return false
  }
}

const header = ['序号', '工作任务', '具体要求', '牵头单位', '责任单位', '完成时限']
const lines = fc.array(fc.oneof(hostileText, fc.constantFrom('1．', '（一）', '一、', '牵头单位：', '责任单位：', '完成时限：', '2022年8月25日印发')), { maxLength: 30 })

describe('task-table parsers under fuzzing', () => {
  it('parseTaskText: random hostile lines', async () => {
    await fc.assert(fc.asyncProperty(lines, async (ls) => void (await onlyTableErrors(() => parseTaskText(ls.join('\n'), { file: 'fuzz.txt' })))), params(150))
  })

  it('parseTaskRows: random hostile cells under a real header', async () => {
    const rows = fc.array(fc.array(hostileText, { minLength: 0, maxLength: 8 }), { maxLength: 20 })
    await fc.assert(
      fc.asyncProperty(rows, fc.boolean(), async (rs, withHeader) => void (await onlyTableErrors(() => parseTaskRows(withHeader ? [header, ...rs] : rs, { file: 'fuzz.xlsx' })))),
      params(150),
    )
  })

  it('readTaskFile: random bytes, zip and BOM prefixes', async () => {
    const prefix = fc.constantFrom([], [0x50, 0x4b, 0x03, 0x04], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff])
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 2000 }), async (p, body) => void (await onlyTableErrors(() => readTaskFile(new Uint8Array([...p, ...body]), 'fuzz.bin')))),
      params(150),
    )
  })

  it('readTaskFile: a .docx whose XML is hostile, 100 KB of it after the document', async () => {
    const docx = async (body: string, after: string): Promise<Uint8Array> => {
      const zip = new JSZip()
      zip.file('[Content_Types].xml', '<Types/>')
      zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>1．${body}</w:t></w:r></w:p>${body}</w:body></w:document>${after}`)
      return zip.generateAsync({ type: 'uint8array' })
    }
    await fc.assert(
      fc.asyncProperty(hostileText, bigText, async (body, after) => void (await onlyTableErrors(async () => readTaskFile(await docx(body, after), 'fuzz.docx')))),
      params(10),
    )
  }, 20_000)

  // 100 KB lines and cells. Each call is linear or n·log n in its input (test/tasks/hostile.test.ts
  // checks the helpers that were not); the timeout is the bound.
  it('100 KB repetitions of hostile fragments', async () => {
    await fc.assert(
      fc.asyncProperty(bigText, async (text) => {
        await onlyTableErrors(() => parseTaskText(text, { file: 'big.txt' }))
        await onlyTableErrors(() => parseTaskText(`1．${text}\n牵头单位：${text}`, { file: 'big.txt' }))
        await onlyTableErrors(() => parseTaskRows([header, ['1', text, text, text, text, text]], { file: 'big.xlsx' }))
      }),
      params(4),
    )
  }, 20_000)

  it.each(pathologicalInputs())('returns on a 100 KB input: %s', async (_name, text) => {
    await onlyTableErrors(() => parseTaskText(`1．${text}\n牵头单位：${text}\n完成时限：${text}`, { file: 'big.txt' }))
    // Every cell hostile: the 序号 cell, and header-like cells classified on each row.
    await onlyTableErrors(() => parseTaskRows([header, ['1', text, text, text, text, text], [text, text, `牵头单位（${text}）`, text, text, text]], { file: 'big.xlsx' }))
  }, 10_000)
})
