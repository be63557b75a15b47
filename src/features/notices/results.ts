export interface NoticesData {
  issue_notice: { task: number; notices: { number: string; unit: string; file: string }[] }
}

export type NoticesOutcome = 'issue_notice' | 'issue_notice:none' | 'issue_notice:unsupported'
