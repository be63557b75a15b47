import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseOpenError, maskUrl, openDatabase, type Database } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureOffice } from '../../db/repositories/offices.js'
import { officeOfPlace } from '../../src/offices/office.js'
import { createPostgresDatabase, dbTargets, fixtureDirectory, queryRows, testDatabaseUrl } from '../helpers/db.js'

const TABLES = [
  'admins',
  'assignments',
  'chat_import_waits',
  'closure_reviews',
  'documents',
  'inbox',
  'liaisons',
  'offices',
  'outbox',
  'pending_choices',
  'progress_latest',
  'progress_reports',
  'report_evidence',
  'rooms',
  'settings',
  'task_former_units',
  'tasks',
  'unit_groups',
  'unit_roles',
  'units',
]

describe.each(dbTargets)('openDatabase on $name', (target) => {
  let database: Database | undefined
  afterEach(async () => {
    await database?.close()
    database = undefined
  })

  it('applies the migrations: every table exists and the migration is journaled', async () => {
    database = await target.open()
    expect(database.kind).toBe(target.name)
    const tables = await queryRows<{ table_name: string }>(
      database,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    )
    expect(tables.map((t) => t.table_name)).toEqual(TABLES)
    const journal = await queryRows<{ n: number | string }>(
      database,
      sql`select count(*) as n from drizzle.__drizzle_migrations`,
    )
    expect(Number(journal[0]?.n)).toBeGreaterThanOrEqual(1)
  })

  it('enforces the unique keys the ledger relies on', async () => {
    database = await target.open()
    const insertInbox = () =>
      database!.db.execute(
        sql`insert into inbox (office_id, message_id, sender_id, sender_name, text, received_at) values (1, 'm1', 's', 'n', 't', now())`,
      )
    await insertInbox()
    await expect(insertInbox()).rejects.toThrow()
  })
})

describe('openDatabase with PGlite on disk', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('stores under dataDir/pglite and keeps data across reopen (migrations re-run as no-ops)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-db-'))
    const first = await openDatabase({ dataDir: join(dir, 'data') })
    const office = await ensureOffice(first.db, officeOfPlace('惠来县'))
    await createStores(first.db, office.id).tasks.seedDirectory(fixtureDirectory())
    await first.close()

    const second = await openDatabase({ dataDir: join(dir, 'data') })
    try {
      const book = await createStores(second.db, office.id).tasks.loadBook()
      expect(book.directory.county).toBe('惠来县')
      expect(book.directory.units.length).toBe(fixtureDirectory().units.length)
    } finally {
      await second.close()
    }
  })
})

describe('openDatabase failures', () => {
  it('gives a one-line DatabaseOpenError quickly for an unreachable server', async () => {
    const started = Date.now()
    const error = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5999/x', dataDir: 'unused' }).then(
      () => null,
      (e: unknown) => e,
    )
    // Refused at once, or after the 5 s connect timeout at worst: a bound for a retry loop, not a speed target.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(error).toBeInstanceOf(DatabaseOpenError)
    const message = (error as Error).message
    expect(message).toMatch(/^无法连接数据库 postgres:\/\/postgres@127\.0\.0\.1:5999\/x：.*ECONNREFUSED/)
    expect(message).not.toContain('\n')
  }, 60_000)

  it('masks the password in the message', async () => {
    const error = await openDatabase({
      databaseUrl: 'postgres://duban:s3cret@127.0.0.1:5999/x',
      dataDir: 'unused',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect((error as Error).message).toContain('postgres://duban:***@127.0.0.1:5999/x')
    expect((error as Error).message).not.toContain('s3cret')
  })

  it('rejects a URL that is not a Postgres URL', async () => {
    await expect(openDatabase({ databaseUrl: 'mysql://root@localhost/x', dataDir: 'unused' })).rejects.toThrow(
      DatabaseOpenError,
    )
    await expect(openDatabase({ databaseUrl: 'not a url', dataDir: 'unused' })).rejects.toThrow(/无法连接数据库/)
  })

  it('maskUrl leaves password-less URLs alone', () => {
    expect(maskUrl('postgres://postgres@127.0.0.1:5432/x')).toBe('postgres://postgres@127.0.0.1:5432/x')
    expect(maskUrl('postgresql://u:p%40ss@h/db?sslmode=require')).toBe('postgresql://u:***@h/db?sslmode=require')
  })
})

// Only where a real server is configured (CI): several bot processes starting at once on one database.
describe.each(testDatabaseUrl ? [testDatabaseUrl] : [])('openDatabase on a shared Postgres', (adminUrl) => {
  it('processes opening one fresh database at once migrate it exactly once', async () => {
    const created = await createPostgresDatabase(adminUrl)
    const opened: Database[] = []
    try {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: created.url, dataDir: 'unused' })),
      )
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value)
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
      const journal = await queryRows<{ n: unknown }>(
        opened[0]!,
        sql`select count(*) as n from drizzle.__drizzle_migrations`,
      )
      const files = await queryRows<{ n: unknown }>(opened[0]!, sql`select count(*) as n from units`)
      expect(Number(files[0]?.n)).toBe(0)
      expect(Number(journal[0]?.n)).toBe(migrationCount())
    } finally {
      await Promise.all(opened.map((d) => d.close()))
      await created.drop()
    }
  })
})

function migrationCount(): number {
  const journal = JSON.parse(
    readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
  ) as { entries: unknown[] }
  return journal.entries.length
}
