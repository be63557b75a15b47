export interface ImportsData {
  import_table: {
    waiting?: boolean
    dryRun?: boolean
    file?: string
    reason?: string
    held?: string
    title?: string | null
    tasks?: number
    newUnits?: string[]
    diff?: unknown
    result?: unknown
  }
}

export type ImportsOutcome =
  | 'import:waiting' | 'import:waiting:preview' | 'import:unavailable' | 'import:download_failed' | 'import:too_large'
  | 'import:bad_file' | 'import:unreadable' | 'import:file_held' | 'import:preview' | 'import:confirm' | 'import:done'
