import type { Stores } from '../src/ledger/ports.js'
import type { Db } from './client.js'
import { createAdminStore } from './repositories/admins.js'
import { createImportWaitStore } from './repositories/importWaits.js'
import { createChoiceStore } from './repositories/choices.js'
import { createNoticeStore } from './repositories/notices.js'
import { createInboxStore } from './repositories/inbox.js'
import { createLiaisonStore } from './repositories/liaisons.js'
import { createOutboxStore } from './repositories/outbox.js'
import { createProgressStore } from './repositories/progress.js'
import { createReviewStore } from './repositories/reviews.js'
import { createRoomStore } from './repositories/rooms.js'
import { createIntakeStore } from './repositories/intake.js'
import { createTaskStore } from './repositories/tasks.js'

/**
 * Every storage port over one database, for one office (the composition root's one call): each
 * store reads and writes only that office's rows, so offices sharing a database never meet.
 */
export function createStores(db: Db, officeId: number): Stores {
  const scope = { db, officeId }
  const rooms = createRoomStore(scope)
  const inbox = createInboxStore(scope)
  return {
    tasks: createTaskStore(scope),
    rooms,
    liaisons: createLiaisonStore(scope),
    admins: createAdminStore(scope),
    intake: createIntakeStore({ ...scope, roomStore: rooms, inboxStore: inbox }),
    inbox,
    progress: createProgressStore(scope),
    outbox: createOutboxStore(scope),
    importWaits: createImportWaitStore(scope),
    choices: createChoiceStore(scope),
    reviews: createReviewStore(scope),
    notices: createNoticeStore(scope),
  }
}
