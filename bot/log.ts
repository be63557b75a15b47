/** pino, always to stderr so `--json` output on stdout stays clean for pipes. */
import pino from 'pino'
import type { Logger } from '../src/ledger/context.js'

export function createLogger(level: string): pino.Logger & Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2)) as pino.Logger & Logger
}
