/** What a unit reports about a task, and how the office names it. Pure; everything that shows status imports it. */

export type ReportStatus = 'done' | 'in_progress' | 'not_started' | 'blocked'

export const STATUS_LABEL: Record<ReportStatus, string> = {
  done: '已完成',
  in_progress: '推进中',
  not_started: '未启动',
  blocked: '遇到困难',
}
