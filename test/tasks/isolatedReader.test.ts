/**
 * Task-table files from outside are read in a worker thread (bot/tableReader.ts): the same answers
 * as reading them in the process, and a hostile file costs the worker, within its time and memory
 * limits, while this thread keeps running.
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readTaskFile } from '../../src/tasks/readers.js'
import { readTaskFileIsolated } from '../../bot/tableReader.js'
import { rejection } from '../helpers/tableErrors.js'
import { mergeBombXlsx } from '../helpers/hostileFiles.js'

const MAX = 20 * 1024 * 1024
const roomy = { seconds: 60, memoryMb: 256 }

/** Counts timer ticks of this thread while `p` runs: a thread blocked by parsing would count none. */
async function ticksDuring<T>(p: Promise<T>): Promise<{ ticks: number; settled: PromiseSettledResult<T> }> {
  let ticks = 0
  const timer = setInterval(() => ticks++, 20)
  const [settled] = await Promise.allSettled([p])
  clearInterval(timer)
  return { ticks, settled: settled! }
}

describe('reading a task table in a worker thread', () => {
  it('gives the same table as reading it here (text and .xlsx)', async () => {
    const seed = new Uint8Array(readFileSync(new URL('../../seeds/000_3c54fac4c972c98b.txt', import.meta.url)))
    expect(await readTaskFileIsolated(seed, 'seed.txt', { maxBytes: MAX, limits: roomy })).toEqual(await readTaskFile(seed, 'seed.txt'))
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Sheet1')
    ws.addRow(['序号', '工作任务', '牵头单位', '完成时限'])
    ws.addRow([1, '公开甲类信息。', '县司法局', '2022年底前'])
    ws.addRow([2, '公开乙类信息。', '县财政局', '每季度'])
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer())
    const table = await readTaskFileIsolated(xlsx, 'a.xlsx', { maxBytes: MAX, limits: roomy })
    expect(table).toEqual(await readTaskFile(xlsx, 'a.xlsx'))
    expect(table.tasks.map((t) => t.lead)).toEqual([['县司法局'], ['县财政局']])
  })

  it('passes a refusal on as the same TableParseError', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n')
    const e = await rejection(readTaskFileIsolated(pdf, '通知.pdf', { maxBytes: MAX, limits: roomy }))
    expect(e.message).toBe((await rejection(readTaskFile(pdf, '通知.pdf'))).message)
    expect(e.code).toBe('pdf')
    const big = await rejection(readTaskFileIsolated(new Uint8Array(2048).fill(0x41), 'big.txt', { maxBytes: 1024, limits: roomy }))
    expect(big.message).toBe('big.txt: 文件大小 2 KB，超过导入上限 1 KB')
    expect(big.code).toBe('too_large')
  })

  it('stops a file at the memory limit and says so, this thread running meanwhile', async () => {
    const bomb = await mergeBombXlsx()
    expect(bomb.length).toBeLessThan(10_000)
    const { ticks, settled } = await ticksDuring(readTaskFileIsolated(bomb, '炸弹.xlsx', { maxBytes: MAX, limits: { seconds: 120, memoryMb: 128 } }))
    expect(settled.status).toBe('rejected')
    const reason = (settled as PromiseRejectedResult).reason as Error
    expect(reason.message).toMatch(/^炸弹\.xlsx: 读取所需内存超过 128 MB，已停止：.*请清理后另存为新文件再导入$/)
    expect(reason).toMatchObject({ code: 'memory_limit' })
    expect(ticks).toBeGreaterThan(0)
  }, 150_000)

  it('stops a file at the time limit and says so', async () => {
    const started = Date.now()
    const e = await rejection(readTaskFileIsolated(await mergeBombXlsx(), '炸弹.xlsx', { maxBytes: MAX, limits: { seconds: 2, memoryMb: 4096 } }))
    expect(e.message).toMatch(/^炸弹\.xlsx: 读取超过 2 秒仍未完成，已停止：/)
    expect(e.code).toBe('time_limit')
    // Generous bound: the worker is stopped at its limit, not when the file would be done.
    expect(Date.now() - started).toBeLessThan(30_000)
  }, 60_000)
})
