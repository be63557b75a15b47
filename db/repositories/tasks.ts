import { and, asc, count, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import type {
  BookAssignment,
  BookDocument,
  BookTask,
  ImportInput,
  ImportResult,
  ImportTask,
  TaskBook,
  TaskStore,
} from '../../src/ledger/ports.js'
import { documentKey } from '../../src/ledger/documentKey.js'
import type { Deadline, RecurringEvery } from '../../src/tasks/model.js'
import type { DirectoryData, UnitKind } from '../../src/units/model.js'
import type { Db, Executor } from '../client.js'
import {
  assignments,
  documents,
  settings,
  tasks,
  unitGroups,
  unitRoles,
  units,
} from '../schema.js'

const COUNTY_KEY = 'county'
/** Rows per INSERT: stays far below Postgres' 65,535 bind parameters for any table size. */
const INSERT_CHUNK = 1000

type TaskRow = typeof tasks.$inferSelect
type AssignmentRow = typeof assignments.$inferSelect

export function createTaskStore({ db }: { db: Db }): TaskStore {
  return {
    async seedDirectory(data: DirectoryData): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .insert(settings)
          .values({ key: COUNTY_KEY, value: data.county })
          .onConflictDoUpdate({ target: settings.key, set: { value: data.county } })
        if (data.units.length > 0) {
          await tx
            .insert(units)
            .values(
              uniqueBy(data.units, (u) => u.name).map((u) => ({
                name: u.name,
                kind: u.kind,
                aliases: u.aliases,
                confirmed: true,
              })),
            )
            // The seed is the office's own list: it wins, and confirms an import-created unit.
            .onConflictDoUpdate({
              target: units.name,
              set: {
                kind: sql`excluded.kind`,
                aliases: sql`excluded.aliases`,
                confirmed: sql`true`,
              },
            })
        }
        if (data.groups.length > 0) {
          await tx
            .insert(unitGroups)
            .values(uniqueBy(data.groups, (g) => g.name).map((g) => ({ name: g.name, kinds: g.kinds, aliases: g.aliases })))
            .onConflictDoUpdate({
              target: unitGroups.name,
              set: { kinds: sql`excluded.kinds`, aliases: sql`excluded.aliases` },
            })
        }
        if (data.roles.length > 0) {
          await tx
            .insert(unitRoles)
            .values(uniqueBy(data.roles, (r) => r.name).map((r) => ({ name: r.name, scope: r.scope })))
            .onConflictDoUpdate({ target: unitRoles.name, set: { scope: sql`excluded.scope` } })
        }
      })
    },

    async importTable(input: ImportInput): Promise<ImportResult> {
      const seen = new Set<number>()
      for (const t of input.tasks) {
        if (seen.has(t.number)) throw new Error(`任务分解表中第${t.number}项重复 (duplicate task number ${t.number})`)
        seen.add(t.number)
      }

      return db.transaction(async (tx) => {
        const doc = await upsertDocument(tx, input)
        const documentId = doc.id

        if (input.newUnits.length > 0) {
          await tx
            .insert(units)
            .values(
              uniqueBy(input.newUnits, (u) => u.name).map((u) => ({
                name: u.name,
                kind: u.kind,
                aliases: u.aliases,
                createdByImport: true,
                confirmed: false,
              })),
            )
            .onConflictDoNothing({ target: units.name })
        }

        await addAliases(tx, input.newAliases ?? [])

        const existingRows = await tx.select().from(tasks).where(eq(tasks.documentId, documentId))
        const existing = new Map(existingRows.map((r) => [r.number, r]))
        const existingAssignments = await assignmentsByTask(
          tx,
          existingRows.map((r) => r.id),
        )

        let inserted = 0
        let updated = 0
        let unchanged = 0
        /** New tasks and tasks whose columns changed: written by one upsert. */
        const write: ImportTask[] = []
        /** Tasks whose assignments are (re)written. */
        const reassign: ImportTask[] = []
        for (const t of input.tasks) {
          const row = existing.get(t.number)
          if (!row) {
            inserted++
            write.push(t)
            reassign.push(t)
            continue
          }
          const sameRow = row.removedAt === null && sameColumns(row, t)
          const sameAssignments = sameAssignmentSet(existingAssignments.get(row.id) ?? [], t.assignments)
          if (sameRow && sameAssignments) {
            unchanged++
            continue
          }
          updated++
          if (!sameRow) write.push(t)
          if (!sameAssignments) reassign.push(t)
        }

        const idByNumber = new Map(existingRows.map((r) => [r.number, r.id]))
        for (const part of chunks(write, INSERT_CHUNK)) {
          const rows = await tx
            .insert(tasks)
            .values(part.map((t) => ({ documentId, ...taskColumns(t) })))
            .onConflictDoUpdate({
              target: [tasks.documentId, tasks.number],
              set: {
                section: sql`excluded.section`,
                subsection: sql`excluded.subsection`,
                text: sql`excluded.text`,
                deadlineKind: sql`excluded.deadline_kind`,
                deadlineText: sql`excluded.deadline_text`,
                deadlineDate: sql`excluded.deadline_date`,
                deadlineEvery: sql`excluded.deadline_every`,
                unitsInheritedFrom: sql`excluded.units_inherited_from`,
                removedAt: null,
                updatedAt: sql`now()`,
              },
            })
            .returning({ id: tasks.id, number: tasks.number })
          for (const r of rows) idByNumber.set(r.number, r.id)
        }

        if (reassign.length > 0) {
          const taskIds = reassign.map((t) => idByNumber.get(t.number)!)
          for (const part of chunks(taskIds, INSERT_CHUNK)) {
            await tx.delete(assignments).where(inArray(assignments.taskId, part))
          }
          const values = reassign.flatMap((t) =>
            uniqueBy(t.assignments, assignmentKey).map((a) => ({
              taskId: idByNumber.get(t.number)!,
              role: a.role,
              targetType: a.targetType,
              target: a.target,
            })),
          )
          for (const part of chunks(values, INSERT_CHUNK)) await tx.insert(assignments).values(part)
        }

        // Missing from the revision: kept (progress history points at it) but hidden from the book.
        const numbers = input.tasks.map((t) => t.number)
        const removed = await tx
          .update(tasks)
          .set({ removedAt: sql`now()`, updatedAt: sql`now()` })
          .where(
            and(
              eq(tasks.documentId, documentId),
              isNull(tasks.removedAt),
              numbers.length > 0 ? notInArray(tasks.number, numbers) : undefined,
            ),
          )
          .returning({ id: tasks.id })

        return {
          documentId,
          documentCreated: doc.created,
          tasksInserted: inserted,
          tasksUpdated: updated,
          tasksUnchanged: unchanged,
          tasksRemoved: removed.length,
        }
      })
    },

    async loadBook(): Promise<TaskBook> {
      // One snapshot, so the book never mixes two imports: under Postgres' default READ COMMITTED
      // each statement would see the latest commit, so an import landing between the task and the
      // assignment queries would pair old tasks with new assignments.
      return db.transaction(async (tx) => {
        const directory = await loadDirectory(tx)
        const doc = await activeDocument(tx)
        if (!doc) return { document: null, tasks: [], directory }
        const rows = await tx
          .select()
          .from(tasks)
          .where(and(eq(tasks.documentId, doc.id), isNull(tasks.removedAt)))
          .orderBy(asc(tasks.number))
        const byTask = await assignmentsByTask(
          tx,
          rows.map((r) => r.id),
        )
        const bookTasks: BookTask[] = rows.map((r) => ({
          id: r.id,
          documentId: r.documentId,
          number: r.number,
          section: r.section,
          subsection: r.subsection,
          text: r.text,
          deadline: deadlineOf(r),
          unitsInheritedFrom: r.unitsInheritedFrom,
          assignments: (byTask.get(r.id) ?? []).map(toBookAssignment),
        }))
        return { document: doc, tasks: bookTasks, directory }
      }, { isolationLevel: 'repeatable read', accessMode: 'read only' })
    },

    async countTasks(): Promise<number> {
      const doc = await activeDocument(db)
      if (!doc) return 0
      const [row] = await db
        .select({ n: count() })
        .from(tasks)
        .where(and(eq(tasks.documentId, doc.id), isNull(tasks.removedAt)))
      return row?.n ?? 0
    },
  }
}

