import type { Feature } from '../types.js'
import { dueTasks, more, myTasks, search, taskDetail, taskProgress, unitTasks } from './handlers.js'

export { recogniseMore, recogniseNumberedTask, recogniseSearch, recogniseTaskList } from './recognise.js'
export { recogniseDeadlines } from './deadlines.js'

const question = { readOnly: true, showsProgress: true } as const

export const tasksFeature: Feature<'my_tasks' | 'unit_tasks' | 'more' | 'task_detail' | 'task_progress' | 'search' | 'due_soon' | 'overdue'> = {
  name: 'tasks',
  routes: {
    my_tasks: { policy: { ...question, needsUnit: true }, handle: myTasks },
    unit_tasks: { policy: { ...question, allowedUnbound: true }, handle: unitTasks },
    more: { policy: { readOnly: true }, handle: more },
    task_detail: { policy: { ...question, allowedUnbound: true }, handle: taskDetail },
    task_progress: { policy: question, handle: taskProgress },
    search: { policy: { ...question, allowedUnbound: true }, handle: search },
    // Without a unit named: the sender's, or every task for an admin.
    due_soon: { policy: { ...question, needsUnit: (i, s) => i.unit == null && !s.isAdmin }, handle: (ctx) => dueTasks(ctx) },
    overdue: { policy: { ...question, needsUnit: (i, s) => i.unit == null && !s.isAdmin }, handle: (ctx) => dueTasks(ctx) },
  },
}
