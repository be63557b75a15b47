/**
 * Once per `vitest run`, before any test file: a migrated PGlite data directory (as a dump file) and,
 * with TEST_DATABASE_URL, a migrated Postgres template database. test/helpers/db.ts copies them for
 * each test database instead of running initdb and the migrations again in every file (PGlite's
 * initdb alone took ~5 s per file, ~20 s on a busy machine; a Postgres migration ~1 s per test).
 * Each copy still runs the real migrator, a no-op on an up-to-date copy, so drift would show.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { MEMORY_DATA_DIR, openDatabase } from '../../db/client.js'
import { createPostgresDatabase } from './db.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a dump (dumpDataDir) of a migrated PGlite database. */
    pgliteDump: string
    /** Name of a migrated database on TEST_DATABASE_URL's server, used only as a template. */
    postgresTemplate: string | null
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'duban-vitest-'))
  const dumpPath = join(dir, 'pglite-migrated.tar')
  const template = await openDatabase({ dataDir: MEMORY_DATA_DIR })
  try {
    const dump = await (template.db as unknown as { $client: PGlite }).$client.dumpDataDir('none')
    writeFileSync(dumpPath, new Uint8Array(await dump.arrayBuffer()))
  } finally {
    await template.close()
  }
  project.provide('pgliteDump', dumpPath)

  const adminUrl = process.env.TEST_DATABASE_URL?.trim()
  let dropTemplate = async () => {}
  project.provide('postgresTemplate', null)
  if (adminUrl) {
    // Named like every test database (duban_t_…), so .ci/run clears one a killed run left behind.
    const created = await createPostgresDatabase(adminUrl, `duban_t_template_${process.pid}_${randomBytes(4).toString('hex')}`)
    dropTemplate = created.drop
    try {
      const migrated = await openDatabase({ databaseUrl: created.url, dataDir: MEMORY_DATA_DIR })
      await migrated.close()
    } catch (err) {
      await dropTemplate()
      throw err
    }
    project.provide('postgresTemplate', new URL(created.url).pathname.slice(1))
  }

  return async () => {
    await dropTemplate()
    rmSync(dir, { recursive: true, force: true })
  }
}