/**
 * The stored document this import revises, found by its key; rows stored under an older key format
 * (issuer|date|title, or the raw file name) are found by recomputing their key from their columns.
 * A revision updates that row (so its tasks and their reports stay), anything else is a new row.
 */
async function upsertDocument(tx: Executor, input: ImportInput): Promise<{ id: number; created: boolean }> {
  const columns = {
    documentKey: input.documentKey,
    title: input.title,
    issuer: input.issuer,
    issuedOn: input.issuedOn,
    sourceName: input.sourceName,
    contentHash: input.contentHash,
  }
  let [found] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.documentKey, input.documentKey))
  if (!found) {
    const all = await tx
      .select({ id: documents.id, title: documents.title, issuer: documents.issuer, sourceName: documents.sourceName })
      .from(documents)
      .orderBy(desc(documents.importedAt), desc(documents.id))
    found = all.find((d) => documentKey(d) === input.documentKey)
  }
  if (found) {
    // Re-importing makes this document the active one again.
    await tx.update(documents).set({ ...columns, importedAt: sql`now()` }).where(eq(documents.id, found.id))
    return { id: found.id, created: false }
  }
  const [row] = await tx
    .insert(documents)
    .values(columns)
    // A concurrent import of the same new document: the second one revises the first.
    .onConflictDoUpdate({ target: documents.documentKey, set: { ...columns, importedAt: sql`now()` } })
    .returning({ id: documents.id, created: sql<boolean>`(xmax = 0)` })
  if (!row) throw new Error('document upsert returned no row')
  return row
}

