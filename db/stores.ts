import type { Stores } from '../src/ledger/ports.js'
import type { Db } from './client.js'
import { createAdminStore } from './repositories/admins.js'
import { createImportWaitStore } from './repositories/importWaits.js'
import { createInboxStore } from './repositories/inbox.js'
import { createLiaisonStore } from './repositories/liaisons.js'
import { createOutboxStore } from './repositories/outbox.js'
import { createProgressStore } from './repositories/progress.js'
import { createRoomStore } from './repositories/rooms.js'
import { createIntakeStore } from './repositories/intake.js'
import { createTaskStore } from './repositories/tasks.js'

/** Every storage port over one database (the composition root's one call). */
export function createStores(db: Db): Stores {
  const rooms = createRoomStore({ db })
  const inbox = createInboxStore({ db })
  return {
    tasks: createTaskStore({ db }),
    rooms,
    liaisons: createLiaisonStore({ db }),
    admins: createAdminStore({ db }),
    intake: createIntakeStore({ db, roomStore: rooms, inboxStore: inbox }),
    inbox,
    progress: createProgressStore({ db }),
    outbox: createOutboxStore({ db }),
    importWaits: createImportWaitStore({ db }),
  }
}
