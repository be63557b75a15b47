/**
 * Task-table files from outside (the chat, the command line) are read in a worker thread with a
 * wall-clock and a memory limit: a hostile .xlsx or .docx costs that worker, never the bot, which
 * goes on answering everyone else meanwhile. A file that hits a limit is refused like any other
 * unreadable table (TableParseError), with the limit named.
 */
import { Worker } from 'node:worker_threads'
import type { Config } from '../src/config.js'
import type { ParsedTable } from '../src/tasks/model.js'
import { TableParseError } from '../src/tasks/model.js'
import type { TableJob, TableJobAnswer } from './tableWorkerBody.js'

export interface ParseLimits {
  /** Wall-clock seconds for one file, worker start included. */
  seconds: number
  /** Heap of the worker, in MB. */
  memoryMb: number
}

export function parseLimitsOf(config: Pick<Config, 'IMPORT_PARSE_SECONDS' | 'IMPORT_PARSE_MEMORY_MB'>): ParseLimits {
  return { seconds: config.IMPORT_PARSE_SECONDS, memoryMb: config.IMPORT_PARSE_MEMORY_MB }
}

const WORKER_ENTRY = new URL('./tableWorker.mjs', import.meta.url)
const HINT = '文件中可能有大量空白行列、合并单元格或异常格式，请清理后另存为新文件再导入'

/** readTaskFile in a worker thread, within `limits`. */
export function readTaskFileIsolated(bytes: Uint8Array, file: string, opts: { maxBytes: number; limits: ParseLimits }): Promise<ParsedTable> {
  const { seconds, memoryMb } = opts.limits
  const job: TableJob = { bytes, file, maxBytes: opts.maxBytes }
  return new Promise<ParsedTable>((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: job,
      // Without the parent's flags (vitest's, tsx's): the entry loads TypeScript itself.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(memoryMb / 8))) },
      stdout: false,
      stderr: false,
    })
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn()
      void worker.terminate()
    }
    const timer = setTimeout(
      () => settle(() => reject(new TableParseError('time_limit', `读取超过 ${seconds} 秒仍未完成，已停止：${HINT}`, file, null))),
      seconds * 1000,
    )
    worker.on('message', (answer: TableJobAnswer) =>
      settle(() => {
        if (answer.ok) resolve(answer.table)
        else if ('refusal' in answer) {
          const r = answer.refusal
          reject(new TableParseError(r.code, r.reason, r.file, r.line, r.where))
        } else reject(new Error(`reading ${file} failed in the worker: ${answer.failure}`))
      }),
    )
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new TableParseError('memory_limit', `读取所需内存超过 ${memoryMb} MB，已停止：${HINT}`, file, null)
            : err,
        ),
      ),
    )
    worker.on('exit', (code) => settle(() => reject(new Error(`the table worker for ${file} exited (code ${code}) without an answer`))))
  })
}
