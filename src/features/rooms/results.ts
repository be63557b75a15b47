import type { NoData } from '../results.js'

export interface RoomsData {
  enable_room: NoData
  disable_room: NoData
}

export type RoomsOutcome = 'room:enabled' | 'room:disabled' | 'room:private'
