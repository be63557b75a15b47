/** pino, always to stderr so `--json` output on stdout stays clean for pipes. */
import pino from 'pino'
import type { Logger } from '../src/ledger/context.js'

export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): pino.Logger & Logger {
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, serializers: { err: serializeError } },
    destination,
  ) as pino.Logger & Logger
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
