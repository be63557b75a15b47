/**
 * Files under DATA_DIR: attachments downloaded from WeChat (evidence by day, task tables to import
 * apart), their size bounded before or while downloading, import files deleted once done with, and
 * the disk each kind uses.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import type { ChatMessage } from '../src/chat.js'
import type { AssistantServices, DataDirUsage, SavedAttachment } from '../src/ledger/context.js'

/** What the saver needs of a bot: the message's file (Wechaty's Message.find and toFileBox). */
export interface AttachmentSource {
  Message: { find(query: { id: string }): Promise<{ toFileBox(): Promise<{ name: string; size: number; toStream(): Promise<Readable> }> } | undefined | null> }
}

/** Import files nobody imported (the admin never sent 导入) are deleted after this long. */
const IMPORT_KEEP_MS = 60 * 60_000

class TooLarge extends Error {}

/** Writes `source` to `path`, at most maxBytes; over that, stops reading, deletes what was written and returns null. */
async function writeAtMost(source: Readable, path: string, maxBytes: number): Promise<number | null> {
  let bytes = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      done(bytes > maxBytes ? new TooLarge() : null, chunk)
    },
  })
  try {
    await pipeline(source, counter, createWriteStream(path))
    return bytes
  } catch (err) {
    await rm(path, { force: true })
    if (err instanceof TooLarge) return null
    throw err
  }
}

/** Deletes import files older than IMPORT_KEEP_MS (a held or previewed file never imported). */
async function sweepImports(folder: string, now: number): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[])
  for (const name of names) {
    const path = join(folder, name)
    const info = await stat(path).catch(() => null)
    if (info?.isFile() && now - info.mtimeMs > IMPORT_KEEP_MS) await rm(path, { force: true })
  }
}

export function importsDir(dataDir: string): string {
  return join(dataDir, 'imports')
}

/** Downloads an image/file message: evidence into DATA_DIR/evidence/<day>, task tables into DATA_DIR/imports. */
export function createAttachmentSaver(getBot: () => AttachmentSource, dataDir: string): NonNullable<AssistantServices['saveAttachment']> {
  return async (msg: ChatMessage, { purpose, maxBytes }): Promise<SavedAttachment | null> => {
    const message = await getBot().Message.find({ id: msg.id })
    if (!message) return null
    const file = await message.toFileBox()
    // Where WeChat says the size (file-box knows it, or -1), a larger file is not downloaded at all.
    if (file.size > maxBytes) return { tooLarge: true, bytes: file.size }
    const folder = purpose === 'import' ? importsDir(dataDir) : join(dataDir, 'evidence', msg.receivedAt.toISOString().slice(0, 10))
    if (purpose === 'import') await sweepImports(folder, Date.now())
    await mkdir(folder, { recursive: true })
    const safeName = `${msg.id.replace(/[^\w.-]/g, '_')}-${(file.name || msg.fileName || 'file').replace(/[\\/:*?"<>|]/g, '_')}`
    const path = join(folder, safeName)
    const bytes = await writeAtMost(await file.toStream(), path, maxBytes)
    return bytes == null ? { tooLarge: true, bytes: null } : { path, bytes }
  }
}

/** Deletes an import file, only inside DATA_DIR/imports (the path comes from the saver, but the core passes it back). */
export function createUploadDiscarder(dataDir: string): NonNullable<AssistantServices['discardUpload']> {
  const folder = resolve(importsDir(dataDir))
  return async (path) => {
    if (dirname(resolve(path)) === folder) await rm(path, { force: true })
  }
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const e of entries) {
    const path = join(dir, e.name)
    if (e.isDirectory()) total += await bytesUnder(path)
    else if (e.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0
  }
  return total
}

/** Disk used under DATA_DIR by evidence, import files, exports (with the chart pictures) and the built-in database (when it is PGlite). */
export function createDataDirUsage(dataDir: string, builtInDatabase: boolean): NonNullable<AssistantServices['dataDirUsage']> {
  return async (): Promise<DataDirUsage> => {
    const [evidence, imports, exports, charts, database] = await Promise.all([
      bytesUnder(join(dataDir, 'evidence')),
      bytesUnder(importsDir(dataDir)),
      bytesUnder(join(dataDir, 'exports')),
      bytesUnder(join(dataDir, 'charts')),
      builtInDatabase ? bytesUnder(join(dataDir, 'pglite')) : Promise.resolve(null),
    ])
    // The chart pictures are files the bot made for sending, as the exports are: one figure for both.
    return { evidence, imports, exports: exports + charts, database }
  }
}
