/** 督办单 第5项 (县司法局): the office issues numbered 督办通知单 to units whose task is overdue. */
import type { Recogniser } from '../types.js'

export type NoticesIntent = { type: 'issue_notice'; number: number; unit: string | null }

const NOTICE = /^(?:印发|发|出具|下发|开具)?(?:督办通知单|督办单)[\s:：]*(?:给)?/

export const recogniseNotice: Recogniser = ({ s, refs }) => {
  const m = NOTICE.exec(s.trim())
  if (!m || refs.length !== 1) return null
  // What follows the task reference: a unit, or nothing (every overdue unit of the task).
  const unit = s.trim().slice(m[0].length).replace(/第?\s*[0-9０-９一二三四五六七八九十百]+\s*项/, '').replace(/^[\s,，、]+|[\s,，、。]+$/g, '')
  return { type: 'issue_notice', number: refs[0]!, unit: unit || null }
}
