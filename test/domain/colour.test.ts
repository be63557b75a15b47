/**
 * The one grading of a (task, unit) pair: colour windows from the settings, one overdue definition,
 * and the three views that count overdue pairs (a unit's 逾期 list, 进度汇总, 未反馈) agreeing on it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { colourOf, colourSettingsFrom, doneCovers, isOverdue, type ColourSettings, type PairUnit } from '../../src/domain/colour.js'
import { parseConfig } from '../../src/config.js'
import type { Deadline, AssignmentRole, RecurringEvery } from '../../src/tasks/model.js'
import type { BookAssignment, BookTask, ProgressReport, ReportStatus, TaskBook } from '../../src/ledger/ports.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import { holdingOf, indexLatest } from '../../src/ledger/book.js'
import { dueTasks } from '../../src/features/tasks/handlers.js'
import { missing, summary } from '../../src/features/ledgerViews/handlers.js'
import { silentLogger, type HandlerContext, type HandlerResult } from '../../src/ledger/context.js'
import type { Intent } from '../../src/intents/parseIntent.js'
import { addDays } from '../../src/tasks/calendar.js'
import { fixtureDirectory } from '../helpers/db.js'
import { formatDeadline } from '../../src/replies/tasks.js'
import { planDigest } from '../../src/reminders/digest.js'

const TODAY = '2023-03-15'
const windows: ColourSettings = { yellowDays: 3, blueDays: 7 }
const direct: PairUnit = { unit: '县司法局', role: 'responsible', conditional: false }
const dated = (offset: number): { deadline: Deadline } => ({ deadline: { kind: 'date', date: addDays(TODAY, offset) } })
const report = (status: ReportStatus, day: string) => ({ status, reportedAt: new Date(`${day}T10:00:00+08:00`) })

describe('colourOf', () => {
  it('销号: a 已完成 under review is answered (not overdue) but not green until closed; a returned pair is graded by its next report', () => {
    const pending = { ...report('done', '2023-03-01'), review: 'pending' as const }
    const closed = { ...report('done', '2023-03-01'), review: 'closed' as const }
    for (const offset of [-5, 2, 10]) {
      expect(colourOf(dated(offset), direct, pending, windows, TODAY)).toMatchObject({ colour: 'none', overdue: false, done: false, reason: 'under_review' })
      expect(colourOf(dated(offset), direct, closed, windows, TODAY)).toMatchObject({ colour: 'green', done: true, reason: 'done' })
    }
    expect(colourOf({ deadline: { kind: 'ongoing' } }, direct, pending, windows, TODAY).reason).toBe('under_review')
    // A guiding unit's 已完成 under review is still 待审核, not 'guide'.
    expect(colourOf(dated(-5), { ...direct, role: 'guide' }, pending, windows, TODAY).reason).toBe('under_review')
    // The reminders: 待审核 and 已销号 both answer the deadline.
    expect(doneCovers(pending, null)).toBe(true)
    expect(doneCovers(closed, '2023-01-01')).toBe(true)
    expect(doneCovers({ ...report('in_progress', '2023-03-01'), review: null }, null)).toBe(false)
    expect(colourOf(dated(-5), direct, report('in_progress', '2023-03-10'), windows, TODAY)).toMatchObject({ colour: 'red', overdue: true })
  })

  it('grades a dated task by the settings’ windows, not fixed 3 and 7 days', () => {
    expect(colourOf(dated(10), direct, null, windows, TODAY)).toMatchObject({ colour: 'none', overdue: false, daysLeft: 10, reason: 'later' })
    expect(colourOf(dated(6), direct, null, windows, TODAY)).toMatchObject({ colour: 'blue', daysLeft: 6 })
    expect(colourOf(dated(3), direct, null, windows, TODAY).colour).toBe('yellow')
    expect(colourOf(dated(0), direct, null, windows, TODAY)).toMatchObject({ colour: 'yellow', overdue: false, daysLeft: 0 })
    expect(colourOf(dated(-1), direct, null, windows, TODAY)).toMatchObject({ colour: 'red', overdue: true, daysLeft: -1, reason: 'overdue' })
    // REMINDER_YELLOW_DAYS=5, REMINDER_BLUE_DAYS=10: the same task changes colour.
    const wide = colourSettingsFrom(parseConfig({ REMINDER_YELLOW_DAYS: '5', REMINDER_BLUE_DAYS: '10' }))
    expect(colourOf(dated(5), direct, null, wide, TODAY).colour).toBe('yellow')
    expect(colourOf(dated(10), direct, null, wide, TODAY).colour).toBe('blue')
    expect(colourOf(dated(5), direct, null, { ...wide, yellowDays: 0 }, TODAY).colour).toBe('blue')
  })

  it('is green once the unit reports 已完成, and no other status stops the clock', () => {
    expect(colourOf(dated(-5), direct, report('done', '2023-03-01'), windows, TODAY)).toMatchObject({ colour: 'green', overdue: false, done: true })
    for (const s of ['in_progress', 'blocked', 'not_started'] as const) expect(isOverdue(dated(-5), direct, report(s, '2023-03-14'), windows, TODAY)).toBe(true)
  })

  it('grades a recurring task on the last period too: last quarter’s task stays overdue until reported done in it', () => {
    const quarterly = { deadline: { kind: 'recurring', every: 'quarterly', text: '每季度' } as Deadline }
    expect(colourOf(quarterly, direct, null, windows, TODAY)).toMatchObject({ overdue: true, due: '2022-12-31' })
    // Done in the last quarter: not overdue, and the current quarter (ends 03-31) is not done yet.
    expect(colourOf(quarterly, direct, report('done', '2022-11-20'), windows, TODAY)).toMatchObject({ overdue: false, done: false, due: '2023-03-31', colour: 'none' })
    expect(colourOf(quarterly, direct, report('done', '2023-02-01'), windows, TODAY)).toMatchObject({ colour: 'green', done: true })
    // A done report older than the last quarter does not cover it.
    expect(isOverdue(quarterly, direct, report('done', '2022-09-01'), windows, TODAY)).toBe(true)
    // Periods that ended before the document was issued are not graded.
    expect(isOverdue(quarterly, direct, null, { ...windows, since: '2023-01-10' }, TODAY)).toBe(false)
    expect(isOverdue(dated(-5), direct, null, { ...windows, since: addDays(TODAY, -4) }, TODAY)).toBe(false)
  })

  it('never calls undated deadlines overdue (持续推进, 印发N日内 without an issue date, 未明确)', () => {
    for (const deadline of [{ kind: 'ongoing' }, { kind: 'relative', text: '印发30日内' }, { kind: 'none', text: '适时' }] as Deadline[]) {
      expect(colourOf({ deadline }, direct, null, windows, TODAY)).toMatchObject({ colour: 'none', overdue: false, due: null, reason: 'no_deadline' })
      expect(colourOf({ deadline }, direct, report('done', '2023-01-01'), windows, TODAY).colour).toBe('green')
    }
  })

  it('spares guiding units, and conditional holders until they report on the task', () => {
    const guide: PairUnit = { ...direct, role: 'guide' }
    const conditional: PairUnit = { ...direct, conditional: true }
    expect(colourOf(dated(-3), guide, null, windows, TODAY)).toMatchObject({ colour: 'none', overdue: false, reason: 'guide', daysLeft: -3 })
    expect(colourOf(dated(-3), conditional, null, windows, TODAY)).toMatchObject({ overdue: false, reason: 'conditional' })
    expect(isOverdue(dated(-3), conditional, report('in_progress', '2023-03-01'), windows, TODAY)).toBe(true)
    expect(colourOf(dated(-3), conditional, report('done', '2023-03-01'), windows, TODAY).colour).toBe('green')
  })
})

describe('formatDeadline with a unit’s state', () => {
  it('drops 已逾期 once the unit is done and names a recurring task’s missed last period', () => {
    const past = dated(-5)
    expect(formatDeadline(past.deadline, TODAY)).toContain('已逾期')
    const done = colourOf(past, direct, report('done', '2023-03-01'), windows, TODAY)
    expect(formatDeadline(past.deadline, TODAY, done)).not.toContain('已逾期')
    const yearly: Deadline = { kind: 'recurring', every: 'yearly', text: '每年' }
    const missed = colourOf({ deadline: yearly }, direct, null, windows, TODAY)
    expect(formatDeadline(yearly, TODAY, missed)).toBe('每年（本期截至2023年12月31日，上期（截至2022年12月31日）未报完成）')
  })
})

// ---- the three views agree ------------------------------------------------------------------------

const dir = createUnitDirectory(fixtureDirectory())
const UNITS = ['县司法局', '县教育局', '县财政局', '惠城镇']
const TARGETS: Omit<BookAssignment, 'role'>[] = [
  ...UNITS.map((u) => ({ targetType: 'unit' as const, target: u })),
  { targetType: 'group', target: '县政府各部门' },
  { targetType: 'role', target: '县政府规范性文件起草单位' },
]
const ROLES: AssignmentRole[] = ['lead', 'responsible', 'guide', 'support']
const EVERY: RecurringEvery[] = ['yearly', 'halfyearly', 'quarterly', 'monthly']

const deadlineArb: fc.Arbitrary<Deadline> = fc.oneof(
  fc.integer({ min: -60, max: 40 }).map((n): Deadline => ({ kind: 'date', date: addDays(TODAY, n) })),
  fc.constantFrom(...EVERY).map((every): Deadline => ({ kind: 'recurring', every })),
  fc.constant<Deadline>({ kind: 'ongoing' }),
  fc.constant<Deadline>({ kind: 'none', text: '适时' }),
)
const taskArb = fc.record({
  deadline: deadlineArb,
  assignments: fc.uniqueArray(fc.record({ role: fc.constantFrom(...ROLES), t: fc.integer({ min: 0, max: TARGETS.length - 1 }) }), {
    minLength: 1,
    maxLength: 3,
    selector: (a) => a.t,
  }),
})
const reportArb = fc.record({
  task: fc.nat(),
  unit: fc.constantFrom(...UNITS),
  status: fc.constantFrom<ReportStatus>('done', 'in_progress', 'not_started', 'blocked'),
  daysAgo: fc.integer({ min: 0, max: 200 }),
})
const ledgerArb = fc.record({
  tasks: fc.array(taskArb, { minLength: 1, maxLength: 8 }),
  reports: fc.array(reportArb, { maxLength: 12 }),
  since: fc.constantFrom(null, '2022-08-25', '2023-01-05'),
})

type LedgerSpec = typeof ledgerArb extends fc.Arbitrary<infer T> ? T : never

function buildLedger(l: LedgerSpec) {
  const tasks: BookTask[] = l.tasks.map((t, i) => ({
    id: 100 + i,
    documentId: 1,
    number: i + 1,
    section: null,
    subsection: null,
    text: `测试任务${i + 1}`,
    deadline: t.deadline,
    unitsInheritedFrom: null,
    assignments: t.assignments.map((a) => ({ role: a.role, ...TARGETS[a.t]! })),
  }))
  const book: TaskBook = {
    documents: [{ id: 1, shortName: '测试', ordinal: 1, archived: false, title: '测试分解表', issuer: null, issuedOn: l.since, sourceName: 't.txt', importedAt: new Date() }],
    tasks: tasks.map((t) => ({ ...t, since: l.since })),
    directory: dir.data,
  }
  // Reports only from units that hold the task, as the report handler accepts them.
  const reports: ProgressReport[] = l.reports.flatMap((r, i) => {
    const task = tasks[r.task % tasks.length]!
    if (!holdingOf(task, r.unit, dir)) return []
    return [{
      id: i + 1, taskId: task.id, unit: r.unit, status: r.status, percent: null, note: null, expectedDate: null,
      liaisonContactId: 'c', liaisonName: '联络员', sourceMessageId: `m${i}`,
      reportedAt: new Date(Date.parse(`${addDays(TODAY, -r.daysAgo)}T09:00:00+08:00`) + i * 1000), revokedAt: null,
    }]
  })
  return { book, latest: indexLatest(reports) }
}

const config = parseConfig({ PAGE_CHARS: '100000' })

async function ask(ledger: ReturnType<typeof buildLedger>, intent: Intent, run: (ctx: HandlerContext<never>) => Promise<HandlerResult>): Promise<Record<string, unknown>> {
  const ctx = {
    msg: {}, intent,
    sender: { contactId: 'a', name: '管理员', alias: null, liaison: null, namesake: null, isAdmin: true },
    stores: { outbox: { unconfirmed: async () => [] } },
    book: ledger.book, dir, now: new Date(`${TODAY}T10:00:00+08:00`), today: TODAY, config, log: silentLogger,
    replyContext: async () => ({ today: TODAY, dir, latest: ledger.latest, pageChars: 100_000, grading: colourSettingsFrom(config) }),
    setMorePages() {},
    services: {},
  } as unknown as HandlerContext
  return (await run(ctx as HandlerContext<never>)).data as Record<string, unknown>
}

describe('the views that count overdue', () => {
  it('agree on one set of overdue (task, unit) pairs for any ledger: 逾期 lists, 进度汇总 and 未反馈', async () => {
    let seen = 0
    await fc.assert(
      fc.asyncProperty(ledgerArb, async (l) => {
        const ledger = buildLedger(l)
        const pairs = new Set<string>()
        for (const unit of dir.data.units.map((u) => u.name)) {
          const d = await ask(ledger, { type: 'overdue', unit }, dueTasks)
          for (const n of (d.tasks as number[] | undefined) ?? []) pairs.add(`${n}|${unit}`)
        }
        seen += pairs.size
        const overdueTasks = new Set([...pairs].map((p) => Number(p.split('|')[0])))
        const s = await ask(ledger, { type: 'summary' }, summary)
        expect(new Set(s.overdue_tasks as number[])).toEqual(overdueTasks)
        const all = await ask(ledger, { type: 'overdue', unit: null }, dueTasks)
        expect(new Set(all.tasks as number[])).toEqual(overdueTasks)
        // 未反馈 lists pairs with no report at all: its overdue ones are the overdue pairs nobody reported on.
        const m = await ask(ledger, { type: 'missing' }, missing)
        const silent = new Set((m.units as { unit: string; overdue: number[] }[]).flatMap((u) => u.overdue.map((n) => `${n}|${u.unit}`)))
        const taskId = (n: number) => ledger.book.tasks[n - 1]!.id
        expect(silent).toEqual(new Set([...pairs].filter((p) => !ledger.latest.has(`${taskId(Number(p.split('|')[0]))}\u0000${p.split('|')[1]}`))))
        // The monthly digest names the same overdue tasks, in the config's windows.
        const digest = planDigest({ book: ledger.book, directory: dir, progress: [...ledger.latest.values()], liaisons: [], rooms: [], now: new Date(`${TODAY}T10:00:00+08:00`), settings: { yellowDays: 5 } })
        expect(new Set(digest.overdueTasks)).toEqual(overdueTasks)
        expect(digest.text).toContain('5日内到期')
      }),
      { numRuns: 150 },
    )
    // The ledgers did have overdue pairs to agree on.
    expect(seen).toBeGreaterThan(50)
  })
})
