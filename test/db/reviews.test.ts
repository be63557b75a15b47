import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureOffice } from '../../db/repositories/offices.js'
import { officeOfPlace } from '../../src/offices/office.js'
import type { BookTask, Stores } from '../../src/ledger/ports.js'
import { dbTargets, fixtureDirectory, queryRows, TEST_OFFICE_ID } from '../helpers/db.js'
import { report, sampleImport } from './fixtures.js'

const at = (iso: string) => new Date(iso)

describe.each(dbTargets)('ReviewStore on $name', (target) => {
  let database: Database
  let stores: Stores
  let tasks: BookTask[]
  beforeEach(async () => {
    database = await target.open()
    stores = createStores(database.db, TEST_OFFICE_ID)
    await stores.tasks.seedDirectory(fixtureDirectory())
    await stores.tasks.importTable(sampleImport())
    tasks = (await stores.tasks.loadBook()).tasks
  })
  afterEach(async () => {
    await database.close()
  })
  const id = (n: number) => tasks.find((t) => t.number === n)!.id
  const reviewRows = () => queryRows<{ state: string; report_id: number }>(database, sql`select state, report_id from closure_reviews order by id`)

  it('opens a review with the 已完成 in one statement only when asked, and a new 已完成 moves the open one', async () => {
    await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'off' })])
    expect(await reviewRows()).toEqual([])

    const [first] = await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'a', reportedAt: at('2022-09-02T02:00:00Z') })], null, { review: true })
    expect(first!.review).toBe('pending')
    // 推进中 opens nothing.
    await stores.progress.record([report(id(2), '县司法局', { status: 'in_progress', sourceMessageId: 'b' })], null, { review: true })
    const [second] = await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'c', reportedAt: at('2022-09-03T02:00:00Z') })], null, { review: true })
    expect(await reviewRows()).toEqual([{ state: 'pending', report_id: second!.id }])
    const queue = await stores.reviews.pending()
    expect(queue.map((r) => [r.taskId, r.unit, r.reportId])).toEqual([[id(1), '县司法局', second!.id]])
    expect((await stores.progress.latest()).find((r) => r.taskId === id(1))!.review).toBe('pending')
  })

  it('closes once; a return records the admin in_progress report with the reason and leaves the queue', async () => {
    const [done] = await stores.progress.record([report(id(1), '县司法局', { sourceMessageId: 'a' }), report(id(2), '县司法局', { sourceMessageId: 'a' })], null, { review: true })
    await stores.progress.addEvidence({ reportId: done!.id, kind: 'image', fileName: 'x.jpg', storedPath: null, sourceMessageId: 'img', receivedAt: at('2022-09-01T02:01:00Z') })
    const queue = await stores.reviews.pending()
    expect(queue.map((r) => r.evidence)).toEqual([1, 0])
    const [one, two] = queue
    expect(await stores.reviews.close(one!.id, { by: '王主任', at: at('2022-09-05T02:00:00Z') })).toBe(true)
    expect(await stores.reviews.close(one!.id, { by: '王主任', at: at('2022-09-05T02:00:00Z') })).toBe(false)
    const back = await stores.reviews.return(two!.id, { by: '王主任', byContactId: 'wx-admin', reason: '请补充佐证材料', at: at('2022-09-05T03:00:00Z'), sourceMessageId: 'ret-1' })
    expect(back).toMatchObject({ taskId: id(2), unit: '县司法局', status: 'in_progress', note: '退回：请补充佐证材料', liaisonName: '王主任' })
    expect(await stores.reviews.return(two!.id, { by: '王主任', byContactId: 'wx-admin', reason: '再次', at: at('2022-09-05T03:00:00Z'), sourceMessageId: 'ret-2' })).toBeNull()
    expect(await stores.reviews.pending()).toEqual([])
    const latest = await stores.progress.latest()
    expect(latest.find((r) => r.taskId === id(1))).toMatchObject({ status: 'done', review: 'closed' })
    expect(latest.find((r) => r.taskId === id(2))).toMatchObject({ status: 'in_progress', review: null })
    const rows = await queryRows<{ state: string; reason: string | null; decided_by: string }>(database, sql`select state, reason, decided_by from closure_reviews order by id`)
    expect(rows).toEqual([{ state: 'closed', reason: null, decided_by: '王主任' }, { state: 'returned', reason: '请补充佐证材料', decided_by: '王主任' }])
  })

  it('an undone 已完成 leaves the queue', async () => {
    const [done] = await stores.progress.record([report(id(1), '县司法局')], null, { review: true })
    await stores.progress.revoke([done!.id], at('2022-09-01T02:05:00Z'))
    expect(await stores.reviews.pending()).toEqual([])
  })

  it("keeps each office's reviews to itself", async () => {
    await stores.progress.record([report(id(1), '县司法局')], null, { review: true })
    const [review] = await stores.reviews.pending()
    const other = createStores(database.db, (await ensureOffice(database.db, officeOfPlace('普宁市'))).id)
    expect(await other.reviews.pending()).toEqual([])
    expect(await other.reviews.close(review!.id, { by: '外单位', at: at('2022-09-05T02:00:00Z') })).toBe(false)
    expect(await other.reviews.return(review!.id, { by: '外单位', byContactId: 'x', reason: '无', at: at('2022-09-05T02:00:00Z'), sourceMessageId: 'o' })).toBeNull()
    expect(await stores.reviews.pending()).toHaveLength(1)
  })
})
