/**
 * npm run cli -- <command>: import, tasks, units, ask, export. With --json, stdout carries only JSON
 * (logs go to stderr). Errors are one line and a non-zero exit, never a stack trace.
 */
import { MIB } from '../src/bytes.js'
import { parseArgs } from 'node:util'
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import pino from 'pino'
import { parseConfig } from '../src/config.js'
import type { Config } from '../src/config.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { formatImportSummary, formatUnparsed } from '../src/ledger/prepareImport.js'
import { formatUnitTaskPages } from '../src/replies/tasks.js'
import { colourSettingsFrom } from '../src/domain/colour.js'
import { indexLatest } from '../src/ledger/book.js'
import { chinaDate, chinaDateTime } from '../src/clock.js'
import { describeUnconfirmed } from '../src/replies/outbox.js'
import type { Stores } from '../src/ledger/ports.js'
import { createLogger } from './log.js'
import { databaseExists, databaseTarget, ensureSeeded, openApp, prepareFile, readSeedDirectory, readTableFile, seedOfficeDirectory } from './openLedger.js'
import { openDatabase } from '../db/client.js'
import { ensureOffice, findOffice, listOffices } from '../db/repositories/offices.js'
import { createStores } from '../db/stores.js'
import { officeOfPlace } from '../src/offices/office.js'
import { documentNames, unitTasksByDocument, unitTasksJson } from '../src/ledger/documentScope.js'
import { readFile } from 'node:fs/promises'
import { parseDirectoryData } from '../src/units/directory.js'
import { NoOfficeError, writeLedgerExport, writeLedgerPdf } from './export.js'
import { parseLimitsOf } from './tableReader.js'
import { remindCommand } from './remindCommand.js'
import { askCommand } from './askCommand.js'
import { refreshStatistics } from '../db/client.js'

const USAGE = `用法：npm run cli -- <命令> [选项]
  import 文件 [--dry-run] [--confirm] [--strict] [--into 文件简称] [--json]   导入任务分解表（.txt/.docx/.xlsx）；--dry-run 只显示与现有任务表的差异；
                                        --into：作为该文件的修订版导入（标题改了的修订版）；
                                        修订涉及已报进度的任务时须加 --confirm，否则不导入（退出码 3）；
                                        --strict：表中有未识别的行时不导入（退出码 4）
  tasks [--unit 单位] [--json]          某单位的任务（按牵头/责任/指导/配合分列）；不带 --unit 列出全部任务
  units [--json]                        单位名录
  ask [--as 单位] [--json] [文本]        与群聊相同的处理；无文本时从标准输入逐行读取 {"as": "...", "text": "..."}；
                                        引用回复照微信的文字形式写：「名字：被引内容」、一行 - - -、回复
  export --format xlsx|csv|json --out 文件 [--pdf]   导出台账（--pdf：另存 PDF，需 LibreOffice）
  remind [--now 2022-09-20T09:00+08:00] [--kind deadline|progress] [--dry-run] [--json]   该时刻一次提醒将发送的消息；不带 --dry-run 时写入发送队列
  outbox [--resend 编号 | --dismiss 编号] [--json]   发送时中断、无法确认是否已发出的消息；确认后补发或不再发送
  synth --scale N --db 位置 [--json]     仅供基准测试：向该数据库写入 N 倍种子规模的合成台账
  synth --offices N --db 位置 [--json]   仅供基准测试：N 个合成办公室（各有单位名录、4 份在办文件、联络员、进度）
  offices [--json]                      数据库中的办公室
  office add 地名 --units 单位名录.json [--name 全称]   新增办公室（如 揭西县），载入其单位名录
通用选项：--db 路径或postgres://连接串（覆盖 DATA_DIR / DATABASE_URL）
          --office 办公室全称或地名（覆盖 OFFICE；默认为 SEED_DIR 单位名录所属办公室）`

class UsageError extends Error {}

/** Where a run of the CLI reads and writes: the process's own streams, or a test's. */
export interface CliIo {
  env: Record<string, string | undefined>
  stdin: NodeJS.ReadableStream
  stdout(s: string): void
  stderr(s: string): void
}

const processIo: CliIo = {
  env: process.env,
  stdin: process.stdin,
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
}

