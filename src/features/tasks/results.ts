import type { unitTaskListJson } from '../../ledger/book.js'
import type { NoData } from '../results.js'
import type { TaskDetailData } from './handlers.js'

export interface TasksData {
  my_tasks: ReturnType<typeof unitTaskListJson>
  unit_tasks: ReturnType<typeof unitTaskListJson>
  more: NoData
  task_detail: { task: TaskDetailData } | { tasks: number[] }
  task_progress: { task: TaskDetailData } | { tasks: number[] }
  search: { tasks: number[] }
  due_soon: { unit: string | null; tasks: number[] }
  overdue: { unit: string | null; tasks: number[] }
}

export type TasksOutcome = 'more' | 'more:none' | 'task_detail' | 'task_progress' | 'unknown_unit' | 'not_a_unit' | 'unknown_task'
