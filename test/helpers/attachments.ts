/** A stand-in for the Wechaty bot as the attachment saver sees it: every message carries one file. */
import { createReadStream } from 'node:fs'
import { FileBox } from 'file-box'
import type { AttachmentSource } from '../../bot/files.js'

/** The file at `path`, its size known beforehand (as a puppet that reports it). */
export function botWithFile(path: string): AttachmentSource {
  return { Message: { find: async () => ({ toFileBox: async () => FileBox.fromFile(path) }) } }
}

/** A file of `bytes` bytes whose size is known only by reading it (as a URL download). */
export function botWithStream(name: string, bytes: number): AttachmentSource {
  const box = () => FileBox.fromStream(createReadStream('/dev/zero', { end: Math.round(bytes) - 1 }), name)
  return { Message: { find: async () => ({ toFileBox: async () => box() }) } }
}
