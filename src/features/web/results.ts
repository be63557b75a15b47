import type { NoData } from '../results.js'

export interface WebData {
  web_link: { sent: 'private' } | NoData
}

export type WebOutcome = 'web_link' | 'web_link:private' | 'web_link:unavailable'
