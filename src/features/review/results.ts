export interface ReviewItem {
  task: number
  /** The document's short name when several are active. */
  document?: string
  unit: string
  note: string | null
  evidence: number
}

export interface ReviewData {
  review_queue: { reviews: ReviewItem[] }
  review_decision: { task: number; document?: string; unit: string; decision: 'close' | 'return'; reason?: string }
}

export type ReviewOutcome = 'review_queue' | 'review:closed' | 'review:returned' | 'review:none' | 'review:ambiguous'
