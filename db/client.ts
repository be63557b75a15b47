/**
 * Opens the ledger database: embedded PGlite by default, Postgres (postgres.js) when a URL is given.
 * Migrations run at open, so every process sees the schema it was built for.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema.js'

export type Schema = typeof schema
/** Both drivers' databases are PgDatabases; repositories only use this common surface. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

/** One line for the operator (Chinese + the driver's English reason); callers need no stack. */
export class DatabaseOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DatabaseOpenError'
  }
}

export const MEMORY_DATA_DIR = 'memory://'

// Relative to this file, not the cwd: the bot may be started from anywhere.
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/** Any two processes migrating one Postgres at the same time take turns on this lock. */
const MIGRATION_LOCK_KEY = 7_263_001

const CONNECT_TIMEOUT_SECONDS = 5

/**
 * Postgres settings for the embedded database, on top of PGlite's own. PGlite allocates and touches
 * Postgres's shared memory inside its WebAssembly heap at start, so initdb's shared_buffers = 128MB
 * is 128 MB resident before the first query. Measured serving at seed scale under tsx: peak RSS
 * ~440 MB with 128MB, ~320 MB with 16MB; at 100x (80 MB of tables) the bench's latencies stayed
 * within run-to-run noise. 8MB saved ~8 MB more and looked slower at 100x. The buffer pool is only a
 * cache: pages outside it are read from the data directory. (initialMemory cannot go lower: the
 * wasm module demands 128 MB of address space, of which only touched pages count.)
 */
export const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB']

export async function openDatabase(opts: {
  databaseUrl?: string | null
  dataDir: string
}): Promise<Database> {
  const url = opts.databaseUrl?.trim()
  return url ? openPostgres(url) : openPglite(opts.dataDir)
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === MEMORY_DATA_DIR
  const where = inMemory ? MEMORY_DATA_DIR : join(dataDir, 'pglite')
  let client: PGlite
  let release = () => {}
  try {
    if (!inMemory) {
      await mkdir(where, { recursive: true })
      release = lockDataDir(where)
    }
    // Loaded here, not at the top: a Postgres deployment never pays for PGlite (~50 MB under tsx).
    const { PGlite } = await import('@electric-sql/pglite')
    const options = { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] }
    client = inMemory ? await PGlite.create(options) : await PGlite.create(where, options)
  } catch (err) {
    release()
    if (err instanceof DatabaseOpenError) throw err
    throw new DatabaseOpenError(`无法打开内置数据库 ${where}：${reasonOf(err)}`, { cause: err })
  }
  const database = await attachPglite(client, where).catch((err: unknown) => {
    release()
    throw err
  })
  return {
    ...database,
    close: async () => {
      try {
        await database.close()
      } finally {
        release()
      }
    },
  }
}

/**
 * The embedded database is one process's: a second process opening the same directory would corrupt
 * it. A lock file with the owner's pid keeps a CLI command away from a running bot; a lock left by a
 * process that no longer exists is taken over.
 */
function lockDataDir(where: string): () => void {
  const lockPath = join(where, 'duban.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
      let released = false
      return () => {
        if (released) return
        released = true
        rmSync(lockPath, { force: true })
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(lockPath, 'utf8').trim())
      if (owner && (owner === process.pid || processAlive(owner))) {
        throw new DatabaseOpenError(
          `内置数据库 ${where} 正被另一进程（PID ${owner}，可能是 npm start）使用；请先停止该进程，或设置 DATABASE_URL 改用 PostgreSQL`,
        )
      }
      rmSync(lockPath, { force: true })
    }
  }
  throw new DatabaseOpenError(`无法锁定内置数据库 ${where}`)
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Migrates an already created PGlite and wraps it (the test helper starts copies of a migrated
 * template this way). Takes ownership: close() closes the client.
 */
export async function attachPglite(client: PGlite, where = MEMORY_DATA_DIR): Promise<Database> {
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite')
  const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator')
  const db = drizzlePglite({ client, schema })
  try {
    await migratePglite(db, { migrationsFolder })
  } catch (err) {
    await client.close().catch(() => {})
    throw new DatabaseOpenError(`数据库迁移失败 ${where}：${reasonOf(err)}`, { cause: err })
  }
  return { db, kind: 'pglite', close: () => client.close() }
}

async function openPostgres(url: string): Promise<Database> {
  const shown = maskUrl(url)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new DatabaseOpenError(`无法连接数据库 ${shown}：invalid URL`)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseOpenError(`无法连接数据库 ${shown}：unsupported protocol ${parsed.protocol}`)
  }

  const options = {
    onnotice: () => {}, // CREATE ... IF NOT EXISTS notices from the migrator are noise
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
  }

  // One connection for connect check, lock, migrate and unlock: the advisory lock is per session.
  let migrator: postgres.Sql
  try {
    migrator = postgres(url, { ...options, max: 1 })
  } catch (err) {
    throw new DatabaseOpenError(`无法连接数据库 ${shown}：${reasonOf(err)}`, { cause: err })
  }
  try {
    // postgres.js connects lazily; a first query turns a bad host/password into an error now.
    await migrator`select 1`
  } catch (err) {
    await migrator.end({ timeout: 0 }).catch(() => {})
    throw new DatabaseOpenError(`无法连接数据库 ${shown}：${reasonOf(err)}`, { cause: err })
  }
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    try {
      await migratePostgres(drizzlePostgres({ client: migrator }), { migrationsFolder })
    } finally {
      await migrator`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
    }
  } catch (err) {
    throw new DatabaseOpenError(`数据库迁移失败 ${shown}：${reasonOf(err)}`, { cause: err })
  } finally {
    await migrator.end({ timeout: 5 }).catch(() => {})
  }

  const client = postgres(url, { ...options, max: 10 })
  const db = drizzlePostgres({ client, schema })
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) }
}

/** Rows of a raw `db.execute(sql...)`: postgres.js returns an array of rows, PGlite `{ rows }`. */
export async function queryRaw<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/**
 * Brings the planner's statistics up to date after a bulk load (synth writes 100,000 reports in
 * seconds). Autovacuum would analyze within a minute or so; until then the planner believes
 * progress_reports is nearly empty and scans it whole for every reply (30 ms instead of 1 ms).
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.execute(sql`analyze`)
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error in `cause`); null for anything else. */
export function sqlState(err: unknown): string | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return null
}

/**
 * Whether the database refused a statement's values (data exception, integrity, a value over a
 * limit) rather than failing to run it: the same values would be refused again.
 */
export function refusesValues(err: unknown): boolean {
  const state = sqlState(err)
  return state != null && ['22', '23', '54'].includes(state.slice(0, 2))
}

/** Hides the password: postgres://user:secret@host/db -> postgres://user:***@host/db. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@')
}

function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message && err.errors.length > 0) {
    return reasonOf(err.errors[0])
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    const msg = err.message || (typeof code === 'string' ? code : err.name)
    return msg.split('\n')[0] ?? msg
  }
  return String(err)
}

