import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DatabaseOpenError, openDatabase } from '../../db/client.js'

describe('the embedded database directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-lock-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('is refused to a second opener while it is open, and free again after close', async () => {
    const first = await openDatabase({ dataDir })
    const second = openDatabase({ dataDir })
    await expect(second).rejects.toBeInstanceOf(DatabaseOpenError)
    await expect(second).rejects.toThrow(/正被另一进程/)
    await first.close()
    const third = await openDatabase({ dataDir })
    await third.close()
  })

  it('takes over a lock left behind by a process that no longer exists', async () => {
    // pid 2^22+1 is above Linux's pid_max default of 2^22: no such process can exist.
    writeFileSync(join(dataDir, 'pglite', 'duban.lock'), String(4_194_305))
    const db = await openDatabase({ dataDir })
    await db.close()
  })
})
