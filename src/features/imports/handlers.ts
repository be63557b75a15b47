/**
 * Importing a task table sent into the chat (admins only): `预览导入` or `导入`, and the file, in
 * either order within a few minutes. 预览导入 answers with the summary and the diff and writes
 * nothing; 导入 imports in one transaction and answers with the summary and what changed. After a
 * preview, `导入` imports the file just previewed. A revision that moves or drops reported tasks is
 * not imported until the admin, shown its diff, sends `确认导入`.
 */
import type { ChatMessage } from '../../chat.js'
import { TableParseError } from '../../tasks/model.js'
import { formatImportSummary, prepareImport } from '../../ledger/prepareImport.js'
import { paginate } from '../../replies/pages.js'
import type { HandlerContext, HandlerResult, SavedAttachment } from '../../ledger/context.js'
import type { Handler } from '../types.js'
import { documentNames } from '../../ledger/documentScope.js'
import type { OutcomeCode } from '../results.js'
import type { RevisionDiff } from '../../ledger/ports.js'
import { MIB, megabytes } from '../../bytes.js'
import { withPendingImport, type HeldFile, type PendingImport } from '../../ledger/importWaits.js'

/** How long a command waits for its file, and a file for its command. */
export const IMPORT_WINDOW_MINUTES = 5
const WINDOW_MS = IMPORT_WINDOW_MINUTES * 60_000

/** File names an office's task table may have (the content decides the format). */
const TABLE_FILE = /\.(docx|xlsx|csv|txt|doc|xls|wps|et)$/i


/** `导入` / `预览导入`: import the file just sent, or wait for it. */
export const importTable: Handler<'import_table'> = async (ctx) => {
  const { dryRun } = ctx.intent
  const confirm = ctx.intent.confirm === true
  if (!ctx.services.readUploadedTable || !ctx.services.saveAttachment) {
    return {
      pages: ['当前运行方式不能接收文件。请用命令行导入：npm run cli -- import 文件路径'],
      data: { error: 'unavailable' },
      outcome: 'import:unavailable',
    }
  }
  // Waiting states are kept in the database: a restart between the two halves loses neither.
  return withPendingImport(ctx, WINDOW_MS, (pending) => {
    // 导入 营商环境 names the document for this import; a later plain 导入 or 确认导入 keeps it.
    if (ctx.intent.into) pending.state.into = ctx.intent.into
    return importWith(ctx, pending, dryRun, confirm)
  })
}

async function importWith(ctx: HandlerContext, pending: PendingImport, dryRun: boolean, confirm: boolean): Promise<HandlerResult> {
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
    outcome: dryRun ? WAITING_PREVIEW : WAITING_IMPORT,
  }
}

const WAITING_IMPORT = 'import:waiting'
const WAITING_PREVIEW = 'import:waiting:preview'

/**
 * A file from an admin: imported when a command is waiting for it; otherwise, when it looks like a
 * task table and is not a liaison's evidence, held for a command. Null: not an import matter.
 */
export async function receiveFile(ctx: HandlerContext): Promise<HandlerResult | null> {
  const { msg } = ctx
  if (msg.kind !== 'file' || !ctx.sender.isAdmin) return null
  const save = ctx.services.saveAttachment
  if (!ctx.services.readUploadedTable || !save) return null
  return withPendingImport(ctx, WINDOW_MS, (pending) => receiveWith(ctx, pending, save))
}

async function receiveWith(
  ctx: HandlerContext,
  pending: PendingImport,
  save: NonNullable<HandlerContext['services']['saveAttachment']>,
): Promise<HandlerResult | null> {
  const { msg } = ctx
  const command = pending.state.command
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
    saved = await save(msg, { purpose: 'import', maxBytes })
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
  pending: PendingImport,
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
  let into: number | undefined
  if (pending.state.into) {
    const { documents } = await ctx.stores.tasks.loadBook({ archived: true })
    const named = documents.find((d) => documentNames(d).includes(pending.state.into!))
    if (!named) {
      const known = documents.map((d) => `“${d.shortName}”`).join('、')
      const asked = pending.state.into
      delete pending.state.into
      // The file stays held: 导入 with a right name (or none) within the window imports it.
      pending.state.file = { ...file, at: ctx.now.getTime() }
      return {
        pages: [`没有简称为“${asked}”的文件${known ? `（现有：${known}）` : ''}，未作任何改动。请重新发送“导入 文件简称”，或直接发送“导入”按标题导入。`],
        data: { error: 'unknown_document', document: asked },
        outcome: 'unknown_document',
      }
    }
    into = named.id
  }
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
  const result = await ctx.stores.tasks.importTable(prepared.input, { dryRun, confirmed: confirm && file.diffShown === true, ...(into != null ? { into } : {}) })
  Object.assign(data, { diff: diffData(result.diff) })
  const within = `请在${IMPORT_WINDOW_MINUTES}分钟内发送`
  // Nothing is created before the import: the new units would be created by it.
  const planned = () => formatImportSummary(prepared.summary, result.diff).replace('、已新建的单位', '、导入时将新建的单位')
  let blocks: string[]
  let outcome: OutcomeCode
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
    documentName: diff.documentName,
    added: diff.added.map((a) => a.number),
    removed: diff.removed.map((r) => ({ number: r.number, reported: r.reported })),
    changed: diff.changed.map((c) => ({ number: c.number, previousNumber: c.previousNumber, reported: c.reported, dropped: c.droppedReporters.map((d) => d.unit) })),
    unchanged: diff.unchanged,
    needsConfirmation: diff.needsConfirmation,
  }
}
