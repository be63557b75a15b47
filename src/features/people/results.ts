import type { NoData } from '../results.js'

export interface PeopleData {
  bind: { unit: string; liaison?: string; others?: string[] }
  unbind: NoData
  whoami: { unit: string | null; admin: boolean; others?: string[] }
  claim_admin: { admin: true }
}

export type PeopleOutcome =
  | 'bound' | 'bound_other' | 'bind:no_mention' | 'unbound' | 'unbound_other' | 'unbind:none' | 'claim:ok' | 'claim:already' | 'claim:denied' | 'claim:throttled'
