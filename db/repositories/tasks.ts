import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import type {
  BookAssignment,
  BookDocument,
  BookTask,
  FormerUnit,
  ImportInput,
  ImportOptions,
  ImportResult,
  RevisionDiff,
  ImportTask,
  TaskBook,
  TaskStore,
} from '../../src/ledger/ports.js'
import { documentKey, shortNameOf } from '../../src/ledger/documentKey.js'
import { diffRevision, matchRevision, type StoredTask } from '../../src/ledger/revision.js'
import { unitsOfTask } from '../../src/ledger/book.js'
import { createUnitDirectory } from '../../src/units/directory.js'
import type { Deadline, RecurringEvery } from '../../src/tasks/model.js'
import type { DirectoryData, UnitKind } from '../../src/units/model.js'
import type { Db, Executor } from '../client.js'
import {
  assignments,
  documents,
  progressLatest,
  settings,
  taskFormerUnits,
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

export function createTaskStore({ db, officeId }: { db: Db; officeId: number }): TaskStore {
  const office = officeId
  return {
    async seedDirectory(data: DirectoryData): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .insert(settings)
          .values({ officeId: office, key: COUNTY_KEY, value: data.county })
          .onConflictDoUpdate({ target: [settings.officeId, settings.key], set: { value: data.county } })
        if (data.units.length > 0) {
          await tx
            .insert(units)
            .values(
              uniqueBy(data.units, (u) => u.name).map((u) => ({
                officeId: office,
                name: u.name,
                kind: u.kind,
                aliases: u.aliases,
                confirmed: true,
              })),
            )
            // The seed is the office's own list: it wins, and confirms an import-created unit.
            .onConflictDoUpdate({
              target: [units.officeId, units.name],
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
            .values(uniqueBy(data.groups, (g) => g.name).map((g) => ({ officeId: office, name: g.name, kinds: g.kinds, aliases: g.aliases })))
            .onConflictDoUpdate({
              target: [unitGroups.officeId, unitGroups.name],
              set: { kinds: sql`excluded.kinds`, aliases: sql`excluded.aliases` },
            })
        }
        if (data.roles.length > 0) {
          await tx
            .insert(unitRoles)
            .values(uniqueBy(data.roles, (r) => r.name).map((r) => ({ officeId: office, name: r.name, scope: r.scope })))
            .onConflictDoUpdate({ target: [unitRoles.officeId, unitRoles.name], set: { scope: sql`excluded.scope` } })
        }
      })
    },

    async importTable(input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
      const seen = new Set<number>()
      for (const t of input.tasks) {
        if (seen.has(t.number)) throw new Error(`任务分解表中第${t.number}项重复 (duplicate task number ${t.number})`)
        seen.add(t.number)
      }

      return db.transaction(async (tx) => {
        const found = options.into != null ? await documentById(tx, office, options.into) : await findDocument(tx, office, input.documentKey)
        if (options.into != null && !found) throw new Error(`未找到要修订的文件（id ${options.into}）`)
        const existingRows = found ? await tx.select().from(tasks).where(eq(tasks.documentId, found.id)) : []
        const existingAssignments = await assignmentsByTask(
          tx,
          existingRows.map((r) => r.id),
        )
        const stored: StoredTask[] = existingRows.map((r) => ({
          ...bookTaskOf(r, existingAssignments.get(r.id) ?? []),
          retired: r.removedAt !== null,
        }))
        const rowById = new Map(existingRows.map((r) => [r.id, r]))
        const match = matchRevision(stored, input.tasks)

        const directory = createUnitDirectory(await loadDirectory(tx, office))
        const documentName = found ? found.shortName : await freeShortName(tx, office, shortNameOf(input.title))
        const diff = diffRevision(match, {
          document: found ? 'revision' : 'new',
          documentName,
          reporters: await reportersByTask(tx, existingRows.map((r) => r.id)),
          unitsOf: (list) => unitsOfTask({ assignments: list }, directory),
        })

        let unchanged = 0
        /** Matched rows whose columns (number included) change. */
        const rewrite: { id: number; task: ImportTask }[] = []
        /** Tasks whose assignments are (re)written, with their row id once known. */
        const reassign: { id?: number; task: ImportTask }[] = []
        for (const { stored: s, incoming: t } of match.pairs) {
          const row = rowById.get(s.id)!
          const sameRow = row.removedAt === null && sameColumns(row, t)
          const sameAssignments = sameAssignmentSet(existingAssignments.get(row.id) ?? [], t.assignments)
          if (sameRow && sameAssignments) {
            unchanged++
            continue
          }
          if (!sameRow) rewrite.push({ id: row.id, task: t })
          if (!sameAssignments) reassign.push({ id: row.id, task: t })
        }
        const counts = {
          tasksInserted: match.added.length,
          tasksUpdated: match.pairs.length - unchanged,
          tasksUnchanged: unchanged,
          tasksRemoved: match.retired.length,
        }
        // Nothing is written for a plan, nor for a revision that moves reported tasks unconfirmed.
        if (options.dryRun || (diff.needsConfirmation && !options.confirmed)) {
          return { applied: false, diff, documentId: found?.id ?? null, documentCreated: false, ...counts }
        }

        const doc = await writeDocument(tx, office, input, found, documentName)
        const documentId = doc.id

        if (input.newUnits.length > 0) {
          await tx
            .insert(units)
            .values(
              uniqueBy(input.newUnits, (u) => u.name).map((u) => ({
                officeId: office,
                name: u.name,
                kind: u.kind,
                aliases: u.aliases,
                createdByImport: true,
                confirmed: false,
              })),
            )
            .onConflictDoNothing({ target: [units.officeId, units.name] })
        }

        await addAliases(tx, office, input.newAliases ?? [])

        // Retired first, and renumbered rows out of the way, so no number is held twice mid-update.
        const retiredIds = match.retired.map((r) => r.id)
        for (const part of chunks(retiredIds, INSERT_CHUNK)) {
          await tx.update(tasks).set({ removedAt: sql`now()`, updatedAt: sql`now()` }).where(inArray(tasks.id, part))
        }
        const moving = rewrite.filter(({ id, task }) => rowById.get(id)!.number !== task.number || rowById.get(id)!.removedAt !== null)
        for (const part of chunks(moving.map((m) => m.id), INSERT_CHUNK)) {
          await tx.update(tasks).set({ number: sql`-${tasks.id}` }).where(inArray(tasks.id, part))
        }
        for (const part of chunks(rewrite, INSERT_CHUNK)) {
          const rows = part.map(({ id, task }) => ({ id, ...taskColumns(task) }))
          await tx.execute(sql`
            update "tasks" set number = v."number", label = v.label, section = v.section, subsection = v.subsection, text = v.text,
              deadline_kind = v."deadlineKind", deadline_text = v."deadlineText", deadline_date = v."deadlineDate"::date,
              deadline_every = v."deadlineEvery", units_inherited_from = v."unitsInheritedFrom",
              removed_at = null, updated_at = now()
            from json_to_recordset(${JSON.stringify(rows)}::json) as v(id int, "number" int, label text, section text, subsection text,
              text text, "deadlineKind" text, "deadlineText" text, "deadlineDate" text, "deadlineEvery" text, "unitsInheritedFrom" int)
            where "tasks".id = v.id`)
        }
        for (const part of chunks(match.added, INSERT_CHUNK)) {
          const rows = await tx
            .insert(tasks)
            .values(part.map((t) => ({ documentId, ...taskColumns(t) })))
            .returning({ id: tasks.id })
          rows.forEach((r, k) => reassign.push({ id: r.id, task: part[k]! }))
        }

        if (reassign.length > 0) {
          for (const part of chunks(reassign.map((r) => r.id!), INSERT_CHUNK)) {
            await tx.delete(assignments).where(inArray(assignments.taskId, part))
          }
          const values = reassign.flatMap(({ id, task: t }) =>
            uniqueBy(t.assignments, assignmentKey).map((a) => ({
              taskId: id!,
              role: a.role,
              targetType: a.targetType,
              target: a.target,
            })),
          )
          for (const part of chunks(values, INSERT_CHUNK)) await tx.insert(assignments).values(part)
        }

        await keepFormerUnits(tx, diff, reassign, (list) => unitsOfTask({ assignments: list }, directory))

        return { applied: true, diff, documentId, documentCreated: doc.created, ...counts }
      })
    },

    async loadBook(options: { archived?: boolean } = {}): Promise<TaskBook> {
      // One snapshot, so the book never mixes two imports: under Postgres' default READ COMMITTED
      // each statement would see the latest commit, so an import landing between the task and the
      // assignment queries would pair old tasks with new assignments.
      return db.transaction(async (tx) => {
        const directory = await loadDirectory(tx, office)
        const docs = await officeDocuments(tx, office, options.archived ?? false)
        if (!docs.length) return { documents: [], tasks: [], directory }
        const issuedOn = new Map(docs.map((d) => [d.id, d.issuedOn]))
        const order = new Map(docs.map((d, i) => [d.id, i]))
        const rows = (
          await tx
            .select()
            .from(tasks)
            .where(and(inArray(tasks.documentId, docs.map((d) => d.id)), isNull(tasks.removedAt)))
            .orderBy(asc(tasks.number))
        ).sort((a, b) => order.get(a.documentId)! - order.get(b.documentId)! || a.number - b.number)
        const byTask = await assignmentsByTask(
          tx,
          rows.map((r) => r.id),
        )
        const former = await formerUnitsByTask(
          tx,
          rows.map((r) => r.id),
        )
        const bookTasks: BookTask[] = rows.map((r) => {
          const t = { ...bookTaskOf(r, byTask.get(r.id) ?? []), since: issuedOn.get(r.documentId) ?? null }
          const f = former.get(r.id)
          return f ? { ...t, formerUnits: f } : t
        })
        return { documents: docs, tasks: bookTasks, directory }
      }, { isolationLevel: 'repeatable read', accessMode: 'read only' })
    },

    async countTasks(): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(tasks)
        .innerJoin(documents, eq(documents.id, tasks.documentId))
        .where(and(eq(documents.officeId, office), isNull(documents.archivedAt), isNull(tasks.removedAt)))
      return row?.n ?? 0
    },

    async setArchived(documentId, archived) {
      const rows = await db
        .update(documents)
        .set({ archivedAt: archived ? sql`now()` : null })
        .where(and(eq(documents.officeId, office), eq(documents.id, documentId), archived ? isNull(documents.archivedAt) : isNotNull(documents.archivedAt)))
        .returning({ id: documents.id })
      return rows.length > 0
    },

    async renameDocument(documentId, shortName) {
      const rows = await db
        .update(documents)
        .set({ shortName })
        .where(
          and(
            eq(documents.officeId, office),
            eq(documents.id, documentId),
            sql`not exists (select 1 from ${documents} d where d.office_id = ${office} and d.short_name = ${shortName} and d.id <> ${documentId})`,
          ),
        )
        .returning({ id: documents.id })
      return rows.length > 0
    },
  }
}

