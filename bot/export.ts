/** Writes the ledger export file (CLI `export`, chat `导出台账`). */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Stores } from '../src/ledger/ports.js'
import { buildLedgerRows, summarizeUnits } from '../src/ledger/ledgerRows.js'
import { indexLatest } from '../src/ledger/book.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { ledgerCsv, ledgerJson, ledgerLookups, ledgerWorkbook } from '../src/ledger/export.js'
import { chinaDate } from '../src/clock.js'
import { formatDate } from '../src/replies/tasks.js'
import type { Config } from '../src/config.js'
import { colourSettingsFrom, DEFAULT_COLOUR_SETTINGS } from '../src/domain/colour.js'

/** `windows`: the colour day windows from the config (the defaults without one). */
export async function writeLedgerExport(
  stores: Stores,
  format: 'xlsx' | 'csv' | 'json',
  outPath: string,
  now: Date,
  windows: Pick<Config, 'REMINDER_YELLOW_DAYS' | 'REMINDER_BLUE_DAYS'> | null = null,
): Promise<string> {
  const book = await stores.tasks.loadBook()
  const latest = await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })
  const dir = createUnitDirectory(book.directory)
  const today = chinaDate(now)
  const since = book.document?.issuedOn ?? null
  const settings = windows ? colourSettingsFrom(windows, since) : { ...DEFAULT_COLOUR_SETTINGS, since }
  const rows = buildLedgerRows(book, dir, indexLatest(latest), today, { former: true, settings })
  const units = summarizeUnits(rows)
  // A table without its own title: the document is named by who issued it and when.
  const doc = book.document
  const issued = doc && !doc.title && doc.issuer ? `${doc.issuer}${doc.issuedOn ? `${formatDate(doc.issuedOn)}印发` : ''}` : ''
  const title = `${doc?.title ?? `${issued}工作任务`}落实情况台账`
  const liaisons = await stores.liaisons.list()
  const unitOrder = book.directory.units.map((u) => u.name)
  const body =
    format === 'xlsx'
      ? await ledgerWorkbook(rows, units, { title, today, now, liaisons, unitOrder, evidence: await stores.progress.evidenceOf({ taskIds: book.tasks.map((t) => t.id) }) })
      : format === 'csv' ? ledgerCsv(rows, today, ledgerLookups({ liaisons })) : ledgerJson(rows, units, today, liaisons)
  const path = resolve(outPath)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, body)
  return path
}
