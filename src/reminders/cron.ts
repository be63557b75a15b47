/**
 * Cron syntax check for config (src/ must not import node-cron): 5 fields (minute hour day month
 * weekday) or 6 with seconds first; numbers, *, ranges, steps, lists, month and weekday names.
 * jobs/ schedules with node-cron, and test/reminders/cron.test.ts checks this agrees with it.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface Field {
  name: string
  min: number
  max: number
  names?: string[]
  namesFrom?: number
}

const SECOND: Field = { name: '秒', min: 0, max: 59 }
const FIELDS: Field[] = [
  { name: '分', min: 0, max: 59 },
  { name: '时', min: 0, max: 23 },
  { name: '日', min: 1, max: 31 },
  { name: '月', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: '星期', min: 0, max: 7, names: DAYS, namesFrom: 0 },
]

function value(token: string, field: Field): number | null {
  if (/^\d+$/.test(token)) {
    const n = Number(token)
    return n >= field.min && n <= field.max ? n : null
  }
  const i = field.names?.indexOf(token.toLowerCase().slice(0, 3)) ?? -1
  return i >= 0 && token.length >= 3 ? i + (field.namesFrom ?? 0) : null
}

function checkField(text: string, field: Field): string | null {
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/')
    if (extra !== undefined || range === undefined || range === '') return `${field.name}字段“${text}”无效`
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return `${field.name}字段的间隔“${step}”无效`
    if (range === '*') continue
    const [from, to, more] = range.split('-')
    if (more !== undefined) return `${field.name}字段“${text}”无效`
    const a = value(from ?? '', field)
    const b = to === undefined ? a : value(to, field)
    if (a == null || b == null || a > b) return `${field.name}字段“${range}”超出范围（${field.min}—${field.max}）`
  }
  return null
}

/** null when the expression is valid; otherwise what is wrong, in Chinese. */
export function cronProblem(expression: string): string | null {
  const parts = expression.trim().split(/\s+/).filter(Boolean)
  if (parts.length !== 5 && parts.length !== 6) return `应为 5 段（分 时 日 月 星期），实为 ${parts.length} 段`
  const fields = parts.length === 6 ? [SECOND, ...FIELDS] : FIELDS
  for (let i = 0; i < parts.length; i++) {
    const problem = checkField(parts[i]!, fields[i]!)
    if (problem) return problem
  }
  return null
}