/**
 * One run of the CLI; resolves with its exit code. Errors become one line on stderr (usage errors
 * add the usage text), never a stack trace. Tests call this in-process: a process per call cost
 * seconds of tsx start-up each.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    return await main(argv, io)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    io.stderr(`错误：${message.split('\n')[0]}\n`)
    if (err instanceof UsageError) io.stderr(USAGE + '\n')
    return err instanceof UsageError ? 2 : 1
  }
}

async function main(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      confirm: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      unit: { type: 'string' },
      as: { type: 'string' },
      now: { type: 'string' },
      kind: { type: 'string' },
      db: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      pdf: { type: 'boolean', default: false },
      scale: { type: 'string' },
      offices: { type: 'string' },
      resend: { type: 'string' },
      dismiss: { type: 'string' },
      office: { type: 'string' },
      units: { type: 'string' },
      name: { type: 'string' },
      into: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, ...rest] = positionals
  if (values.help || !command) {
    io.stdout(USAGE + '\n')
    return command || values.help ? 0 : 2
  }
  const config = parseConfig(io.env)
  const destination = io === processIo ? pino.destination(2) : { write: (line: string) => io.stderr(line) }
  const log = createLogger(values.json ? 'warn' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, destination)
  const target = databaseTarget(config, values.db)
  const out = (s: string) => io.stdout(s.endsWith('\n') ? s : s + '\n')
  const officeOpts = { office: values.office?.trim() || config.OFFICE, seedDir: config.SEED_DIR }

  if (command === 'office' || command === 'offices') {
    return officeCommand(target, command === 'offices' ? 'list' : rest[0], { place: rest[1], units: values.units, name: values.name, json: values.json }, out)
  }

  if (command === 'import') {
    const file = rest[0]
    if (!file) throw new UsageError('import 需要文件路径')
    const fileOptions = { maxBytes: config.IMPORT_MAX_MB * MIB, limits: parseLimitsOf(config) }
    if (values.strict) {
      // Checked before the ledger is opened (opening creates it): a refused table writes nothing.
      const { table } = await readTableFile(file, fileOptions)
      if (table.unparsed.length > 0) {
        out(
          values.json
            ? JSON.stringify({ applied: false, refused: 'unparsed', unparsed: table.unparsed }, null, 2)
            : `未导入 ${file}，未作任何改动（--strict）：\n${formatUnparsed({ unparsed: table.unparsed, unitsInherited: 0 }).join('\n')}\n请修改表格，或去掉 --strict 导入（这些行不导入）。`,
        )
        return 4
      }
    }
    if (values['dry-run']) {
      // A dry run writes nothing: it opens the ledger only if one already exists, for its directory and the diff.
      if (!databaseExists(target)) {
        const directory = await readSeedDirectory(config.SEED_DIR)
        if (!directory) throw new Error(`找不到单位名录（${config.SEED_DIR}/*units.json）`)
        const prepared = await prepareFile(file, createUnitDirectory(directory), fileOptions)
        out(values.json ? JSON.stringify(prepared.json, null, 2) : `（试导入，未写入）\n${formatImportSummary(prepared.summary)}`)
        return 0
      }
      const app = await openApp(target, officeOpts)
      try {
        const prepared = await prepareFile(file, createUnitDirectory((await app.stores.tasks.loadBook()).directory), fileOptions)
        const { diff } = await app.stores.tasks.importTable(prepared.input, { dryRun: true, ...(await intoDocument(app.stores, values.into)) })
        out(values.json ? JSON.stringify({ ...prepared.json, diff }, null, 2) : `（试导入，未写入）\n${formatImportSummary(prepared.summary, diff)}`)
      } finally {
        await app.close()
      }
      return 0
    }
    const app = await openApp(target, officeOpts)
    try {
      await seedOfficeDirectory(app.stores, config.SEED_DIR, app.office)
      const book = await app.stores.tasks.loadBook()
      const prepared = await prepareFile(file, createUnitDirectory(book.directory), fileOptions)
      const result = await app.stores.tasks.importTable(prepared.input, { confirmed: values.confirm, ...(await intoDocument(app.stores, values.into)) })
      if (!result.applied) {
        out(
          values.json
            ? JSON.stringify({ ...result, summary: prepared.summary }, null, 2)
            : `未导入 ${file}，未作任何改动：\n${formatImportSummary(prepared.summary, result.diff)}\n这次导入涉及已报送进度的任务（见上）。确认无误请加 --confirm 重新运行。`,
        )
        return 3
      }
      out(values.json ? JSON.stringify({ ...result, summary: prepared.summary }, null, 2) : `已导入 ${file}\n${formatImportSummary(prepared.summary, result.diff)}`)
    } finally {
      await app.close()
    }
    return 0
  }

  // Synthetic data never goes into the bot's own ledger by default: the target must be named.
  if (command === 'synth' && !values.db) throw new UsageError('synth 需要 --db 指明目标数据库（合成数据仅供基准测试）')
  const app = await openApp(target, officeOpts)
  try {
    await ensureSeeded(app.stores, config.SEED_DIR, log, app.office)
    switch (command) {
      case 'synth': {
        // Benchmark tooling, loaded only for this command.
        const { describeOffices, describeSynth, synthesize, synthesizeOffices } = await import('../dev/synth.js')
        if (values.offices) {
          const db = app.database.db
          const built = await synthesizeOffices(async (place) => createStores(db, (await ensureOffice(db, officeOfPlace(place))).id), { offices: Number(values.offices), seedDir: config.SEED_DIR, log })
          await refreshStatistics(db)
          out(values.json ? JSON.stringify(built) : describeOffices(built))
          return 0
        }
        const result = await synthesize(app.stores, { scale: Number(values.scale ?? '1'), seedDir: config.SEED_DIR, log })
        await refreshStatistics(app.database.db)
        out(values.json ? JSON.stringify(result) : describeSynth(result))
        return 0
      }
      case 'tasks':
        return await tasksCommand(app.stores, config, values.unit, values.json, out)
      case 'units':
        return await unitsCommand(app.stores, values.json, out)
      case 'ask':
        return await askCommand(app.stores, config, { as: values.as ?? null, json: values.json, text: rest.join(' '), input: io.stdin }, out)
      case 'outbox':
        return await outboxCommand(app.stores, { resend: values.resend, dismiss: values.dismiss, json: values.json }, out)
      case 'remind':
        return await remindCommand(app.stores, config, log, { now: values.now, kind: values.kind, dryRun: values['dry-run'], json: values.json }, out)
      case 'export': {
        const format = values.format ?? 'xlsx'
        if (!['xlsx', 'csv', 'json'].includes(format)) throw new UsageError('--format 应为 xlsx、csv 或 json')
        if (!values.out) throw new UsageError('export 需要 --out 文件路径')
        const now = new Date()
        const path = await writeLedgerExport(app.stores, format as 'xlsx' | 'csv' | 'json', values.out, now, config)
        let pdf: string | null = null
        if (values.pdf) {
          try {
            pdf = await writeLedgerPdf(app.stores, path.replace(/\.[^./\\]*$/, '') + '.pdf', now, config, io.env)
          } catch (err) {
            // No LibreOffice here: the xlsx stands, the PDF is skipped with a clear word.
            if (!(err instanceof NoOfficeError)) throw err
            io.stderr(`提示：${err.message}\n`)
          }
        }
        out(values.json ? JSON.stringify({ file: path, ...(values.pdf ? { pdf } : {}) }) : `台账已导出：${path}${pdf ? `\nPDF 已导出：${pdf}` : ''}`)
        return 0
      }
      default:
        throw new UsageError(`未知命令：${command}`)
    }
  } finally {
    await app.close()
  }
}

/** Messages whose send was interrupted (never re-sent by themselves): listed, or settled by the admin. */
async function outboxCommand(stores: Stores, opts: { resend?: string; dismiss?: string; json: boolean }, out: (s: string) => void): Promise<number> {
  const decision = opts.resend ? ('resend' as const) : opts.dismiss ? ('dismiss' as const) : null
  if (decision) {
    const id = Number(opts.resend ?? opts.dismiss)
    if (!Number.isSafeInteger(id)) throw new UsageError('--resend / --dismiss 需要消息编号')
    if (!(await stores.outbox.settleUnconfirmed(id, decision))) throw new Error(`编号 ${id} 不是发送时中断的消息`)
    out(opts.json ? JSON.stringify({ id, decision }) : decision === 'resend' ? `消息 ${id} 将在机器人下次检查发送队列时补发。` : `消息 ${id} 不再发送。`)
    return 0
  }
  const items = await stores.outbox.unconfirmed(new Date())
  if (opts.json) {
    out(JSON.stringify(items.map((i) => ({ id: i.id, room: i.roomTopic, planned_for: i.plannedFor, claimed_at: i.claimedAt, text: i.text }))))
    return 0
  }
  out(describeUnconfirmed(items) ?? '没有发送时中断的消息。')
  for (const i of items) out(`编号 ${i.id}：${i.roomTopic ?? '私聊'}，${chinaDateTime(i.plannedFor)}，${i.text.split('\n')[0]}`)
  return 0
}

