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
import { ensureOffice, findOffice, listOffices } from '../db/repositories/offices.js'
import { namesOffice, officeOfPlace, type Office } from '../src/offices/office.js'
import { shortNameOf } from '../src/ledger/documentKey.js'

export interface App {
  database: Database
  /** The office this process serves: every store is scoped to it. */
  office: Office
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

/**
 * Opens the ledger for one office: `office` (OFFICE, --office) names it by full name or place;
 * unset, it is the office of the seed directory's place, created at first start. An office the
 * database does not have is an error, unless it is the seed's (then it is created).
 */
export async function openApp(target: { databaseUrl: string | null; dataDir: string }, opts: { office: string | null; seedDir: string }): Promise<App> {
  const database = await openDatabase(target)
  try {
    const office = await resolveOffice(database.db, opts)
    const stores = createStores(database.db, office.id)
    await nameMigratedDocuments(stores)
    return { database, office, stores, close: () => database.close() }
  } catch (err) {
    await database.close().catch(() => {})
    throw err
  }
}

async function resolveOffice(db: Database['db'], opts: { office: string | null; seedDir: string }): Promise<Office> {
  const seed = await readSeedDirectory(opts.seedDir)
  const seedOffice = seed?.county ? officeOfPlace(seed.county) : null
  if (opts.office) {
    const found = await findOffice(db, opts.office)
    if (found) return found
    if (seedOffice && namesOffice(seedOffice, opts.office)) return ensureOffice(db, seedOffice)
    const known = (await listOffices(db)).map((o) => o.name)
    throw new Error(`数据库中没有办公室“${opts.office}”${known.length ? `（现有：${known.join('、')}）` : ''}；新办公室请先运行 npm run cli -- office add 地名 --units 单位名录.json`)
  }
  if (seedOffice) return ensureOffice(db, seedOffice)
  const all = await listOffices(db)
  if (all.length === 1) return all[0]!
  throw new Error(all.length ? `数据库中有 ${all.length} 个办公室，请用 OFFICE 或 --office 指明其一（${all.map((o) => o.name).join('、')}）` : `找不到单位名录（${opts.seedDir}/*units.json），无法确定办公室；请设置 SEED_DIR 或 OFFICE`)
}

/** Documents a migration named 文件N (it cannot compute names) get their short names from their titles. */
async function nameMigratedDocuments(stores: Stores): Promise<void> {
  const { documents } = await stores.tasks.loadBook({ archived: true })
  for (const d of documents) {
    if (!/^文件\d+$/.test(d.shortName)) continue
    const name = shortNameOf(d.title)
    if (name) await stores.tasks.renameDocument(d.id, name)
  }
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

/**
 * Upserts the seed directory when the office is the seed's own (or no office is named: a test's
 * ledger); false otherwise, or without a seed.
 */
export async function seedOfficeDirectory(stores: Stores, seedDir: string, office?: Pick<Office, 'place'>): Promise<boolean> {
  const seed = await readSeedDirectory(seedDir)
  if (!seed || (office && seed.county !== office.place)) return false
  await stores.tasks.seedDirectory(seed)
  return true
}

/**
 * Seeds the directory (upsert, never deletes) and imports the seed tables when the ledger has no
 * tasks, for the seed's own office only: another office sharing the database has its own directory
 * (office add) and never gets this county's units or tables.
 */
export async function ensureSeeded(
  stores: Stores,
  seedDir: string,
  log: Logger,
  office?: Pick<Office, 'place'>,
): Promise<{ imported: { file: string; result: ImportResult }[] }> {
  const imported: { file: string; result: ImportResult }[] = []
  if (!(await seedOfficeDirectory(stores, seedDir, office))) return { imported }
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
