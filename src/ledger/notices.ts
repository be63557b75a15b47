/**
 * 督办通知单: the numbered notice the office issues to a unit whose task is overdue (red). Pure: the
 * notice's content; its number comes from NoticeStore, its .docx from the adapter (render/noticeDocx.ts).
 */
import { addWorkdays, type WorkCalendar } from '../tasks/calendar.js'
import { formatDate } from '../replies/tasks.js'
import type { PairState } from '../domain/colour.js'
import type { BookTask } from './ports.js'

/** Working days a unit has to answer a notice. */
export const NOTICE_REPLY_WORKDAYS = 3

export interface SupervisionNotice {
  /** The issuing office: 惠来县人民政府办公室. */
  issuer: string
  year: number
  number: number
  /** The document the task is from (its title), and the task as the chat names it (营商环境第5项). */
  documentTitle: string | null
  taskName: string
  taskText: string
  unit: string
  /** 2022年11月30日 */
  originalDeadline: string
  overdueDays: number
  requirement: string
  /** 2022年12月5日 */
  replyBy: string
  /** 2022年12月2日 */
  issuedOn: string
}

/** 〔2022〕第3号 */
export function noticeNumberText(year: number, number: number): string {
  return `〔${year}〕第${number}号`
}

/** The notice to `unit` on its red pair of `task` (state.overdue), numbered `number`. */
export function supervisionNotice(input: {
  issuer: string
  task: BookTask
  taskName: string
  documentTitle: string | null
  unit: string
  /** The deadline missed and the days to it (negative: overdue), as colourOf gives them. */
  state: Pick<PairState, 'due' | 'daysLeft'>
  number: number
  today: string
  calendar: WorkCalendar
}): SupervisionNotice {
  const { state, today } = input
  const replyBy = addWorkdays(today, NOTICE_REPLY_WORKDAYS, input.calendar)
  return {
    issuer: input.issuer,
    year: Number(today.slice(0, 4)),
    number: input.number,
    documentTitle: input.documentTitle,
    taskName: input.taskName,
    taskText: input.task.text,
    unit: input.unit,
    originalDeadline: state.due ? formatDate(state.due) : '未明确',
    overdueDays: state.daysLeft != null ? Math.max(0, -state.daysLeft) : 0,
    requirement: `请你单位高度重视，对照任务要求抓紧办理，于${formatDate(replyBy)}前将办理情况及佐证材料在工作群内反馈（如“${input.taskName}已完成”并附材料）；确有困难的，书面说明原因及拟完成时间。`,
    replyBy: formatDate(replyBy),
    issuedOn: formatDate(today),
  }
}
