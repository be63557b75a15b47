/** Every intent the chat understands: the union of the features' own. */
import type { HelpIntent } from './help/recognise.js'
import type { PeopleIntent } from './people/recognise.js'
import type { RoomsIntent } from './rooms/recognise.js'
import type { ImportsIntent } from './imports/recognise.js'
import type { ReportsIntent } from './reports/recognise.js'
import type { TasksIntent } from './tasks/recognise.js'
import type { DeadlinesIntent } from './tasks/deadlines.js'
import type { LedgerViewsIntent } from './ledgerViews/recognise.js'
import type { DocumentsIntent } from './documents/recognise.js'
import type { WebIntent } from './web/recognise.js'
import type { ReviewIntent } from './review/recognise.js'
import type { NoticesIntent } from './notices/recognise.js'
import type { BulletinIntent } from './bulletin/recognise.js'

export type Intent =
  | HelpIntent
  | PeopleIntent
  | RoomsIntent
  | ImportsIntent
  | ReportsIntent
  | TasksIntent
  | DeadlinesIntent
  | LedgerViewsIntent
  | DocumentsIntent
  | WebIntent
  | ReviewIntent
  | NoticesIntent
  | BulletinIntent
  /** Not addressed to the bot and not a report: stored, not answered (files and recalls go the passive path). */
  | { type: 'ignore' }
