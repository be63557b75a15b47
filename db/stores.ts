import type { Stores } from '../src/ledger/ports.js'
import type { Db } from './client.js'
import { createAdminStore } from './repositories/admins.js'
import { createInboxStore } from './repositories/inbox.js'
import { createLiaisonStore } from './repositories/liaisons.js'
import { createOutboxStore } from './repositories/outbox.js'
import { createProgressStore } from './repositories/progress.js'
import { createRoomStore } from './repositories/rooms.js'
import { createSenderStore } from './repositories/senders.js'
import { createTaskStore } from './repositories/tasks.js'

/** Every storage port over one database (the composition root's one call). */
export function createStores(db: Db): Stores {
  const rooms = createRoomStore({ db })
  return {
    tasks: createTaskStore({ db }),
    rooms,
    liaisons: createLiaisonStore({ db }),
    admins: createAdminStore({ db }),
    senders: createSenderStore({ db, roomStore: rooms }),
    inbox: createInboxStore({ db }),
    progress: createProgressStore({ db }),
    outbox: createOutboxStore({ db }),
  }
}
