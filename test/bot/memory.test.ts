/**
 * What the serving process keeps resident (issue 7: peak RSS under 300 MB): exceljs and jszip load
 * only when an .xlsx/.docx is read or the ledger is exported, and the embedded database runs with a
 * 16MB buffer pool, also in a data directory whose postgresql.conf says 128MB.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/client.js'

const ROOT = join(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'duban-memory-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const url = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href)

// A fresh process: vitest's own module graph would hide what the bot loads. exceljs and jszip are
// CommonJS, so once loaded they are in require.cache.
const probe = `
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const loaded = () => ['exceljs', 'jszip'].filter((name) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + name + '/')))
for (const m of [${['bot/openLedger.ts', 'bot/assistantWiring.ts', 'bot/reminders.ts', 'bot/export.ts', 'db/client.ts', 'db/stores.ts', 'src/ledger/assistant.ts'].map(url).join(', ')}]) await import(m)
const atStart = loaded()
const { readTaskFile } = await import(${url('src/tasks/readers.ts')})
await readTaskFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'x.docx').catch(() => {})
const afterZip = loaded()
const { ledgerWorkbook } = await import(${url('src/ledger/export.ts')})
await ledgerWorkbook([], [], { title: '台账', today: '2022-09-01', now: new Date() })
console.log(JSON.stringify({ atStart, afterZip, afterExport: loaded() }))
`

function runProbe(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim().split('\n').pop() ?? ''),
    )
  })
}

describe('resident memory', { timeout: 120_000 }, () => {
  it('starting the bot loads neither exceljs nor jszip; a zip loads jszip, an xlsx export exceljs', async () => {
    expect(JSON.parse(await runProbe())).toEqual({ atStart: [], afterZip: ['jszip'], afterExport: ['exceljs', 'jszip'] })
  })

  it('the embedded database runs with shared_buffers 16MB, new or existing data directory', async () => {
    const dataDir = join(work, 'data')
    for (const run of ['new', 'existing']) {
      const database = await openDatabase({ dataDir })
      try {
        const result = (await database.db.execute(sql`show shared_buffers`)) as unknown as { rows: { shared_buffers: string }[] }
        expect({ run, value: result.rows[0]?.shared_buffers }).toEqual({ run, value: '16MB' })
      } finally {
        await database.close()
      }
    }
    // initdb's own setting stays in the file; the start parameter overrides it.
    expect(readFileSync(join(dataDir, 'pglite', 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 128MB/m)
  })
})
