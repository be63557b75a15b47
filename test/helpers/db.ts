/**
 * Test databases with the real migrations: PGlite in memory always, and a fresh Postgres database
 * per open() when TEST_DATABASE_URL is set (CI). Use with `describe.each(dbTargets)`.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { sql, type SQL } from 'drizzle-orm'
import postgres from 'postgres'
import { attachPglite, MEMORY_DATA_DIR, openDatabase, PGLITE_SETTINGS, queryRaw, type Database } from '../../db/client.js'
import type { DirectoryData } from '../../src/units/model.js'

/**
 * The office every test database starts with (惠来县, the seed's): open() creates it, so stores
 * built with createStores(db, TEST_OFFICE_ID) work as the bot's own do. Tests of several offices
 * add more with ensureOffice.
 */
export const TEST_OFFICE_ID = 1

/** The test office in a database opened directly (a test's own Postgres database): idempotent. */
export async function withTestOffice(database: Database): Promise<Database> {
  await database.db.execute(sql`insert into offices (id, name, place, level, prefix) values (${TEST_OFFICE_ID}, '惠来县人民政府办公室', '惠来县', '县', '县') on conflict do nothing`)
  await database.db.execute(sql`select setval(pg_get_serial_sequence('offices', 'id'), (select max(id) from offices))`)
  return database
}

export interface DbTarget {
  name: 'pglite' | 'postgres'
  open(): Promise<Database>
}

/**
 * What test/helpers/globalSetup.ts made once for the whole run (undefined outside vitest, as in the
 * bench, or when a file runs without that setup).
 */
async function provided<K extends 'pgliteDump' | 'postgresTemplate'>(key: K): Promise<import('vitest').ProvidedContext[K] | undefined> {
  if (!process.env.VITEST) return undefined
  const { inject } = await import('vitest')
  return inject(key)
}

/**
 * Starting PGlite is the slow part (~1.5 s, initdb much more); loading a dump of one migrated by
 * openDatabase is ~3x faster. The dump is made once per run (globalSetup), else once per file. Each
 * copy still runs the real migrator (a no-op on the dump), so drift would show.
 */
let pgliteTemplate: Promise<Blob | File> | undefined

async function migratedDump(): Promise<Blob | File> {
  const path = await provided('pgliteDump')
  if (path) return new Blob([new Uint8Array(await readFile(path))])
  const template = await openDatabase({ dataDir: MEMORY_DATA_DIR })
  try {
    return await (template.db as unknown as { $client: PGlite }).$client.dumpDataDir('none')
  } finally {
    await template.close()
  }
}

/**
 * PGlite instances of closed test databases, emptied, for the next open() in this file: a new
 * instance from the dump still costs ~0.5 s (~2 s on a busy machine), emptying one ~50 ms.
 */
const idle: PGlite[] = []

/** Back to the state of a fresh copy: every table empty, sequences restarted, session state reset. */
async function emptied(client: PGlite): Promise<boolean> {
  try {
    const { rows } = await client.query<{ t: string }>(`select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname = 'public'`)
    if (rows.length) await client.exec(`truncate ${rows.map((r) => r.t).join(', ')} restart identity cascade`)
    await client.exec('discard all')
    return true
  } catch {
    return false
  }
}

const pgliteTarget: DbTarget = {
  name: 'pglite',
  async open() {
    pgliteTemplate ??= migratedDump()
    // The bot's own settings (shared_buffers), so a suite of copies does not hold 128 MB each.
    const client =
      idle.pop() ?? (await PGlite.create({ loadDataDir: await pgliteTemplate, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] }))
    // This handle's view of the instance: after close() it fails like a closed PGlite (tests close
    // the database to take it away), while the instance itself goes back to `idle`.
    let closed = false
    const handle = new Proxy(client, {
      get(target, prop) {
        if (prop === 'closed') return closed || target.closed
        const value = Reflect.get(target, prop, target) as unknown
        if (typeof value !== 'function') return value
        if (closed) return () => Promise.reject(new Error('PGlite is closed'))
        return (value as (...args: unknown[]) => unknown).bind(target)
      },
    })
    // The real migrator runs on every open, reused instance or not (a no-op on an up-to-date copy).
    const database = await withTestOffice(await attachPglite(handle))
    return {
      ...database,
      async close() {
        if (closed) return
        closed = true
        if (!client.closed && (await emptied(client))) idle.push(client)
        else await client.close().catch(() => {})
      },
    }
  },
}

/**
 * A new database next to TEST_DATABASE_URL's: empty (unmigrated), or a copy of `template`; drop()
 * removes it.
 */
export async function createPostgresDatabase(
  adminUrl: string,
  dbName = `duban_t_${process.pid}_${randomBytes(4).toString('hex')}`,
  template: string | null = null,
): Promise<{ url: string; drop(): Promise<void> }> {
  await withAdmin(adminUrl, (admin) => admin.unsafe(`create database "${dbName}"${template ? ` template "${template}"` : ''}`))
  const url = new URL(adminUrl)
  url.pathname = `/${dbName}`
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists "${dbName}" with (force)`)),
  }
}

async function withAdmin(adminUrl: string, fn: (admin: postgres.Sql) => Promise<unknown>): Promise<void> {
  const admin = postgres(adminUrl, { onnotice: () => {}, max: 1, connect_timeout: 5 })
  try {
    await fn(admin)
  } finally {
    await admin.end({ timeout: 5 })
  }
}

function postgresTarget(adminUrl: string): DbTarget {
  return {
    name: 'postgres',
    async open() {
      // A copy of the run's migrated template (globalSetup): the migrator below then has nothing to do.
      const created = await createPostgresDatabase(adminUrl, undefined, (await provided('postgresTemplate')) ?? null)
      let database: Database
      try {
        database = await withTestOffice(await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR }))
      } catch (err) {
        await created.drop()
        throw err
      }
      return {
        ...database,
        async close() {
          try {
            await database.close()
          } finally {
            await created.drop()
          }
        },
      }
    },
  }
}

/** A migrated PGlite database in memory, as openDatabase({ dataDir: MEMORY_DATA_DIR }) gives, without initdb each time. */
export function openMemoryDatabase(): Promise<Database> {
  return pgliteTarget.open()
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || null

export const dbTargets: DbTarget[] = testDatabaseUrl
  ? [pgliteTarget, postgresTarget(testDatabaseUrl)]
  : [pgliteTarget]

/** The real 惠来县 directory seed (plain JSON; src/units validates it for the app). */
export function fixtureDirectory(): DirectoryData {
  const path = new URL('../../seeds/huilai-units.json', import.meta.url)
  const raw = JSON.parse(readFileSync(path, 'utf8')) as DirectoryData & { _comment?: string }
  const { _comment: _ignored, ...data } = raw
  return data
}

/** Row count of a table, on either driver (raw results differ: postgres.js an array, PGlite `{ rows }`). */
export async function countRows(database: Database, table: string): Promise<number> {
  const rows = await queryRows<{ n: unknown }>(database, sql.raw(`select count(*) as n from "${table}"`))
  return Number(rows[0]?.n)
}

export async function queryRows<T>(database: Database, query: SQL): Promise<T[]> {
  return queryRaw<T>(database.db, query)
}
