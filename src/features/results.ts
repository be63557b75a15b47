/**
 * What handlers return besides their text: the data of `ask --json` (DESIGN.md "Chat"), typed per
 * intent by each feature's results.ts, and the outcome kept on the message's inbox row.
 */
import type { HelpData, HelpOutcome } from './help/results.js'
import type { PeopleData, PeopleOutcome } from './people/results.js'
import type { RoomsData, RoomsOutcome } from './rooms/results.js'
import type { ImportsData, ImportsOutcome } from './imports/results.js'
import type { ReportsData, ReportsOutcome } from './reports/results.js'
import type { TasksData, TasksOutcome } from './tasks/results.js'
import type { LedgerViewsData, LedgerViewsOutcome } from './ledgerViews/results.js'
import type { DocumentsData, DocumentsOutcome } from './documents/results.js'
import type { WebData, WebOutcome } from './web/results.js'
import type { ReviewData, ReviewOutcome } from './review/results.js'
import type { NoticesData, NoticesOutcome } from './notices/results.js'
import type { BulletinData, BulletinOutcome } from './bulletin/results.js'
import type { HandledType } from './types.js'

/** Why a message got no (or only a partial) answer; one code per cause, used by every feature. */
export type ErrorCode =
  | 'not_admin' | 'not_bound' | 'unconfirmed' | 'unknown' | 'internal' | 'unavailable' | 'unstorable' | 'given_up'
  | 'unknown_unit' | 'not_a_unit' | 'unknown_task' | 'empty_query' | 'unparsed' | 'no_mention' | 'throttled' | 'bad_code'
  | 'not_in_room' | 'unsupported' | 'download_failed' | 'bad_file' | 'unreadable' | 'evidence_quota' | 'evidence_too_large'
  | 'unknown_document' | 'ambiguous_document' | 'bad_name' | 'no_review' | 'ambiguous_review'

/** An error answer: its code, and what it concerns (the file, the task number, the unit). */
export type ErrorData = { error: ErrorCode } & Record<string, unknown>

/** An answer with no data beyond its text. */
export type NoData = Record<never, never>

/** The data each intent's answer carries. */
export type ResultDataByIntent = HelpData & PeopleData & RoomsData & ImportsData & ReportsData & TasksData & LedgerViewsData & DocumentsData & NoticesData & BulletinData & WebData & ReviewData

export type ResultDataOf<T extends HandledType> = ResultDataByIntent[T] | ErrorData

/** Outcomes of one word (kept as is on the inbox row): the pipeline's and the features'. */
export type OutcomeCode =
  | 'denied' | 'not_bound' | 'unconfirmed' | 'error' | 'ignored'
  | HelpOutcome | PeopleOutcome | RoomsOutcome | ImportsOutcome | ReportsOutcome | TasksOutcome | LedgerViewsOutcome | DocumentsOutcome | NoticesOutcome | BulletinOutcome | WebOutcome | ReviewOutcome
  | 'unknown_document'

/** Outcomes that count something: how many rows a report stored and refused, tasks listed, … */
export type CountedOutcome =
  | { code: 'report'; stored: number; rejected: number }
  | { code: 'undo' | 'recalled' | 'tasks' | 'search' | 'due_soon' | 'overdue' | 'missing'; count: number }

export type Outcome = OutcomeCode | CountedOutcome

/** The inbox row's text for an outcome ("report:2/1", "search:5"). */
export function outcomeText(outcome: Outcome): string {
  if (typeof outcome === 'string') return outcome
  return outcome.code === 'report' ? `report:${outcome.stored}/${outcome.rejected}` : `${outcome.code}:${outcome.count}`
}
