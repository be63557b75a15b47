/**
 * The waiting state of a chat import (handlers/imports.ts): a command waiting for its file, or a file
 * held (maybe previewed) waiting for 导入 / 确认导入. It lives in the database (ImportWaitStore), so a
 * restart in between loses neither; each part expires after the import window, as it did in memory.
 */
import type { HandlerContext } from './context.js'
import type { ImportWait } from './ports.js'

export interface HeldFile {
  path: string
  fileName: string
  at: number
  /** Its diff, which needs confirmation, was shown: 确认导入 may import it. */
  diffShown?: boolean
}

export interface Pending {
  command?: { dryRun: boolean; at: number }
  file?: HeldFile
  /** 导入 营商环境: the document named for this import. */
  into?: string
}

export interface PendingImport {
  state: Pending
  /** Nothing waits any more (the import is done). */
  clear(): void
}

function fromStored(wait: ImportWait | null): Pending {
  const state: Pending = {}
  if (wait?.command) state.command = { dryRun: wait.command.dryRun, at: wait.command.at.getTime() }
  if (wait?.file) state.file = { path: wait.file.path, fileName: wait.file.fileName, at: wait.file.at.getTime(), ...(wait.file.diffShown ? { diffShown: true } : {}) }
  if (wait?.into) state.into = wait.into
  return state
}

function toStored(state: Pending): ImportWait {
  return {
    command: state.command ? { dryRun: state.command.dryRun, at: new Date(state.command.at) } : null,
    file: state.file ? { path: state.file.path, fileName: state.file.fileName, at: new Date(state.file.at), diffShown: state.file.diffShown === true } : null,
    into: state.into ?? null,
  }
}

/**
 * Runs `step` on the sender's waiting import in this chat, read from the database; what the step
 * changed is written back before its answer goes out (a step that throws changes nothing stored).
 */
export async function withPendingImport<T>(ctx: HandlerContext, windowMs: number, step: (pending: PendingImport) => Promise<T>): Promise<T> {
  const since = new Date(ctx.now.getTime() - windowMs)
  const state = fromStored(await ctx.stores.importWaits.get(ctx.msg, since))
  const before = JSON.stringify(state)
  const result = await step({
    state,
    clear: () => {
      delete state.command
      delete state.file
      delete state.into
    },
  })
  if (JSON.stringify(state) === before) return result
  const next = toStored(state)
  const saving = ctx.stores.importWaits.set(ctx.msg, next, ctx.now, since)
  // A wait the answer promises must be stored (else the handler fails and says so). When nothing
  // waits any more (an import done), the answer stands: a clear that failed leaves a state that expires.
  if (next.command || next.file) await saving
  else await saving.catch((err: unknown) => ctx.log.error({ err }, 'chat import waiting state not cleared; it expires after the window'))
  return result
}
