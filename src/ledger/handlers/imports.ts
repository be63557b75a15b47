/**
 * Importing a task table sent into the chat (admins only): `预览导入` or `导入`, and the file, in
 * either order within a few minutes. 预览导入 answers with the summary and the diff and writes
 * nothing; 导入 imports in one transaction and answers with the summary and what changed. After a
 * preview, `导入` imports the file just previewed. A revision that moves or drops reported tasks is
 * not imported until the admin, shown its diff, sends `确认导入`.
 */
import type { ChatMessage } from '../../chat.js'
import { TableParseError } from '../../tasks/model.js'
import { formatImportSummary, prepareImport } from '../prepareImport.js'
import { paginate } from '../../replies/pages.js'
import type { Handler, HandlerContext, HandlerResult, SavedAttachment } from '../context.js'
import type { RevisionDiff } from '../ports.js'
import { MIB, megabytes } from '../../bytes.js'

/** How long a command waits for its file, and a file for its command. */
export const IMPORT_WINDOW_MINUTES = 5
const WINDOW_MS = IMPORT_WINDOW_MINUTES * 60_000

/** File names an office's task table may have (the content decides the format). */
const TABLE_FILE = /\.(docx|xlsx|csv|txt|doc|xls|wps|et)$/i

interface Pending {
  command?: { dryRun: boolean; at: number }
  file?: HeldFile
}

interface HeldFile {
  path: string
  fileName: string
  at: number
  /** Its diff, which needs confirmation, was shown: 确认导入 may import it. */
  diffShown?: boolean
}

/**
 * Per assistant (keyed by its stores object) and per sender in one chat, in memory. A command
 * waiting for its file also survives a restart: its inbox row's outcome says so (waitingCommand).
 * A held file does not: after a restart `导入` asks for the file again.
 */
const pendingByAssistant = new WeakMap<object, Map<string, Pending>>()

function pendingOf(ctx: HandlerContext): { state: Pending; clear(): void } {
  let byChat = pendingByAssistant.get(ctx.stores)
  if (!byChat) pendingByAssistant.set(ctx.stores, (byChat = new Map()))
  const key = `${ctx.msg.roomId ?? 'private'}|${ctx.msg.senderId}`
  const now = ctx.now.getTime()
  // Forget what has expired, here and for everyone (the map stays small).
  for (const [k, p] of byChat) {
    if (p.command && now - p.command.at > WINDOW_MS) delete p.command
    if (p.file && now - p.file.at > WINDOW_MS) delete p.file
    if (!p.command && !p.file) byChat.delete(k)
  }
  let state = byChat.get(key)
  if (!state) byChat.set(key, (state = {}))
  const map = byChat
  return { state, clear: () => map.delete(key) }
}

const adminsOnly: HandlerResult = { pages: ['导入任务分解表仅限管理员。'], data: { error: 'not_admin' }, outcome: 'denied' }

/** `导入` / `预览导入`: import the file just sent, or wait for it. */
export const importTable: Handler = async (ctx) => {
  if (ctx.intent.type !== 'import_table') return { pages: [], outcome: 'ignored' }
  if (!ctx.sender.isAdmin) return adminsOnly
  const { dryRun } = ctx.intent
  const confirm = ctx.intent.confirm === true
  if (!ctx.services.readUploadedTable || !ctx.services.saveAttachment) {
    return {
      pages: ['当前运行方式不能接收文件。请用命令行导入：npm run cli -- import 文件路径'],
      data: { error: 'unavailable' },
      outcome: 'import:unavailable',
    }
  }
  const pending = pendingOf(ctx)
  const file = pending.state.file
  if (file) {
    const result = await runImport(ctx, file, dryRun, pending, confirm)
    // The file sent before may not have been the table (any file an admin shared): wait for the next one.
    if (result.outcome === 'import:bad_file' || result.outcome === 'import:unreadable') {
      pending.state.command = { dryRun, at: ctx.now.getTime() }
      result.pages = [`${result.pages[0]}
如需导入其他文件，请在${IMPORT_WINDOW_MINUTES}分钟内发送。`]
    }
    return result
  }
  pending.state.command = { dryRun, at: ctx.now.getTime() }
  return {
    pages: [
      `请在${IMPORT_WINDOW_MINUTES}分钟内发送任务分解表文件（Word、Excel、CSV 或文本），` +
        (dryRun ? '收到后先预览，不导入。' : '收到后即导入。'),
    ],
    data: { waiting: true, dryRun },
    // Stored with the message: read back by waitingCommand after a restart.
    outcome: dryRun ? WAITING_PREVIEW : WAITING_IMPORT,
  }
}

