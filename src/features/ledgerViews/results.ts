export interface LedgerViewsData {
  summary: { tasks: number; tasks_done: number; overdue_tasks: number[]; red: string[]; yellow: string[]; blue: string[]; under_review: number }
  missing: { units: { unit: string; tasks: number[]; overdue: number[] }[] }
  export: { file: string }
}

export type LedgerViewsOutcome = 'summary' | 'export' | 'export:unsupported'
