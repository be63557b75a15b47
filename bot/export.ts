/** Writes the ledger export file (CLI `export`, chat `导出台账`). */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Stores } from '../src/ledger/ports.js'
import { buildLedgerRows, summarizeUnits } from '../src/ledger/ledgerRows.js'
import { indexLatest } from '../src/ledger/book.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { ledgerCsv, ledgerJson, ledgerWorkbook } from '../src/ledger/export.js'
import { chinaDate } from '../src/clock.js'
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
  // Archived documents leave the chat, not the 台账.
  const book = await stores.tasks.loadBook({ archived: true })
  const latest = await stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })
  const dir = createUnitDirectory(book.directory)
  const today = chinaDate(now)
  const settings = windows ? colourSettingsFrom(windows) : DEFAULT_COLOUR_SETTINGS
  const rows = buildLedgerRows(book, dir, indexLatest(latest), today, { former: true, settings })
  const units = summarizeUnits(rows)
  const only = book.documents.length === 1 ? book.documents[0]! : null
  const title = `${only ? (only.title ?? only.issuer ?? '任务分解表') : '任务分解表'} 落实情况台账（${today}）`
  const liaisons = format === 'csv' ? [] : await stores.liaisons.list()
  const body =
    format === 'xlsx'
      ? await ledgerWorkbook(rows, units, { title, today, now, liaisons })
      : format === 'csv' ? ledgerCsv(rows, today) : ledgerJson(rows, units, today, liaisons)
  const path = resolve(outPath)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, body)
  return path
}
