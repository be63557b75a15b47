/**
 * The chat, composed in one place (grammY style): the features and the order in which their
 * recognisers read a mentioned message. Adding an intent: its folder, its entry in intent.ts, and
 * its place in these two lists.
 */
import type { HandledType, Recogniser, Routes } from './types.js'
import { helpFeature, recogniseHelp } from './help/index.js'
import { peopleFeature, recogniseClaim, recogniseIdentity } from './people/index.js'
import { recogniseRoomSwitch, roomsFeature } from './rooms/index.js'
import { importsFeature, recogniseImport } from './imports/index.js'
import { recogniseProxyReport, recogniseQuotedReply, recogniseReportWithoutTask, recogniseUndo, reportsFeature } from './reports/index.js'
import { recogniseDeadlines, recogniseMore, recogniseNumberedTask, recogniseSearch, recogniseTaskList, tasksFeature } from './tasks/index.js'
import { ledgerViewsFeature, recogniseLedgerView } from './ledgerViews/index.js'
import { documentsFeature, recogniseDocuments } from './documents/index.js'
import { recogniseWebLink, webFeature } from './web/index.js'
import { recogniseReview, reviewFeature } from './review/index.js'
import { noticesFeature, recogniseNotice } from './notices/index.js'
import { bulletinFeature, recogniseBulletin } from './bulletin/index.js'

/** The features, in one list: every handled intent's route (the type checks that none is missing). */
export const routes: Routes<HandledType> = {
  ...helpFeature.routes,
  ...peopleFeature.routes,
  ...roomsFeature.routes,
  ...importsFeature.routes,
  ...reportsFeature.routes,
  ...tasksFeature.routes,
  ...ledgerViewsFeature.routes,
  ...documentsFeature.routes,
  ...webFeature.routes,
  ...reviewFeature.routes,
  ...noticesFeature.routes,
  ...bulletinFeature.routes,
}

/** First match wins: commands with fixed wording first, then task numbers, then open questions. */
export const recognisers: Recogniser[] = [
  recogniseHelp,
  recogniseClaim,
  recogniseRoomSwitch,
  recogniseImport,
  recogniseDocuments,
  recogniseWebLink,
  recogniseReview,
  recogniseNotice,
  recogniseBulletin,
  recogniseUndo,
  recogniseIdentity,
  recogniseMore,
  recogniseProxyReport,
  recogniseNumberedTask,
  recogniseQuotedReply,
  recogniseDeadlines,
  recogniseLedgerView,
  recogniseSearch,
  recogniseTaskList,
  recogniseReportWithoutTask,
]