/**
 * The stored document an import revises, found by its key; rows stored under an older key format
 * (issuer|date|title, or the raw file name) are found by recomputing their key from their columns.
 */
async function findDocument(tx: Executor, office: number, key: string): Promise<StoredDocument | null> {
  const mine = eq(documents.officeId, office)
  const [exact] = await tx.select({ id: documents.id, shortName: documents.shortName }).from(documents).where(and(mine, eq(documents.documentKey, key)))
  if (exact) return exact
  const all = await tx
    .select({ id: documents.id, shortName: documents.shortName, title: documents.title, issuer: documents.issuer, sourceName: documents.sourceName })
    .from(documents)
    .where(mine)
    .orderBy(desc(documents.importedAt), desc(documents.id))
  return all.find((d) => documentKey(d) === key) ?? null
}

type StoredDocument = { id: number; shortName: string }

async function documentById(tx: Executor, office: number, id: number): Promise<StoredDocument | null> {
  const [row] = await tx.select({ id: documents.id, shortName: documents.shortName }).from(documents).where(and(eq(documents.officeId, office), eq(documents.id, id)))
  return row ?? null
}

/**
 * The wanted short name, or with a number when another document of the office has it (营商环境2);
 * without one, 文件N after the office's documents.
 */
async function freeShortName(tx: Executor, office: number, wanted: string | null): Promise<string> {
  const taken = new Set((await tx.select({ n: documents.shortName }).from(documents).where(eq(documents.officeId, office))).map((r) => r.n))
  const base = wanted ?? '文件'
  if (wanted && !taken.has(wanted)) return wanted
  for (let k = wanted ? 2 : taken.size + 1; ; k++) if (!taken.has(`${base}${k}`)) return `${base}${k}`
}

