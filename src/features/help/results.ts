import type { NoData } from '../results.js'

export interface HelpData {
  help: NoData
  unknown: NoData
}

export type HelpOutcome = 'help' | 'unknown'
