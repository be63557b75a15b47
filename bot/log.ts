/**
 * pino. JSON lines go to stderr, so `--json` output on stdout stays clean for pipes; `npm start` at a
 * terminal gets short Chinese sentences on stdout instead (createConsoleStream).
 */
import pino from 'pino'
import { chinaDateTime } from '../src/clock.js'
import type { Config } from '../src/config.js'
import type { Logger } from '../src/ledger/context.js'

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): pino.Logger & Logger {
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: serializeError } },
    destination,
  ) as pino.Logger & Logger
}

/** A pino record as it is written (level as a number, `time` as ISO text). */
export type LogRecord = { level: number; msg?: string; time?: string; event?: string } & Record<string, unknown>

const WARN = 40
const ERROR = 50

/** 30000 ms -> "30 秒", 300000 -> "5 分钟". */
function delayText(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} 分钟`
  return `${Math.max(1, Math.round(ms / 1000))} 秒`
}

const TRY_WITHOUT_WECHAT = '不接微信也可先试用：npm run chat'

/**
 * What a person at the terminal reads for a log record, or null for records meant for log files only.
 * The events createBot and the wiring name (`event`) get their own sentence; any other warning or
 * error is shown by its message, without fields (those may be technical; the JSON log keeps them).
 */
export function consoleSentence(record: LogRecord): string | null {
  const n = (key: string) => (typeof record[key] === 'number' ? (record[key] as number) : null)
  switch (record.event) {
    case 'connecting': return '正在连接微信…'
    case 'qr': return '等待微信扫码登录：请用管理机器人的微信扫描上方二维码。'
    case 'scan': return record['status'] === 'Scanned' ? '已扫码，请在手机上确认登录。' : null
    case 'login': return `微信已登录${typeof record['name'] === 'string' && record['name'] ? `（${record['name']}）` : ''}，开始值守工作群。`
    case 'logout': return '微信已登出，等待重新扫码登录。'
    case 'connection-error': return '微信连接出错，正在自动重连。'
    case 'retry': {
      const delay = n('delayMs')
      return `无法连接微信，${delay == null ? '稍后' : `${delayText(delay)}后`}重试。${n('attempt') === 1 ? TRY_WITHOUT_WECHAT : ''}`.trimEnd()
    }
    case 'recovered': return `已处理重启前收到但未处理的消息 ${n('recovered') ?? ''} 条。`
    case 'stopping': return '正在退出…'
  }
  if (record.level < WARN || !record.msg) return null
  return `${record.level >= ERROR ? '出错' : '注意'}：${record.msg}`
}

/** "09:30 " in China time, so that a line read hours later says when it happened. */
function clockOf(record: LogRecord): string {
  const at = typeof record.time === 'string' ? new Date(record.time) : new Date()
  return Number.isNaN(at.getTime()) ? '' : `${chinaDateTime(at).slice(11)} `
}

/** A pino destination that writes consoleSentence of each record to `out` (one line each) and drops the rest. */
export function createConsoleStream(out: { write(text: string): unknown }): pino.DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue
        let record: LogRecord
        try {
          record = JSON.parse(line) as LogRecord
        } catch {
          continue
        }
        const sentence = consoleSentence(record)
        if (sentence) out.write(`${clockOf(record)}${sentence}\n`)
      }
    },
  }
}

/** Sentences for a person (stdout is a terminal, or LOG_FORMAT=text); JSON for files and services. */
export function wantsSentences(format: Config['LOG_FORMAT'], stdoutIsTTY: boolean): boolean {
  return format === 'text' || (format === 'auto' && stdoutIsTTY)
}

/** The logger of `npm start`: sentences on stdout at a terminal, JSON lines on stderr otherwise. */
export function createServiceLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>,
  io: { stdout: { write(text: string): unknown; isTTY?: boolean }; stderr?: pino.DestinationStream } = { stdout: process.stdout },
): pino.Logger & Logger {
  return wantsSentences(config.LOG_FORMAT, io.stdout.isTTY === true)
    ? createLogger(config.LOG_LEVEL, createConsoleStream(io.stdout))
    : createLogger(config.LOG_LEVEL, io.stderr)
}

/** A SQLSTATE, as drivers put it in `code` (ECONNREFUSED and the like are not). */
const SQLSTATE = /^[0-9A-Z]{5}$/

/** Names of the database's own objects a driver error may carry; never values. */
const DATABASE_ERROR_FIELDS = ['routine', 'table', 'table_name', 'column', 'column_name', 'constraint', 'constraint_name'] as const

/**
 * What a log line says about an error. Statements' parameters are message text, and a database
 * error's message, detail and context echo the values it refused, so a database error is logged as
 * its statement (operation and tables), SQLSTATE and the names of the objects involved; other errors
 * (the program's own, the network's) keep message and stack. Causes are followed a few levels.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err
  const e = err as Error & { code?: unknown; query?: unknown; params?: unknown }
  const out: Record<string, unknown> = { type: e.name || e.constructor.name }
  const isQueryError = typeof e.query === 'string' && 'params' in e
  const code = typeof e.code === 'string' ? e.code : null
  if (isQueryError) out['statement'] = statementName(e.query as string)
  if (code && SQLSTATE.test(code)) {
    out['code'] = code
    for (const field of DATABASE_ERROR_FIELDS) {
      const value = (e as unknown as Record<string, unknown>)[field]
      if (typeof value === 'string' && value) out[field] = value
    }
  } else if (!isQueryError) {
    out['message'] = e.message
    if (code) out['code'] = code
    if (e.stack) out['stack'] = e.stack
  }
  if (e.cause !== undefined && depth < 4) out['cause'] = serializeError(e.cause, depth + 1)
  return out
}

/** "insert inbox", "with rooms,admins,inbox,liaisons": what a statement does, from its text without its values. */
export function statementName(query: string): string {
  const verb = /^\s*(\w+)/.exec(query)?.[1]?.toLowerCase() ?? 'statement'
  const tables = new Set<string>()
  for (const m of query.matchAll(/\b(?:from|into|update|join)\s+"(\w+)"/gi)) tables.add(m[1]!)
  return tables.size ? `${verb} ${[...tables].join(',')}` : verb
}