/** A revision updates its document's row (so its tasks and their reports stay); anything else is a new row. */
async function writeDocument(
  tx: Executor,
  office: number,
  input: ImportInput,
  found: { id: number } | null,
  shortName: string,
): Promise<{ id: number; created: boolean }> {
  const columns = {
    documentKey: input.documentKey,
    title: input.title,
    issuer: input.issuer,
    issuedOn: input.issuedOn,
    sourceName: input.sourceName,
    contentHash: input.contentHash,
  }
  if (found) {
    // Re-importing an archived document brings it back: the office is working on it again.
    await tx.update(documents).set({ ...columns, archivedAt: null, importedAt: sql`now()` }).where(eq(documents.id, found.id))
    return { id: found.id, created: false }
  }
  const [row] = await tx
    .insert(documents)
    .values({ ...columns, officeId: office, shortName })
    // A concurrent import of the same new document: the second one revises the first.
    .onConflictDoUpdate({ target: [documents.officeId, documents.documentKey], set: { ...columns, importedAt: sql`now()` } })
    // xmax = 0 only on a freshly inserted row version: tells insert from update in one statement.
    .returning({ id: documents.id, created: sql<boolean>`(xmax = 0)` })
  if (!row) throw new Error('document upsert returned no row')
  return row
}

/** Units with a current (newest unrevoked) report, per task. */
async function reportersByTask(ex: Executor, taskIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  for (const part of chunks(taskIds, INSERT_CHUNK)) {
    const rows = await ex
      .select({ taskId: progressLatest.taskId, unit: progressLatest.unit })
      .from(progressLatest)
      .where(inArray(progressLatest.taskId, part))
    for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), r.unit])
  }
  return out
}

