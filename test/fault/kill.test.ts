/**
 * The process killed (SIGKILL) while ingesting reports: after a restart, every message that reached
 * the inbox is handled exactly once, and every report in it is recorded exactly once. And killed
 * between a reminder's send and its mark: it is never sent again, only listed as unconfirmed.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import { openDatabase } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { OUTBOX_UNCONFIRMED_AFTER_MS } from '../../db/repositories/outbox.js'
import { createDispatcher } from '../../jobs/dispatch.js'
import { KILLED_KEY } from './dispatch-child.js'
import { createPostgresDatabase, queryRows, testDatabaseUrl, TEST_OFFICE_ID } from '../helpers/db.js'

const ROOT = join(import.meta.dirname, '../..')
const scratch = mkdtempSync(join(tmpdir(), 'duban-fault-'))
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
  rmSync(scratch, { recursive: true, force: true })
})

interface Target {
  name: string
  make(): Promise<{ arg: string; open: () => ReturnType<typeof openDatabase> }>
}

const targets: Target[] = [
  {
    name: 'PGlite on disk',
    async make() {
      const dir = join(scratch, 'pglite-data')
      return { arg: dir, open: () => openDatabase({ dataDir: dir }) }
    },
  },
]
if (testDatabaseUrl) {
  targets.push({
    name: 'Postgres',
    async make() {
      const created = await createPostgresDatabase(testDatabaseUrl!)
      drops.push(created.drop)
      return { arg: created.url, open: () => openDatabase({ databaseUrl: created.url, dataDir: scratch }) }
    },
  })
}

/** Runs the child until it has handled `killAfter` messages, then kills it with SIGKILL. */
function ingestAndKill(arg: string, killAfter: number): Promise<{ killed: boolean; handledBeforeKill: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fault/ingest-child.ts'), arg, '5000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let handled = 0
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^done (\d+)$/.exec(line)
      if (m) handled = Number(m[1])
      // Kill a moment after a batch was reported done: the next batch is then stored but in flight.
      if (handled >= killAfter && child.exitCode === null) setTimeout(() => child.kill('SIGKILL'), 25)
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, handledBeforeKill: handled })
      else reject(new Error(`child exited ${code} before it was killed: ${stderr.slice(0, 500)}`))
    })
  })
}

describe.each(targets)('SIGKILL while ingesting ($name)', (target) => {
  it('handles every stored message once after restart, and records each report once', async () => {
    const { arg, open } = await target.make()
    const run = await ingestAndKill(arg, 200)
    expect(run.killed).toBe(true)

    const database = await open()
    try {
      const stores = createStores(database.db, TEST_OFFICE_ID)
      const assistant = createAssistant({ stores, config: parseConfig({ ENABLED_ROOMS: '故障测试群' }), log: silentLogger })
      const stranded = (await stores.inbox.pending(1000)).length
      const recovered = await assistant.recoverPending()
      expect(recovered).toHaveLength(stranded)
      // Nothing is left unhandled, and a second start finds nothing to do.
      expect(await stores.inbox.pending(10)).toEqual([])
      expect(await assistant.recoverPending()).toEqual([])

      const inboxIds = (await queryRows<{ message_id: string }>(database, sql`select message_id from inbox where message_id like 'fault-%'`)).map(
        (r) => r.message_id,
      )
      expect(inboxIds.length).toBeGreaterThanOrEqual(run.handledBeforeKill)
      const perSource = await queryRows<{ source_message_id: string; n: unknown }>(
        database,
        sql`select source_message_id, count(*) as n from progress_reports where source_message_id like 'fault-%' group by source_message_id`,
      )
      // Every message in the inbox (each reports one task) has exactly one progress record.
      expect(perSource.every((r) => Number(r.n) === 1)).toBe(true)
      expect(perSource.map((r) => r.source_message_id).sort()).toEqual([...inboxIds].sort())
    } finally {
      await database.close()
    }
  }, 120_000)
})

/** Runs the dispatch child until it says it sent, then kills it with SIGKILL. */
function dispatchAndKill(arg: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fault/dispatch-child.ts'), arg], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'sent') child.kill('SIGKILL')
    })
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}: ${stderr.slice(0, 500)}`))))
  })
}

// Issue 11, defect 8: the claim went stale after 5 minutes and the next dispatcher sent it again.
describe.each(targets)('SIGKILL between a send and its mark ($name)', (target) => {
  it('never sends the item again, however late, and lists it as unconfirmed', async () => {
    const { arg, open } = await target.make()
    await dispatchAndKill(arg)
    const database = await open()
    try {
      const stores = createStores(database.db, TEST_OFFICE_ID)
      const later = new Date(Date.now() + OUTBOX_UNCONFIRMED_AFTER_MS + 24 * 3600_000)
      const sent: string[] = []
      const dispatcher = createDispatcher({ outbox: stores.outbox, notifier: { send: async (m) => void sent.push(m.text) }, log: silentLogger, claimer: 'restarted', now: () => later })
      await dispatcher.tick()
      await dispatcher.tick()
      expect(sent).toEqual([])
      expect((await stores.outbox.unconfirmed(later)).map((i) => i.dedupeKey)).toContain(KILLED_KEY)
    } finally {
      await database.close()
    }
  }, 120_000)
})