async function tasksCommand(stores: Stores, config: Config, unitName: string | undefined, json: boolean, out: (s: string) => void): Promise<number> {
  const book = await stores.tasks.loadBook()
  const dir = createUnitDirectory(book.directory)
  if (!unitName) {
    if (json) out(JSON.stringify(book.tasks.map((t) => ({ number: t.number, text: t.text, deadline: t.deadline, assignments: t.assignments }))))
    else for (const t of book.tasks) out(`第${t.number}项 ${t.text.slice(0, 50)}`)
    return 0
  }
  const r = dir.resolve(unitName) ?? dir.findInText(unitName)
  if (!r || r.type !== 'unit') {
    const near = dir.suggest(unitName, 3)
    throw new Error(`单位名录中没有“${unitName}”${near.length ? `；是否要找：${near.join('、')}` : ''}`)
  }
  const grouped = unitTasksByDocument(book, r.name, dir)
  if (json) {
    out(JSON.stringify(unitTasksJson(grouped)))
    return 0
  }
  const ctx = { today: chinaDate(new Date()), dir, latest: indexLatest(await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })), pageChars: 100_000, grading: colourSettingsFrom(config) }
  out(formatUnitTaskPages(grouped, ctx).join('\n'))
  return 0
}

/** `--into 营商环境`: the stored document (archived ones too) the table revises, whatever its title says. */
async function intoDocument(stores: Stores, name: string | undefined): Promise<{ into?: number }> {
  if (!name) return {}
  const { documents } = await stores.tasks.loadBook({ archived: true })
  const found = documents.find((d) => documentNames(d).includes(name.trim()))
  if (!found) throw new Error(`没有简称为“${name}”的文件（现有：${documents.map((d) => d.shortName).join('、') || '无'}）`)
  return { into: found.id }
}

