/**
 * The pipeline around the features composed in src/features/index.ts. processMessage: inbox first,
 * skip redeliveries and replayed history, rooms, the intent's policy, dispatch, reply.
 */
import type { ChatMessage, OutgoingMessage } from '../chat.js'
import { cleanIncoming } from '../chat.js'
import { chinaDate } from '../clock.js'
import { parseIntent } from '../intents/parseIntent.js'
import type { Intent } from '../features/intent.js'
import { createUnitDirectory } from '../units/directory.js'
import type { UnitDirectory } from '../units/directory.js'
import { indexLatest } from './book.js'
import { colourSettingsFrom } from '../domain/colour.js'
import type { AssistantConfig, AssistantServices, HandlerContext, HandlerResult, Logger, Sender } from './context.js'
import { silentLogger } from './context.js'
import { createClaimThrottle } from './claimThrottle.js'
import { notYetKept, type DeferredSpool } from './deferredSpool.js'
import { UnstorableMessageError, type BookDocument, type Durability, type Stores, type TaskBook } from './ports.js'
import { routes } from '../features/index.js'
import type { HandledType, Policy, Route } from '../features/types.js'
import { outcomeText } from '../features/results.js'
import { receiveFile } from '../features/imports/index.js'
import { passive } from '../features/reports/index.js'
import { confirmAgain } from '../features/people/handlers.js'
import { candidateDocuments, formatDocumentChoice, readDocumentChoice, readWithDocuments, scopeBook, taskNumbersOf } from './documentScope.js'

/** How long a question asked back (which document's 第5项) waits for its answer. */
export const CHOICE_WINDOW_MINUTES = 10

/** What processMessage did with one message; the shape of `ask --json`. */
export interface ProcessResult {
  intent: string
  reply: string
  messages: OutgoingMessage[]
  data: Record<string, unknown>
  /** Why nothing was answered: duplicate, replayed, room_disabled, ignored. */
  skipped?: string
}

export interface Assistant {
  processMessage(msg: ChatMessage): Promise<ProcessResult>
  /**
   * Handles what was stored in the inbox but never handled (the process died in between), once each:
   * call at start-up; old ones record their reports silently, recent ones are answered.
   */
  recoverPending(): Promise<ProcessResult[]>
  /** Loads (or returns the cached) task book and its directory. */
  book(): Promise<{ book: TaskBook; dir: UnitDirectory }>
  invalidateBook(): void
  readonly claimCode: { current: string | null }
}

export interface AssistantOptions {
  stores: Stores
  config: AssistantConfig
  log?: Logger
  now?: () => Date
  claimCode?: string | null
  services?: AssistantServices
  /** The kept messages' copy on disk (see deferredSpool.ts); without it they live in memory only. */
  spool?: DeferredSpool
  /** The office served (惠来县人民政府办公室): the issuer of what it sends out (督办通知单). */
  officeName?: string
}

type LatestIndex = ReturnType<typeof indexLatest>

const MAX_PENDING_PAGES = 500
const MAX_DEFERRED = 5000
/** A kept message is retried this many times once the ledger answers again, then given up (and the sender told). */
const MAX_DEFERRED_ATTEMPTS = 3
/** Kept messages failing in a row: the ledger is down again, the rest wait for the next recovery. */
const MAX_RETRY_FAILURES_IN_A_ROW = 3
const UNAVAILABLE = '台账系统暂时无法访问，您的消息已暂存，恢复后将自动处理。'
const UNAVAILABLE_FULL = '台账系统暂时无法访问，暂存已满，您的消息未能保存，请稍后重新发送。'
const UNSTORABLE = '抱歉，这条消息无法保存，未作处理。请删去其中的特殊字符或缩短后重新发送。'
const GIVEN_UP = '抱歉，台账系统无法访问期间您发送的一条消息最终未能处理，请重新发送。'

