/**
 * Opening the ledger and importing files: shared by `npm start`, the CLI and the chat simulator.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Config } from '../src/config.js'
import type { Logger } from '../src/ledger/context.js'
import type { Stores } from '../src/ledger/ports.js'
import { prepareImport } from '../src/ledger/prepareImport.js'
import type { PreparedImport } from '../src/ledger/prepareImport.js'
import type { ImportResult } from '../src/ledger/ports.js'
import { DEFAULT_MAX_BYTES, readTaskFile } from '../src/tasks/readers.js'
import type { ParsedTable } from '../src/tasks/model.js'
import { readTaskFileIsolated, type ParseLimits } from './tableReader.js'
import { createUnitDirectory, parseDirectoryData } from '../src/units/directory.js'
import type { UnitDirectory } from '../src/units/directory.js'
import type { DirectoryData } from '../src/units/model.js'
import { openDatabase } from '../db/client.js'
import type { Database } from '../db/client.js'
import { createStores } from '../db/stores.js'

export interface App {
  database: Database
  stores: Stores
  close(): Promise<void>
}

/** `--db` takes a postgres:// URL or a PGlite data directory. */
export function databaseTarget(config: Config, dbOverride?: string | null): { databaseUrl: string | null; dataDir: string } {
  if (dbOverride) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dbOverride) && !/^postgres(ql)?:\/\//i.test(dbOverride)) {
      throw new Error(`--db 应为 postgres:// 连接串或本地目录，不支持：${dbOverride.replace(/\/\/[^@/]*@/, '//***@')}`)
    }
    return /^postgres(ql)?:\/\//.test(dbOverride)
      ? { databaseUrl: dbOverride, dataDir: config.DATA_DIR }
      : { databaseUrl: null, dataDir: dbOverride }
  }
  return { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }
}

/** Whether a database already exists there (a dry run must not create one). */
export function databaseExists(target: { databaseUrl: string | null; dataDir: string }): boolean {
  return target.databaseUrl != null || existsSync(join(target.dataDir, 'pglite'))
}

export async function openApp(target: { databaseUrl: string | null; dataDir: string }): Promise<App> {
  const database = await openDatabase(target)
  const stores = createStores(database.db)
  return { database, stores, close: () => database.close() }
}

export async function readSeedDirectory(seedDir: string): Promise<DirectoryData | null> {
  if (!existsSync(seedDir)) return null
  const file = (await readdir(seedDir)).sort().find((f) => /units?\.json$/i.test(f))
  if (!file) return null
  const path = join(seedDir, file)
  try {
    return parseDirectoryData(JSON.parse(await readFile(path, 'utf8')))
  } catch (err) {
    throw new Error(`单位名录 ${path} 无效：${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Task tables in the seed folder: everything but the unit directory and notes. */
export async function seedTableFiles(seedDir: string): Promise<string[]> {
  if (!existsSync(seedDir)) return []
  return (await readdir(seedDir))
    .filter((f) => /\.(txt|docx|xlsx)$/i.test(f))
    .sort()
    .map((f) => join(seedDir, f))
}

/**
 * Reads and prepares a table file. With `limits` (files from outside: the CLI's import) it is read
 * in a worker thread within them; without (the operator's own seed folder) in this thread.
 */
export async function prepareFile(path: string, dir: UnitDirectory, opts: { maxBytes?: number; limits?: ParseLimits } = {}): Promise<PreparedImport> {
  const { table, bytes } = await readTableFile(path, opts)
  return prepareImport(table, dir, { name: basename(path), contentHash: createHash('sha256').update(bytes).digest('hex') })
}

/** The table a file holds, read as prepareFile reads it (for a check before anything is opened). */
export async function readTableFile(path: string, opts: { maxBytes?: number; limits?: ParseLimits } = {}): Promise<{ table: ParsedTable; bytes: Buffer }> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `${path}: 文件不存在` : code === 'EISDIR' ? `${path}: 是目录，不是文件` : `${path}: 无法读取（${code ?? err}）`)
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES
  const table = opts.limits
    ? await readTaskFileIsolated(bytes, path, { maxBytes, limits: opts.limits })
    : await readTaskFile(bytes, path, { maxBytes })
  return { table, bytes }
}

/** Seeds the directory (upsert, never deletes) and imports the seed tables when the ledger has no tasks. */
export async function ensureSeeded(stores: Stores, seedDir: string, log: Logger): Promise<{ imported: { file: string; result: ImportResult }[] }> {
  const seed = await readSeedDirectory(seedDir)
  if (seed) await stores.tasks.seedDirectory(seed)
  const imported: { file: string; result: ImportResult }[] = []
  if ((await stores.tasks.countTasks()) > 0) return { imported }
  for (const file of await seedTableFiles(seedDir)) {
    const book = await stores.tasks.loadBook()
    const prepared = await prepareFile(file, createUnitDirectory(book.directory))
    // The seed is the office's own table, imported only into a ledger without tasks.
    const result = await stores.tasks.importTable(prepared.input, { confirmed: true })
    log.info({ file: basename(file), tasks: prepared.summary.tasks, newUnits: prepared.summary.newUnits.length }, 'seed table imported')
    imported.push({ file, result })
  }
  return { imported }
}
