/**
 * What a table cell holds, judged by its content alone: where a table lost its header or its labels
 * (copied as text), a cell made of unit names is a unit cell and a deadline-shaped cell a deadline.
 */
import { parseDeadline } from './deadline.js'
import { weekdayCalendar } from './calendar.js'
import { splitUnitList, endsLikeUnit } from '../units/split.js'
import { toHalfWidth } from '../numerals.js'

const PROBE = { issuedOn: '2000-01-01', calendar: weekdayCalendar }

/** 1 / 1. / （1） / 第1项: a 序号 cell. */
export function isNumberCell(c: string): boolean {
  return /^(?:第)?[（(]?\d{1,4}[)）]?[.、项]?$/.test(toHalfWidth(c))
}

/** 区财政局、区直各部门 / 各镇（街道） / 区发改局（牵头） — every name ends like a unit. */
export function isUnitCell(c: string): boolean {
  if (c.length > 300 || /[。：:]/.test(c)) return false
  const names = splitUnitList(c)
  return names.length > 0 && names.every((n) => endsLikeUnit(n) || /^(各|全[县区市])|(各|有关|相关)(部门|单位)$/.test(n))
}

/** 2023年6月底前 / 持续推进 / 每季度 — short, and read as a deadline. */
export function isDeadlineCell(c: string): boolean {
  return c.length <= 40 && !isUnitCell(c) && parseDeadline(c, PROBE).kind !== 'none'
}