/**
 * A reporting unit the revision drops stays listed with the task (its reports marked); one a
 * revision assigns again is no longer former.
 */
async function keepFormerUnits(
  tx: Executor,
  diff: RevisionDiff,
  reassigned: { id?: number; task: ImportTask }[],
  unitsOf: (list: BookAssignment[]) => Map<string, unknown>,
): Promise<void> {
  const again = reassigned.flatMap(({ id, task }) => [...unitsOf(task.assignments).keys()].map((unit) => ({ taskId: id!, unit })))
  if (again.length) {
    await tx.execute(sql`
      delete from "task_former_units" f using json_to_recordset(${JSON.stringify(again)}::json) as v("taskId" int, unit text)
      where f.task_id = v."taskId" and f.unit = v.unit`)
  }
  const dropped = diff.changed.flatMap((c) => c.droppedReporters.map((d) => ({ taskId: c.taskId, unit: d.unit, role: d.role })))
  for (const part of chunks(dropped, INSERT_CHUNK)) await tx.insert(taskFormerUnits).values(part).onConflictDoNothing()
}

/** The office's documents in import order (first imported first): the active ones, and the archived ones with `archived`. */
async function officeDocuments(ex: Executor, office: number, archived: boolean): Promise<BookDocument[]> {
  // All of them, so that 文件N counts archived ones too and stays the same document.
  const rows = await ex.select().from(documents).where(eq(documents.officeId, office)).orderBy(asc(documents.id))
  return rows.flatMap((d, i) => (archived || d.archivedAt === null ? [d] : []).map((d) => ({
    id: d.id,
    shortName: d.shortName,
    ordinal: i + 1,
    archived: d.archivedAt !== null,
    title: d.title,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    sourceName: d.sourceName,
    importedAt: d.importedAt,
  })))
}

async function loadDirectory(ex: Executor, office: number): Promise<DirectoryData> {
  const [county] = await ex.select().from(settings).where(and(eq(settings.officeId, office), eq(settings.key, COUNTY_KEY)))
  const unitRows = await ex.select().from(units).where(eq(units.officeId, office)).orderBy(asc(units.id))
  const groupRows = await ex.select().from(unitGroups).where(eq(unitGroups.officeId, office)).orderBy(asc(unitGroups.id))
  const roleRows = await ex.select().from(unitRoles).where(eq(unitRoles.officeId, office)).orderBy(asc(unitRoles.id))
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

async function formerUnitsByTask(ex: Executor, taskIds: number[]): Promise<Map<number, FormerUnit[]>> {
  const out = new Map<number, FormerUnit[]>()
  for (const part of chunks(taskIds, INSERT_CHUNK)) {
    const rows = await ex
      .select()
      .from(taskFormerUnits)
      .where(inArray(taskFormerUnits.taskId, part))
      .orderBy(asc(taskFormerUnits.taskId), asc(taskFormerUnits.droppedAt), asc(taskFormerUnits.unit))
    for (const r of rows) out.set(r.taskId, [...(out.get(r.taskId) ?? []), { unit: r.unit, role: r.role as FormerUnit['role'] }])
  }
  return out
}

function taskColumns(t: ImportTask) {
  return {
    number: t.number,
    label: t.label ?? null,
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
    row.number === c.number &&
    row.label === c.label &&
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

function bookTaskOf(r: TaskRow, rows: AssignmentRow[]): BookTask {
  return {
    id: r.id,
    documentId: r.documentId,
    number: r.number,
    ...(r.label !== null ? { label: r.label } : {}),
    section: r.section,
    subsection: r.subsection,
    text: r.text,
    deadline: deadlineOf(r),
    unitsInheritedFrom: r.unitsInheritedFrom,
    assignments: rows.map(toBookAssignment),
  }
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
async function addAliases(tx: Executor, office: number, learnt: { unit: string; alias: string }[]): Promise<void> {
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
    where "units".office_id = ${office} and "units".name = v.unit`)
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