const WAITING_IMPORT = 'import:waiting'
const WAITING_PREVIEW = 'import:waiting:preview'

/**
 * The command this sender left waiting for a file in this chat: from memory, or after a restart from
 * the inbox, where the latest import step of the window is then a command still waiting.
 */
async function waitingCommand(ctx: HandlerContext, pending: { state: Pending }): Promise<Pending['command']> {
  if (pending.state.command) return pending.state.command
  const since = new Date(ctx.now.getTime() - WINDOW_MS)
  const last = await ctx.stores.inbox.lastOutcome(ctx.msg, since, 'import:')
  return last === WAITING_IMPORT || last === WAITING_PREVIEW ? { dryRun: last === WAITING_PREVIEW, at: since.getTime() } : undefined
}

/**
 * A file from an admin: imported when a command is waiting for it; otherwise, when it looks like a
 * task table and is not a liaison's evidence, held for a command. Null: not an import matter.
 */
export async function receiveFile(ctx: HandlerContext): Promise<HandlerResult | null> {
  const { msg } = ctx
  if (msg.kind !== 'file' || !ctx.sender.isAdmin) return null
  if (!ctx.services.readUploadedTable || !ctx.services.saveAttachment) return null
  const pending = pendingOf(ctx)
  const command = await waitingCommand(ctx, pending)
  const fileName = displayName(msg)
  if (!command) {
    if (!TABLE_FILE.test(fileName)) return null
    // An admin who is also a liaison and just reported: the file is evidence, not a table.
    if (ctx.sender.liaison) {
      const since = new Date(ctx.now.getTime() - ctx.config.EVIDENCE_WINDOW_MINUTES * 60_000)
      if ((await ctx.stores.progress.lastBySender(ctx.sender.contactId, since)).length) return null
    }
  }
  const maxBytes = ctx.config.IMPORT_MAX_MB * MIB
  let saved: SavedAttachment | null = null
  try {
    saved = await ctx.services.saveAttachment(msg, { purpose: 'import', maxBytes })
  } catch (err) {
    ctx.log.warn({ err }, 'import file download failed')
  }
  if (!saved) {
    if (!command) return null
    delete pending.state.command
    return { pages: [`未能接收文件“${fileName}”，请重新发送。`], data: { error: 'download_failed' }, outcome: 'import:download_failed' }
  }
  if ('tooLarge' in saved) {
    // Nothing was kept. In a work group an admin's unasked file may be anything: say nothing there.
    if (!command && msg.roomId) return { pages: [], outcome: 'import:too_large' }
    delete pending.state.command
    const size = saved.bytes != null ? `文件大小 ${megabytes(saved.bytes)}，` : '文件'
    const reason = new TableParseError('too_large', `${size}超过导入上限 ${megabytes(maxBytes)}`, fileName, null).message
    return { pages: [`未能导入，未作任何改动。\n${reason}`], data: { error: 'bad_file', file: fileName, reason }, outcome: 'import:bad_file' }
  }
  const file = { path: saved.path, fileName, at: ctx.now.getTime() }
  if (command) {
    delete pending.state.command
    return runImport(ctx, file, command.dryRun, pending)
  }
  // A file held before and never imported is replaced: its copy goes.
  if (pending.state.file) await discard(ctx, pending.state.file.path)
  pending.state.file = file
  // In a work group an admin's file may be anything: say nothing there. In a private chat, say what to do.
  return {
    pages: msg.roomId
      ? []
      : [`已收到“${fileName}”。如需导入任务分解表，请在${IMPORT_WINDOW_MINUTES}分钟内发送“预览导入”（只预览）或“导入”。`],
    data: { held: fileName },
    outcome: 'import:file_held',
  }
}

/** An import file is kept only while an import may still use it; its deletion failing changes no answer. */
async function discard(ctx: HandlerContext, path: string): Promise<void> {
  try {
    await ctx.services.discardUpload?.(path)
  } catch (err) {
    ctx.log.warn({ err }, 'import file could not be deleted')
  }
}

