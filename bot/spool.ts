/**
 * The deferred-message spool on disk (src/ledger/deferredSpool.ts): one JSON line per message,
 * appended and flushed before the sender is told it is kept. A line torn by a crash mid-append is
 * skipped; removal rewrites the file through a temporary one, so a crash leaves the old or the new.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ChatMessage } from '../src/chat.js'
import type { DeferredSpool } from '../src/ledger/deferredSpool.js'

/** Far above MAX_DEFERRED messages of chat size; a bound so an outage cannot fill the disk. */
const SPOOL_MAX_BYTES = 64 * 1024 * 1024

export function spoolPath(dataDir: string): string {
  return join(dataDir, 'spool', 'deferred.jsonl')
}

type Stored = Omit<ChatMessage, 'receivedAt'> & { receivedAt: string }

function parse(line: string): ChatMessage | null {
  try {
    const m = JSON.parse(line) as Stored
    if (typeof m?.id !== 'string' || typeof m.receivedAt !== 'string') return null
    return { ...m, receivedAt: new Date(m.receivedAt) }
  } catch {
    return null
  }
}

async function writeFlushed(path: string, text: string, flags: 'a' | 'w'): Promise<void> {
  // Chat messages: readable by the bot's own user only, as the database is.
  const file = await open(path, flags, 0o600)
  try {
    await file.writeFile(text)
    await file.datasync()
  } finally {
    await file.close()
  }
}

async function lastByte(path: string, size: number): Promise<number> {
  const file = await open(path, 'r')
  try {
    const { buffer } = await file.read(Buffer.alloc(1), 0, 1, size - 1)
    return buffer[0]!
  } finally {
    await file.close()
  }
}

export function createFileSpool(path: string, opts: { maxBytes?: number } = {}): DeferredSpool {
  const maxBytes = opts.maxBytes ?? SPOOL_MAX_BYTES
  // One operation at a time: a removal's rewrite must not drop an append made meanwhile.
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = chain.then(op, op)
    chain = next.catch(() => {})
    return next
  }
  const readAll = async (): Promise<ChatMessage[]> => {
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return ''
      throw err
    })
    const seen = new Set<string>()
    const out: ChatMessage[] = []
    for (const line of text.split('\n')) {
      const msg = line.trim() ? parse(line) : null
      if (msg && !seen.has(msg.id)) {
        seen.add(msg.id)
        out.push(msg)
      }
    }
    return out
  }
  return {
    append: (msg) =>
      serial(async () => {
        await mkdir(dirname(path), { recursive: true })
        const line = JSON.stringify(msg) + '\n'
        const size = await stat(path).then((s) => s.size, () => 0)
        if (size + Buffer.byteLength(line) > maxBytes) throw new Error(`deferred spool full (${size} bytes)`)
        // A torn line before this one (a crash mid-append) must not swallow it: start on a new line.
        const torn = size > 0 && (await lastByte(path, size)) !== 0x0a
        await writeFlushed(path, (torn ? '\n' : '') + line, 'a')
      }),
    read: (limit) => serial(async () => (await readAll()).slice(0, limit)),
    remove: (ids) =>
      serial(async () => {
        const all = await readAll()
        const left = all.filter((m) => !ids.has(m.id))
        if (left.length === all.length) return
        if (!left.length) return void (await rm(path, { force: true }))
        const tmp = `${path}.tmp`
        await writeFlushed(tmp, left.map((m) => JSON.stringify(m) + '\n').join(''), 'w')
        await rename(tmp, path)
      }),
  }
}
