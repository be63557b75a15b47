/**
 * What a chat feature is: its recognisers, and for each of its intents a policy and a handler typed
 * by that intent. src/features/index.ts composes the features; the pipeline (src/ledger/assistant.ts)
 * enforces the policies, so no handler checks who may use it.
 */
import type { HandlerContext, HandlerResult, Sender } from '../ledger/context.js'
import type { Said } from '../intents/said.js'
import type { Intent } from './intent.js'
import type { ResultDataOf } from './results.js'

export type IntentType = Intent['type']
/** Intents answered by a handler ('ignore' goes to the passive path: files, recalls, evidence). */
export type HandledType = Exclude<IntentType, 'ignore'>
export type IntentOf<T extends IntentType> = Extract<Intent, { type: T }>

export type Handler<T extends HandledType> = (ctx: HandlerContext<IntentOf<T>>) => Promise<HandlerResult<ResultDataOf<T>>>

export interface Policy<I> {
  /** Admins only: the action named in the one refusal ("X仅限管理员。"); a function when it depends on the intent (代报). */
  admin?: string | ((intent: I) => string | null)
  /** Only reads the ledger: the inbox write need not wait for a disk flush (Durability 'relaxed'). */
  readOnly?: boolean
  /** May be used in a private chat before binding (admins always may). */
  allowedUnbound?: boolean
  /** Needs the sender's own unit (admins too, unless the function says otherwise): "请先绑定" without one. */
  needsUnit?: boolean | ((intent: I, sender: Sender) => boolean)
  /** An admin may use it in a room that is not enabled yet (启用本群). */
  allowedInDisabledRoom?: boolean
  /** Its answer shows progress: the latest reports are read alongside the message. */
  showsProgress?: boolean
  /** What the refusal for an unbound sender says it did not do (进度未记录). */
  unboundConsequence?: string
}

export interface Route<T extends HandledType> {
  policy: Policy<IntentOf<T>>
  handle: Handler<T>
}

export type Routes<T extends HandledType> = { [K in T]: Route<K> }

/** Reads one mentioned message; null when it is not this recogniser's. */
export type Recogniser = (said: Said) => Intent | null

export interface Feature<T extends HandledType> {
  name: string
  routes: Routes<T>
}