/** offices: the offices sharing this database; office add: a new one with its own directory. */
async function officeCommand(
  target: { databaseUrl: string | null; dataDir: string },
  action: string | undefined,
  opts: { place?: string; units?: string; name?: string; json: boolean },
  out: (s: string) => void,
): Promise<number> {
  if (action !== 'list' && action !== 'add') throw new UsageError('office 的子命令为 add（或用 offices 列出办公室）')
  if (action === 'add' && (!opts.place || !opts.units)) throw new UsageError('office add 需要地名和 --units 单位名录.json')
  // Read and checked before the database is touched: a bad directory adds nothing.
  const directory = action === 'add' ? await readDirectoryFile(opts.units!) : null
  if (directory && directory.county !== opts.place!.trim()) {
    throw new Error(`单位名录 ${opts.units} 属于“${directory.county}”，与地名“${opts.place}”不符`)
  }
  const database = await openDatabase(target)
  try {
    if (action === 'list') {
      const offices = await listOffices(database.db)
      out(opts.json ? JSON.stringify(offices, null, 2) : offices.length ? offices.map((o) => `${o.name}（${o.place}）`).join('\n') : '数据库中还没有办公室。')
      return 0
    }
    const existed = await findOffice(database.db, opts.place!)
    const office = await ensureOffice(database.db, officeOfPlace(opts.place!, opts.name))
    await createStores(database.db, office.id).tasks.seedDirectory(directory!)
    out(opts.json ? JSON.stringify({ office, created: !existed, units: directory!.units.length }) : `${existed ? '已更新' : '已新增'}办公室：${office.name}，单位名录 ${directory!.units.length} 个单位。启动该办公室的机器人：OFFICE=${office.place} npm start`)
    return 0
  } finally {
    await database.close()
  }
}

async function readDirectoryFile(path: string) {
  try {
    return parseDirectoryData(JSON.parse(await readFile(path, 'utf8')))
  } catch (err) {
    throw new Error(`单位名录 ${path} 无效：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
  }
}

async function unitsCommand(stores: Stores, json: boolean, out: (s: string) => void): Promise<number> {
  const book = await stores.tasks.loadBook()
  const dir = createUnitDirectory(book.directory)
  const units = book.directory.units.map((u) => ({ ...u, groups: dir.groupsOf(u.name) }))
  if (json) {
    out(JSON.stringify({ county: book.directory.county, units, groups: book.directory.groups, roles: book.directory.roles }))
    return 0
  }
  out(`${book.directory.county} 单位 ${units.length} 个`)
  for (const u of units) out(`${u.name}（${u.kind}）${u.aliases.length ? ' 又称：' + u.aliases.join('、') : ''}`)
  for (const g of book.directory.groups) out(`类别 ${g.name}：${dir.membersOfGroup(g.name).length} 个单位`)
  for (const r of book.directory.roles) out(`条件角色 ${r.name}（限${r.scope}）`)
  return 0
}

/** Run as a program (`npm run cli`, `tsx bot/cli.ts`), not when a test imports runCli. */
function invokedDirectly(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url
  } catch {
    return false
  }
}

if (invokedDirectly()) runCli(process.argv.slice(2)).then((code) => process.exit(code))
