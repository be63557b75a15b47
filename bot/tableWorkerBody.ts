/** Runs in the worker thread: reads the file it was given and posts the table or the reason it cannot be read. */
import { parentPort, workerData } from 'node:worker_threads'
import { readTaskFile } from '../src/tasks/readers.js'
import { TableParseError, type TableParseCode } from '../src/tasks/model.js'

export interface TableJob {
  bytes: Uint8Array
  file: string
  maxBytes: number
}

export type TableJobAnswer =
  | { ok: true; table: Awaited<ReturnType<typeof readTaskFile>> }
  | { ok: false; refusal: { code: TableParseCode; reason: string; file: string; line: number | null; where: string | null } }
  | { ok: false; failure: string }

const job = workerData as TableJob
let answer: TableJobAnswer
try {
  answer = { ok: true, table: await readTaskFile(job.bytes, job.file, { maxBytes: job.maxBytes }) }
} catch (e) {
  answer =
    e instanceof TableParseError
      ? { ok: false, refusal: { code: e.code, reason: e.reason, file: e.file, line: e.line, where: e.where } }
      : { ok: false, failure: e instanceof Error ? e.message : String(e) }
}
parentPort?.postMessage(answer)
