import { and, desc, eq, lt, or } from 'drizzle-orm'
import type { ImportWaitStore } from '../../src/ledger/ports.js'
import type { Db } from '../client.js'
import { chatImportWaits as waits } from '../schema.js'
import { ofParty } from './party.js'


export function createImportWaitStore({ db, officeId }: { db: Db; officeId: number }): ImportWaitStore {
  return {
    async get(party, since) {
      const [row] = await db.select().from(waits).where(ofParty(waits, officeId, party)).orderBy(desc(waits.updatedAt), desc(waits.id)).limit(1)
      if (!row) return null
      const command = row.commandDryRun != null && row.commandAt && row.commandAt >= since ? { dryRun: row.commandDryRun, at: row.commandAt } : null
      const file = row.filePath && row.fileName && row.fileAt && row.fileAt >= since ? { path: row.filePath, fileName: row.fileName, at: row.fileAt, diffShown: row.diffShown } : null
      return command || file ? { command, file, into: row.intoDocument } : null
    },

    async set(party, wait, at, since) {
      await db.transaction(async (tx) => {
        await tx.delete(waits).where(or(ofParty(waits, officeId, party), and(eq(waits.officeId, officeId), lt(waits.updatedAt, since))))
        if (!wait.command && !wait.file) return
        await tx.insert(waits).values({
          officeId,
          roomId: party.roomId,
          roomTopic: party.roomTopic,
          senderId: party.senderId,
          senderName: party.senderName,
          commandDryRun: wait.command?.dryRun ?? null,
          commandAt: wait.command?.at ?? null,
          filePath: wait.file?.path ?? null,
          fileName: wait.file?.fileName ?? null,
          fileAt: wait.file?.at ?? null,
          diffShown: wait.file?.diffShown ?? false,
          intoDocument: wait.into ?? null,
          updatedAt: at,
        })
      })
    },
  }
}