/** A message kept in memory while the ledger could not be reached. */
interface Deferred {
  msg: ChatMessage
  /** Retries since the ledger answered again. */
  attempts: number
}

/** The route of a handled intent, typed by it. */
function routeOf<T extends HandledType>(type: T): Route<T> {
  return routes[type] as Route<T>
}

function policyOf(intent: Intent): Policy<Intent> {
  return intent.type === 'ignore' ? {} : (routeOf(intent.type).policy as Policy<Intent>)
}

/** The one refusal for admins' actions, and the one for a sender without a unit. */
const NEED_BINDING = '请先发送“绑定 单位名称”绑定您所在的单位，例如：绑定 县司法局。'

/**
 * The policy of an intent for this sender, where the message came from: null when allowed, or the
 * refusal. Checked here once, so that no handler checks who may use it.
 */
export function refusal(intent: Intent, policy: Policy<Intent>, sender: Sender, privateChat: boolean): HandlerResult | null {
  const adminAction = typeof policy.admin === 'function' ? policy.admin(intent) : (policy.admin ?? null)
  if (adminAction && !sender.isAdmin) return { pages: [`${adminAction}仅限管理员。`], data: { error: 'not_admin' }, outcome: 'denied' }
  if (sender.liaison) return null
  const needsUnit = typeof policy.needsUnit === 'function' ? policy.needsUnit(intent, sender) : (policy.needsUnit ?? false)
  if (!needsUnit && (!privateChat || sender.isAdmin || policy.allowedUnbound)) return null
  const consequence = policy.unboundConsequence ? `${policy.unboundConsequence}。` : ''
  // A nickname like a bound liaison's grants nothing until someone confirms (see Intake.namesake).
  if (sender.namesake) return { pages: [`${consequence}${confirmAgain(sender.namesake)}`], data: { error: 'unconfirmed' }, outcome: 'unconfirmed' }
  return { pages: [`您尚未绑定单位，${consequence}${NEED_BINDING}`], data: { error: 'not_bound' }, outcome: 'not_bound' }
}

/**
 * Handles an intent that passed its policy. The route was looked up by ctx.intent's own type, so the
 * handler gets the intent it is typed for; TypeScript cannot follow that through the lookup.
 */
function dispatch(ctx: HandlerContext, intent: Exclude<Intent, { type: 'ignore' }>): Promise<HandlerResult> {
  const route = routeOf(intent.type) as Route<HandledType>
  return route.handle(ctx as HandlerContext<never>)
}