async function activeDocument(ex: Executor): Promise<BookDocument | null> {
  const [d] = await ex
    .select()
    .from(documents)
    .orderBy(desc(documents.importedAt), desc(documents.id))
    .limit(1)
  if (!d) return null
  return {
    id: d.id,
    title: d.title,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    sourceName: d.sourceName,
    importedAt: d.importedAt,
  }
}

async function loadDirectory(ex: Executor): Promise<DirectoryData> {
  const [county] = await ex.select().from(settings).where(eq(settings.key, COUNTY_KEY))
  const unitRows = await ex.select().from(units).orderBy(asc(units.id))
  const groupRows = await ex.select().from(unitGroups).orderBy(asc(unitGroups.id))
  const roleRows = await ex.select().from(unitRoles).orderBy(asc(unitRoles.id))
  return {
    county: county?.value ?? '',
    units: unitRows.map((u) => ({ name: u.name, kind: u.kind as UnitKind, aliases: u.aliases })),
    groups: groupRows.map((g) => ({ name: g.name, kinds: g.kinds as UnitKind[], aliases: g.aliases })),
    roles: roleRows.map((r) => ({ name: r.name, scope: r.scope })),
  }
}

async function assignmentsByTask(ex: Executor, taskIds: number[]): Promise<Map<number, AssignmentRow[]>> {
  const out = new Map<number, AssignmentRow[]>()
  if (taskIds.length === 0) return out
  // Insertion order = the order the table listed the units.
  const rows = await ex
    .select()
    .from(assignments)
    .where(inArray(assignments.taskId, taskIds))
    .orderBy(asc(assignments.taskId), asc(assignments.id))
  for (const r of rows) {
    const list = out.get(r.taskId)
    if (list) list.push(r)
    else out.set(r.taskId, [r])
  }
  return out
}

function taskColumns(t: ImportTask) {
  return {
    number: t.number,
    section: t.section,
    subsection: t.subsection,
    text: t.text,
    deadlineKind: t.deadline.kind,
    deadlineText: t.deadline.text ?? null,
    deadlineDate: t.deadline.date ?? null,
    deadlineEvery: t.deadline.every ?? null,
    unitsInheritedFrom: t.unitsInheritedFrom,
  }
}

function sameColumns(row: TaskRow, t: ImportTask): boolean {
  const c = taskColumns(t)
  return (
    row.section === c.section &&
    row.subsection === c.subsection &&
    row.text === c.text &&
    row.deadlineKind === c.deadlineKind &&
    row.deadlineText === c.deadlineText &&
    row.deadlineDate === c.deadlineDate &&
    row.deadlineEvery === c.deadlineEvery &&
    row.unitsInheritedFrom === c.unitsInheritedFrom
  )
}

function sameAssignmentSet(rows: AssignmentRow[], list: BookAssignment[]): boolean {
  // Order matters too: the book lists units in table order.
  const stored = rows.map((r) => assignmentKey(toBookAssignment(r)))
  const wanted = uniqueBy(list, assignmentKey).map(assignmentKey)
  return stored.length === wanted.length && stored.every((k, i) => k === wanted[i])
}

function deadlineOf(r: TaskRow): Deadline {
  const d: Deadline = { kind: r.deadlineKind as Deadline['kind'] }
  if (r.deadlineText !== null) d.text = r.deadlineText
  if (r.deadlineDate !== null) d.date = r.deadlineDate
  if (r.deadlineEvery !== null) d.every = r.deadlineEvery as RecurringEvery
  return d
}

function toBookAssignment(r: AssignmentRow): BookAssignment {
  return {
    role: r.role as BookAssignment['role'],
    targetType: r.targetType as BookAssignment['targetType'],
    target: r.target,
  }
}

function assignmentKey(a: BookAssignment): string {
  return `${a.role}\u0000${a.targetType}\u0000${a.target}`
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/** Appends learnt alternate names to their units in one statement, skipping names a unit already has. */
async function addAliases(tx: Executor, learnt: { unit: string; alias: string }[]): Promise<void> {
  const byUnit = new Map<string, string[]>()
  for (const { unit, alias } of learnt) {
    const list = byUnit.get(unit) ?? []
    if (!list.includes(alias)) list.push(alias)
    byUnit.set(unit, list)
  }
  if (byUnit.size === 0) return
  const rows = [...byUnit].map(([unit, aliases]) => ({ unit, aliases }))
  await tx.execute(sql`
    update "units" set aliases = "units".aliases || array(
      select e.a from json_array_elements_text(v.aliases) with ordinality as e(a, n)
      where not (e.a = any("units".aliases)) order by e.n)
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(unit text, aliases json)
    where "units".name = v.unit`)
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
