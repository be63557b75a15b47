/**
 * Issue 16 part 3: 进度汇总 for an admin comes with the progress chart, and the monthly digest too,
 * through AssistantServices.renderProgressChart as bot/ wires it (render/chart.ts). Without the
 * service the summary is what it was; a drawing that fails leaves the text to go out alone.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dbTargets } from '../helpers/db.js'
import { openTestLedger, type TestLedger } from '../helpers/ledger.js'
import { pngSize } from '../helpers/png.js'
import { writeProgressChart } from '../../render/chart.js'
import { createDataDirUsage } from '../../bot/files.js'
import type { AssistantServices } from '../../src/ledger/context.js'
import type { ProgressChartData } from '../../src/ledger/chartData.js'
import { COLOUR_HEX } from '../../src/domain/colour.js'
import { silentLogger } from '../../src/ledger/context.js'
import { runDigest } from '../../jobs/reminders.js'
import { chineseWorkCalendar } from '../../src/tasks/calendar.js'

const admin = { id: 'wx-admin', name: '王主任', alias: '办公室王主任' }
const sifa = { id: 'wx-sifa', name: '李娜' }
const ROOM = '惠来县政务公开工作群'

describe.each(dbTargets)('the progress chart in the chat on $name', (target) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'charts-'))
  const drawn: ProgressChartData[] = []
  const services: AssistantServices = {
    renderProgressChart: (data, today) => {
      drawn.push(data)
      return writeProgressChart(data, dataDir, today, String(drawn.length))
    },
  }
  let withChart: TestLedger
  let plain: TestLedger
  let failing: TestLedger
  beforeAll(async () => {
    withChart = await openTestLedger(target, { services })
    plain = await openTestLedger(target)
    failing = await openTestLedger(target, { services: { renderProgressChart: async () => { throw new Error('no font') } } })
    for (const t of [withChart, plain, failing]) {
      await t.say(sifa, '绑定 县司法局')
      await t.say(sifa, '第1项已完成')
      await t.say(sifa, '第2项正在推进')
      await t.say(admin, '同意销号 第1项 县司法局')
    }
  })
  afterAll(async () => {
    for (const t of [withChart, plain, failing]) await t.close()
  })

  it('sends an admin the chart after the summary text; the text is as without the service', async () => {
    const r = await withChart.say(admin, '进度汇总')
    const without = await plain.say(admin, '进度汇总')
    expect(r.reply).toBe(without.reply)
    expect(without.messages.filter((m) => m.filePath)).toEqual([])
    const files = r.messages.filter((m) => m.filePath)
    expect(files).toHaveLength(1)
    expect(r.messages.indexOf(files[0]!)).toBe(r.messages.length - 1)
    expect(files[0]!.filePath!.startsWith(join(dataDir, 'charts'))).toBe(true)
    expect(pngSize(readFileSync(files[0]!.filePath!)).width).toBe(1800)
  })

  it('draws the units in directory order with their pairs by state', async () => {
    const data = drawn.at(-1)!
    expect(data.title).toBe('各单位任务落实情况（截至9月20日）')
    const directory = (await withChart.stores.tasks.loadBook()).directory.units.map((u) => u.name)
    expect(data.units).toEqual(directory.filter((u) => data.units.includes(u)))
    expect(data.units.length).toBeGreaterThan(30)
    const i = data.units.indexOf('县司法局')
    const part = (p: string) => data.series.find((s) => s.part === p)!
    expect(part('done').values[i]).toBe(1)
    expect(part('inProgress').values[i]).toBe(1)
    expect(part('done').colour).toBe(COLOUR_HEX.green.bar)
    expect(part('overdue').colour).toBe(COLOUR_HEX.red.bar)
    // The tasks it has not reported on stand as 未反馈 (or 逾期 once past their date).
    expect(part('notReported').values[i]! + part('overdue').values[i]!).toBeGreaterThan(0)
  })

  it('counts the pictures with the exports in the disk use the summary shows', async () => {
    const charts = join(dataDir, 'charts')
    const bytes = readdirSync(charts).reduce((n, f) => n + statSync(join(charts, f)).size, 0)
    expect(bytes).toBeGreaterThan(0)
    expect((await createDataDirUsage(dataDir, false)()).exports).toBe(bytes)
  })

  it('adds up to the pairs the summary text counts', async () => {
    const r = await withChart.say(admin, '进度汇总')
    const pairs = Number(/单位任务 (\d+) 条/.exec(r.reply)![1])
    const data = drawn.at(-1)!
    expect(data.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)).toBe(pairs)
  })

  it('sends the text alone when the chart cannot be drawn', async () => {
    const r = await failing.say(admin, '进度汇总')
    expect(r.reply).toBe((await plain.say(admin, '进度汇总')).reply)
    expect(r.messages.filter((m) => m.filePath)).toEqual([])
  })

  it('queues the digest chart as its own message after the digest', async () => {
    const stores = withChart.stores
    await stores.rooms.setEnabled('room-1', ROOM, true)
    const at = new Date('2022-10-08T09:30:00+08:00')
    const r = await runDigest({ stores, calendar: chineseWorkCalendar, settings: {}, log: silentLogger, adminRoom: ROOM, renderProgressChart: services.renderProgressChart }, at)
    expect(r.queued).toBe(true)
    const items = (await stores.outbox.list()).filter((i) => i.dedupeKey.startsWith('督办月报'))
    expect(items.map((i) => i.dedupeKey)).toEqual(['督办月报|2022-10', '督办月报|2022-10|图'])
    expect(items[0]!.text).toMatch(/各单位落实情况图见附件。$/)
    expect(items[1]!.text).toBe('')
    expect(pngSize(readFileSync(items[1]!.filePath!)).width).toBe(1800)
    expect(r.digest!.chart.title).toBe('各单位任务落实情况（截至10月8日）')
  })
})