export function createAssistant(opts: AssistantOptions): Assistant {
  const { stores, config } = opts
  const baseLog = opts.log ?? silentLogger
  const now = opts.now ?? (() => new Date())
  const claimCode = { current: opts.claimCode ?? null }
  const claimThrottle = createClaimThrottle()
  const services = opts.services ?? {}
  const morePages = new Map<string, string[]>()
  /** Messages that arrived while the ledger database could not be reached, retried when it answers. */
  const deferred: Deferred[] = []
  const spool = opts.spool ?? null
  /** The spool may hold messages kept before a restart: read once, when the ledger first answers. */
  let spoolUnread = spool != null
  /** Last known enabled state per room, so the bot can still say "unavailable" only where it may speak. */
  const knownEnabled = new Map<string, boolean>()
  const configAdmins = new Set(config.ADMINS)
  const configRooms = new Set(config.ENABLED_ROOMS)
  let cached: Promise<{ book: TaskBook; dir: UnitDirectory }> | null = null

  /**
   * The latest report per (task, unit) of the active document's tasks only: a city ledger holds many
   * documents' reports. Started early, awaited maybe never (a duplicate): a failure is kept for the
   * awaiting handler instead of surfacing as an unhandled rejection.
   */
  function readLatest(booked: Promise<{ book: TaskBook }>): Promise<LatestIndex> {
    const pending = booked.then(({ book }) => stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) })).then(indexLatest)
    pending.catch(() => {})
    return pending
  }

  const loadBook = () => {
    cached ??= stores.tasks.loadBook().then((book) => ({ book, dir: createUnitDirectory(book.directory) }))
    cached.catch(() => (cached = null))
    return cached
  }

  function toMessages(msg: ChatMessage, result: HandlerResult): OutgoingMessage[] {
    const target = msg.roomId
      ? { roomId: msg.roomId, roomTopic: msg.roomTopic, mentionIds: [msg.senderId] }
      : { roomId: null, toContactId: msg.senderId }
    const out: OutgoingMessage[] = result.pages.map((text) => ({ ...target, text }))
    for (const filePath of result.files ?? []) out.push({ ...target, text: '', mentionIds: [], filePath })
    return [...out, ...(result.notices ?? [])]
  }

  /**
   * The pipeline around one message. Handler errors are answered inside; anything thrown out of here
   * means the ledger itself could not be reached.
   */
  async function processMessage(incoming: ChatMessage): Promise<ProcessResult> {
    const msg = cleanIncoming(incoming)
    let result: ProcessResult
    try {
      result = await handleOne(msg)
    } catch (err) {
      const log = baseLog.child({ messageId: msg.id })
      if (err instanceof UnstorableMessageError) {
        log.error({ err }, 'the ledger refused to store the message; not kept, the sender is told')
        return failedResult(msg, 'unstorable', UNSTORABLE)
      }
      const kept = await keep(msg)
      log.error({ err, kept }, kept ? 'ledger unavailable; message kept for a retry' : 'ledger unavailable and the retry queue is full; message not kept')
      const pages = msg.roomId == null || (msg.mentionsBot && knownEnabled.get(msg.roomId) === true) ? [kept ? UNAVAILABLE : UNAVAILABLE_FULL] : []
      return { intent: 'unavailable', reply: pages.join(''), messages: toMessages(msg, { pages }), data: { error: 'unavailable' }, skipped: 'unavailable' }
    }
    // The ledger answers again: handle what was kept while it was down; their replies go out first.
    if (deferred.length || spoolUnread) result = { ...result, messages: [...(await retryDeferred()).flatMap((r) => r.messages), ...result.messages] }
    return result
  }

  /** Keeps a message for a retry; false when the queue is full (the sender must not be promised a retry). */
  async function keep(msg: ChatMessage): Promise<boolean> {
    if (deferred.some((d) => d.msg.id === msg.id)) return true
    if (deferred.length >= MAX_DEFERRED) return false
    deferred.push({ msg, attempts: 0 })
    // On disk before the sender is told it is kept; failing that it is still kept, in memory.
    await spool?.append(msg).catch((err: unknown) => baseLog.child({ messageId: msg.id }).error({ err }, 'kept message not spooled to disk; a restart would lose it'))
    return true
  }

  /**
   * Each kept message on its own: one that fails does not hold back the others. A message the ledger
   * refuses, or that failed MAX_DEFERRED_ATTEMPTS times, is given up and its sender told so; a run of
   * failures means the ledger is down again, and the rest wait, in order, for the next recovery.
   */
  async function retryDeferred(): Promise<ProcessResult[]> {
    if (spool && spoolUnread) {
      spoolUnread = false
      try {
        // Kept before a restart: older than anything kept since.
        deferred.unshift(...notYetKept(await spool.read(MAX_DEFERRED), deferred).map((msg) => ({ msg, attempts: 0 })))
      } catch (err) {
        baseLog.error({ err }, 'the spool of kept messages could not be read')
      }
    }
    const kept = deferred.splice(0)
    const out: ProcessResult[] = []
    /** Handled or given up: no longer to be kept on disk. */
    const settled = new Set<string>()
    let failuresInARow = 0
    for (let i = 0; i < kept.length; i++) {
      if (failuresInARow >= MAX_RETRY_FAILURES_IN_A_ROW) {
        deferred.push(...kept.slice(i))
        break
      }
      const item = kept[i]!
      try {
        out.push(await handleOne(item.msg))
        settled.add(item.msg.id)
        failuresInARow = 0
      } catch (err) {
        failuresInARow++
        item.attempts++
        if (err instanceof UnstorableMessageError || item.attempts >= MAX_DEFERRED_ATTEMPTS) {
          baseLog.child({ messageId: item.msg.id }).error({ err, attempts: item.attempts }, 'kept message given up; the sender is told to send it again')
          out.push(failedResult(item.msg, 'given_up', GIVEN_UP))
          settled.add(item.msg.id)
        } else deferred.push(item)
      }
    }
    if (spool && settled.size) await spool.remove(settled).catch((err: unknown) => baseLog.error({ err }, 'handled messages not removed from the spool; a restart skips them as duplicates'))
    return out
  }

  /**
   * The honest answer for a message that will not be handled: where the bot may speak (a private
   * chat, or a room it knows is enabled, to a mention or a report), never a promise.
   */
  function failedResult(msg: ChatMessage, error: string, text: string): ProcessResult {
    const roomEnabled = msg.roomId != null && (knownEnabled.get(msg.roomId) ?? (msg.roomTopic != null && configRooms.has(msg.roomTopic)))
    const addressed = msg.mentionsBot || parseIntent(msg.text, { mentioned: false, now: now() }).type === 'report'
    const pages = msg.roomId == null || (roomEnabled && addressed) ? [text] : []
    return { intent: error, reply: pages.join(''), messages: toMessages(msg, { pages }), data: { error }, skipped: error }
  }

  async function handleOne(msg: ChatMessage): Promise<ProcessResult> {
    const log = baseLog.child({ messageId: msg.id, roomId: msg.roomId })
    const at = now()
    const skip = (reason: string, intent = 'ignore'): ProcessResult => ({ intent, reply: '', messages: [], data: {}, skipped: reason })

    // A recalled message or an attachment is not a question: handle before intent parsing.
    const privateChat = msg.roomId == null
    const textual = !(msg.kind === 'recalled' || msg.kind === 'image' || msg.kind === 'file')
    // The book is cached: the documents' names are known before the text is read.
    const { book: officeBook } = await loadBook()
    const several = officeBook.documents.length > 1
    // The answer to a question asked back (“1”): the message asked about is handled now, in that document.
    const answered = textual && several ? await answeredChoice(msg, officeBook, at) : null
    const subject = answered?.message ?? msg
    const read: { intent: Intent; document: BookDocument | null } = textual
      ? readWithDocuments(subject.text, officeBook.documents, { mentioned: subject.mentionsBot || privateChat || answered != null, now: at, quoted: subject.quoted ?? null })
      : { intent: { type: 'ignore' }, document: null }
    const intent = read.intent
    const namedDocument = answered?.document ?? read.document

    const who = { contactId: msg.senderId, name: msg.senderName, alias: msg.senderAlias ?? null }
    // ADMINS names 备注 only: the bot's account sets those, while anyone can take a nickname.
    const configAdmin = who.alias != null && configAdmins.has(who.alias.trim())
    const enabledByConfig = msg.roomTopic != null && configRooms.has(msg.roomTopic)
    const policy = policyOf(intent)
    const adminOnly = policy.allowedInDisabledRoom === true
    const durability: Durability = policy.readOnly ? 'relaxed' : 'durable'
    // One statement reads the room and the sender and stores the message where the room allows it;
    // the answer's progress figures are read at the same time.
    const booked = loadBook()
    let latest: Promise<LatestIndex> | null = policy.showsProgress ? readLatest(booked) : null
    const [origin, { book, dir }] = await Promise.all([
      stores.intake.receive(msg, { always: privateChat || (adminOnly && configAdmin), enabledByConfig, ifAdmin: adminOnly }, durability),
      booked,
    ])
    const sender: Sender = { ...who, liaison: origin.liaison, namesake: origin.liaison ? null : origin.namesake, isAdmin: origin.isAdmin || configAdmin }
    const enabled = privateChat || (origin.room ? origin.room.enabled : enabledByConfig)
    if (msg.roomId) knownEnabled.set(msg.roomId, enabled)

    // A room that is not enabled hears nothing from the bot, except an admin enabling it.
    if (!enabled && !(adminOnly && sender.isAdmin)) {
      // Stored only when some admin row matched loosely (see IntakeStore): closed at once.
      if (origin.state === 'new' || origin.state === 'seen') await stores.inbox.markHandled(msg.id, 'room_disabled')
      return skip('room_disabled', intent.type)
    }
    const state = origin.state ?? (await stores.inbox.store(msg, durability))
    if (state === 'handled') {
      log.info({ state }, 'message already handled')
      return skip('duplicate', intent.type)
    }
    const replayed = at.getTime() - msg.receivedAt.getTime() > config.REPLAY_MAX_AGE_SECONDS * 1000
    // History replayed after a login is not answered, but a report or a recall in it is still
    // recorded: a liaison who reported while the bot was offline must not lose the report.
    if (replayed && intent.type !== 'report' && msg.kind !== 'recalled') {
      await stores.inbox.markHandled(msg.id, 'replayed', durability)
      log.info({}, 'old message stored, not answered')
      return skip('replayed', intent.type)
    }

    const ctx: HandlerContext = {
      msg: subject,
      intent,
      sender,
      stores,
      // One named document (or the only one): the handlers answer as for that one table.
      book: namedDocument ? scopeBook(book, namedDocument.id) : book,
      documentName: namedDocument && several ? namedDocument.shortName : null,
      officeName: opts.officeName ?? null,
      dir,
      now: at,
      today: chinaDate(at),
      config,
      log,
      claimCode,
      claimThrottle,
      services,
      replyContext: async () => ({
        today: chinaDate(at),
        dir,
        latest: await (latest ??= readLatest(booked)),
        pageChars: config.PAGE_CHARS,
        grading: colourSettingsFrom(config),
      }),
      invalidateBook: () => (cached = null),
      setMorePages: (pages) => {
        morePages.delete(msg.senderId)
        if (pages.length) morePages.set(msg.senderId, pages)
        // Only recent askers keep their remaining pages: the oldest entries go first.
        if (morePages.size > MAX_PENDING_PAGES) morePages.delete(morePages.keys().next().value!)
      },
      takeMorePage: () => {
        const pages = morePages.get(msg.senderId)
        const page = pages?.shift() ?? null
        if (pages && !pages.length) morePages.delete(msg.senderId)
        return page
      },
    }

    let result: HandlerResult
    try {
      if (intent.type === 'ignore') {
        // A file from an admin may be a task table to import; anything else is evidence or nothing.
        result = (await receiveFile(ctx)) ?? (await passive(ctx))
      } else {
        result = refusal(intent, policy, sender, privateChat) ?? (await askWhichDocument(ctx, namedDocument != null)) ?? (await dispatch(ctx, intent))
      }
    } catch (err) {
      // The chat never sees a stack trace; the log keeps it.
      log.error({ err }, 'handler failed')
      result = { pages: ['抱歉，处理时出现问题，请稍后再试或联系管理员。'], data: { error: 'internal' }, outcome: 'error' }
    }
    const outcome = `${replayed ? 'replayed:' : ''}${result.outcome ? outcomeText(result.outcome) : intent.type}`
    if (replayed) result = { ...result, pages: [], files: [] }
    // A recorded report marked its message with its rows; replayed ones still get their own outcome.
    // An answer to a question asked back: the report marked the message asked about, this one is marked
    // here, and only now is the question closed (a crash before this leaves both to be handled again).
    if (!result.markedHandled || replayed || answered) await stores.inbox.markHandled(msg.id, outcome, durability)
    if (answered) await stores.choices.set({ roomId: msg.roomId, roomTopic: msg.roomTopic, senderId: msg.senderId, senderName: msg.senderName }, null)
    log.info({ intent: intent.type, outcome, pages: result.pages.length }, 'message handled')
    const messages = toMessages(msg, result)
    return {
      intent: result.pages.length || intent.type !== 'ignore' ? intent.type : 'ignore',
      reply: result.pages.join('\n\n'),
      messages,
      data: (result.data ?? {}) as Record<string, unknown>,
      ...(replayed ? { skipped: 'replayed' } : result.pages.length === 0 && intent.type === 'ignore' ? { skipped: 'ignored' } : {}),
    }
  }

  /** The sender's open question in this chat, when this message answers it: the message asked about and the document chosen. */
  async function answeredChoice(msg: ChatMessage, book: TaskBook, at: Date): Promise<{ message: ChatMessage; document: TaskBook['documents'][number] } | null> {
    // Only a short message can be an answer: everything else costs no lookup.
    const said = msg.text.replace(/^@\S+\s*/, '').trim()
    if (said.length > 12 || !(/^[1-9１-９]$/.test(said) || book.documents.some((d) => said.includes(d.shortName) || said.includes(`文件${d.ordinal}`)))) return null
    const party = { roomId: msg.roomId, roomTopic: msg.roomTopic, senderId: msg.senderId, senderName: msg.senderName }
    const pending = await stores.choices.get(party, new Date(at.getTime() - CHOICE_WINDOW_MINUTES * 60_000))
    if (!pending) return null
    const options = pending.documentIds.flatMap((id) => book.documents.filter((d) => d.id === id))
    const document = readDocumentChoice(said, options)
    if (!document) return null
    return { message: pending.message, document }
  }

  /**
   * Several active documents have the tasks a message names for the sender's unit, and the message
   * does not say which: ask back, keeping the message for the answer. Null: nothing to ask.
   */
  async function askWhichDocument(ctx: HandlerContext, named: boolean): Promise<HandlerResult | null> {
    if (named || ctx.book.documents.length < 2) return null
    const numbers = taskNumbersOf(ctx.intent)
    if (!numbers.length) return null
    const unit = ctx.sender.liaison?.unit ?? null
    const options = candidateDocuments(ctx.book, ctx.dir, numbers, unit)
    if (options.length === 1) {
      ctx.book = scopeBook(ctx.book, options[0]!.id)
      ctx.documentName = options[0]!.shortName
      return null
    }
    if (options.length === 0) return null
    const { msg } = ctx
    await stores.choices.set(
      { roomId: msg.roomId, roomTopic: msg.roomTopic, senderId: msg.senderId, senderName: msg.senderName },
      { message: msg, documentIds: options.map((d) => d.id), askedAt: ctx.now },
    )
    return {
      pages: [formatDocumentChoice(numbers, options)],
      data: { error: 'ambiguous_document', tasks: numbers, documents: options.map((d) => d.shortName) },
      outcome: 'ask_document',
    }
  }

  async function recoverPending(): Promise<ProcessResult[]> {
    const results: ProcessResult[] = []
    // Kept during an outage before the restart, once the ledger answers (the probe throws if not).
    if (spoolUnread || deferred.length) {
      await stores.inbox.pending(1)
      results.push(...(await retryDeferred()))
    }
    for (;;) {
      const batch = await stores.inbox.pending(100)
      if (!batch.length) return results
      for (const msg of batch) {
        const result = await processMessage(msg)
        // Stored while its room was enabled, disabled since: close it, or it would come back forever.
        if (result.skipped === 'room_disabled') await stores.inbox.markHandled(msg.id, 'room_disabled')
        results.push(result)
      }
    }
  }

  return {
    processMessage,
    recoverPending,
    book: loadBook,
    invalidateBook: () => (cached = null),
    claimCode,
  }
}
