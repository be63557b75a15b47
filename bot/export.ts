/** Writes the ledger export file (CLI `export`, chat `导出台账`), and the PDF where LibreOffice is present. */
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type { Stores } from '../src/ledger/ports.js'
import { buildLedgerRows, summarizeUnits } from '../src/ledger/ledgerRows.js'
import { indexLatest } from '../src/ledger/book.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { ledgerCsv, ledgerJson, ledgerLookups, ledgerWorkbook, type Renderer } from '../src/ledger/export.js'
import { chinaDate } from '../src/clock.js'
import { formatDate } from '../src/replies/tasks.js'
import type { Config } from '../src/config.js'
import { colourSettingsFrom, DEFAULT_COLOUR_SETTINGS } from '../src/domain/colour.js'

const execFileAsync = promisify(execFile)

export type LedgerFormat = 'xlsx' | 'csv' | 'json'

/** `windows`: the colour day windows from the config (the defaults without one). */
export async function writeLedgerExport(
  stores: Stores,
  format: LedgerFormat,
  outPath: string,
  now: Date,
  windows: Pick<Config, 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS'> | null = null,
  opts: { printOnly?: boolean; renderer?: Renderer } = {},
): Promise<string> {
  // Archived documents leave the chat, not the 台账.
  const book = await stores.tasks.loadBook({ archived: true })
  const latest = await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })
  const dir = createUnitDirectory(book.directory)
  const today = chinaDate(now)
  const settings = windows ? colourSettingsFrom(windows) : DEFAULT_COLOUR_SETTINGS
  const rows = buildLedgerRows(book, dir, indexLatest(latest), today, { former: true, settings })
  const units = summarizeUnits(rows)
  // One document's 台账 is named by its title, or by who issued it and when (a table without a title).
  // A document's 台账 is named by its title, or by who issued it and when (a table without a title).
  const titleOf = (d: (typeof book.documents)[number] | null) => {
    const issued = d && !d.title && d.issuer ? `${d.issuer}${d.issuedOn ? `${formatDate(d.issuedOn)}印发` : ''}` : ''
    return `${d?.title ?? `${issued}工作任务`}落实情况台账`
  }
  const only = book.documents.length === 1 ? book.documents[0]! : null
  const title = titleOf(only)
  const documents = book.documents.map((d) => ({ id: d.id, shortName: d.shortName, title: titleOf(d), archived: d.archived }))
  const liaisons = await stores.liaisons.list()
  const unitOrder = book.directory.units.map((u) => u.name)
  const body =
    format === 'xlsx'
      ? await ledgerWorkbook(rows, units, {
          title, today, now, liaisons, unitOrder, printOnly: opts.printOnly, renderer: opts.renderer, documents,
          evidence: await stores.progress.evidenceOf({ taskIds: book.tasks.map((t) => t.id) }),
        })
      : format === 'csv' ? ledgerCsv(rows, today, ledgerLookups({ liaisons })) : ledgerJson(rows, units, today, liaisons, documents)
  const path = resolve(outPath)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, body)
  return path
}

/** LibreOffice is optional: without it there is no PDF, and the caller says so. */
export class NoOfficeError extends Error {
  constructor() {
    super('未找到 LibreOffice（soffice），未生成 PDF；安装 libreoffice-calc 后可导出 PDF。')
    this.name = 'NoOfficeError'
  }
}

/**
 * The printed 台账 as PDF (台账 and 单位汇总, as the xlsx prints them), converted by LibreOffice
 * headless; `soffice` from SOFFICE or PATH. A private profile per run, so a desktop LibreOffice or
 * another conversion does not block this one.
 */
export async function writeLedgerPdf(
  stores: Stores,
  outPath: string,
  now: Date,
  windows: Pick<Config, 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS'> | null = null,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const soffice = env.SOFFICE ?? 'soffice'
  const work = await mkdtemp(join(tmpdir(), 'duban-pdf-'))
  try {
    const xlsx = await writeLedgerExport(stores, 'xlsx', join(work, 'ledger.xlsx'), now, windows, { printOnly: true, renderer: 'libreoffice' })
    try {
      await execFileAsync(soffice, [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', work, xlsx], { timeout: 180_000 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NoOfficeError()
      throw new Error(`LibreOffice 转换 PDF 失败：${(err as Error).message.split('\n')[0]}`)
    }
    const path = resolve(outPath)
    await mkdir(dirname(path), { recursive: true })
    // soffice can exit 0 having written nothing (a profile it could not start): say so, not ENOENT.
    await copyFile(join(work, 'ledger.pdf'), path).catch(() => {
      throw new Error('LibreOffice 未生成 PDF')
    })
    return path
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