function displayName(msg: ChatMessage): string {
  return (msg.fileName ?? '').replace(/^.*[\\/]/, '').trim() || '文件'
}

async function runImport(
  ctx: HandlerContext,
  file: HeldFile,
  dryRun: boolean,
  pending: { state: Pending; clear(): void },
  confirm = false,
): Promise<HandlerResult> {
  const read = ctx.services.readUploadedTable
  if (!read) return { pages: [], outcome: 'import:unavailable' }
  let loaded: Awaited<ReturnType<typeof read>>
  try {
    loaded = await read(file.path, { fileName: file.fileName, maxBytes: ctx.config.IMPORT_MAX_MB * MIB })
  } catch (err) {
    delete pending.state.file
    await discard(ctx, file.path)
    if (err instanceof TableParseError) {
      return {
        pages: [`未能导入，未作任何改动。\n${err.message}`],
        data: { error: 'bad_file', file: file.fileName, reason: err.message },
        outcome: 'import:bad_file',
      }
    }
    ctx.log.error({ err }, 'reading an uploaded table failed')
    return {
      pages: [`未能读取“${file.fileName}”，未作任何改动。请确认文件完好后重新发送。`],
      data: { error: 'unreadable', file: file.fileName },
      outcome: 'import:unreadable',
    }
  }
  const { table, contentHash } = loaded
  const prepared = prepareImport(table, ctx.dir, { name: file.fileName, contentHash })
  const name = table.title ? `《${table.title}》` : `“${file.fileName}”`
  const data = {
    file: file.fileName,
    dryRun,
    title: table.title,
    tasks: prepared.summary.tasks,
    newUnits: prepared.summary.newUnits.map((u) => u.name),
  }
  // Only a diff the admin was shown can be confirmed.
  const result = await ctx.stores.tasks.importTable(prepared.input, { dryRun, confirmed: confirm && file.diffShown === true })
  Object.assign(data, { diff: diffData(result.diff) })
  const within = `请在${IMPORT_WINDOW_MINUTES}分钟内发送`
  // Nothing is created before the import: the new units would be created by it.
  const planned = () => formatImportSummary(prepared.summary, result.diff).replace('、已新建的单位', '、导入时将新建的单位')
  let blocks: string[]
  let outcome: string
  if (!result.applied) {
    // The file stays ready: 导入 (or 确认导入) within the window imports it.
    pending.state.file = { ...file, at: ctx.now.getTime(), diffShown: result.diff.needsConfirmation }
    const ask = result.diff.needsConfirmation
      ? `这次导入涉及已报送进度的任务（见上）。确认无误${within}“确认导入”；不发送则不作任何改动。`
      : `确认无误${within}“导入”。`
    blocks = dryRun ? [`预览${name}（尚未导入）：`, planned(), ask] : [`${name}尚未导入，未作任何改动：`, planned(), ask]
    outcome = dryRun ? 'import:preview' : 'import:confirm'
  } else {
    ctx.invalidateBook()
    pending.clear()
    await discard(ctx, file.path)
    blocks = [`已导入${name}：`, formatImportSummary(prepared.summary, result.diff)]
    const { diff: _diff, ...counts } = result
    Object.assign(data, { result: counts })
    outcome = 'import:done'
  }
  const pages = paginate(blocks, ctx.config.PAGE_CHARS)
  ctx.setMorePages(pages.slice(1))
  return {
    pages: [pages[0]! + (pages.length > 1 ? '\n回复“更多”继续。' : '')],
    data,
    outcome,
  }
}

/** The diff for `ask --json`: numbers, not texts. */
function diffData(diff: RevisionDiff) {
  return {
    document: diff.document,
    hiddenReports: diff.hiddenReports,
    added: diff.added.map((a) => a.number),
    removed: diff.removed.map((r) => ({ number: r.number, reported: r.reported })),
    changed: diff.changed.map((c) => ({ number: c.number, previousNumber: c.previousNumber, reported: c.reported, dropped: c.droppedReporters.map((d) => d.unit) })),
    unchanged: diff.unchanged,
    needsConfirmation: diff.needsConfirmation,
  }
}
