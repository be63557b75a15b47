/**
 * From a parsed table to what the store imports: unit names resolved to canonical names, groups and
 * roles kept as themselves, unknown names turned into new units the office should confirm.
 */
import type { AssignmentRole, Deadline, ParsedTable } from '../tasks/model.js'
import { ASSIGNMENT_ROLES } from '../tasks/model.js'
import type { UnitDef } from '../units/model.js'
import type { UnitDirectory } from '../units/directory.js'
import type { BookAssignment, ImportInput, ImportTask } from './ports.js'
import { documentKey } from './documentKey.js'

/** The dry-run JSON: the shape of shared/fixtures/seed-tasks.expected.json. */
export interface TableJson {
  issuer: string | null
  issued_on: string | null
  title: string | null
  task_count: number
  tasks: {
    number: number
    section: string | null
    subsection: string | null
    text: string
    lead: string[]
    responsible: string[]
    guide: string[]
    support: string[]
    deadline: Deadline
    units_inherited_from: number | null
    lead_raw: string[]
    responsible_raw: string[]
    guide_raw: string[]
    support_raw: string[]
  }[]
  new_units: { name: string; kind: string }[]
}

export interface ImportSummary {
  tasks: number
  /** Distinct assignment targets per role. */
  unitsByRole: Record<AssignmentRole, string[]>
  newUnits: UnitDef[]
  deadlinesByKind: Record<string, number>
}

export interface PreparedImport {
  input: ImportInput
  json: TableJson
  summary: ImportSummary
}

export function prepareImport(
  table: ParsedTable,
  dir: UnitDirectory,
  source: { name: string; contentHash: string },
): PreparedImport {
  let known = dir
  const newUnits = new Map<string, UnitDef>()
  const newAliases = new Map<string, { unit: string; alias: string }>()
  const tasks: ImportTask[] = []
  const jsonTasks: TableJson['tasks'] = []
  const unitsByRole: Record<AssignmentRole, Set<string>> = {
    lead: new Set(),
    responsible: new Set(),
    guide: new Set(),
    support: new Set(),
  }
  const deadlinesByKind: Record<string, number> = {}

  for (const t of table.tasks) {
    const assignments: BookAssignment[] = []
    const canonical: Record<AssignmentRole, string[]> = { lead: [], responsible: [], guide: [], support: [] }
    for (const role of ASSIGNMENT_ROLES) {
      const { resolved, newUnits: created, aliasesAdded } = known.resolveList(t[role])
      for (const u of created) newUnits.set(u.name, u)
      // A unit created here is known to later lists, so 县医保局 and 县医疗保障局 make one unit, not two.
      if (created.length) known = known.withUnits(created)
      for (const a of aliasesAdded) newAliases.set(`${a.unit}|${a.alias}`, a)
      for (const r of resolved) {
        if (canonical[role].includes(r.name)) continue
        canonical[role].push(r.name)
        assignments.push({ role, targetType: r.type, target: r.name })
        unitsByRole[role].add(r.name)
      }
    }
    deadlinesByKind[t.deadline.kind] = (deadlinesByKind[t.deadline.kind] ?? 0) + 1
    tasks.push({
      number: t.number,
      section: t.section,
      subsection: t.subsection,
      text: t.text,
      deadline: t.deadline,
      unitsInheritedFrom: t.unitsInheritedFrom,
      assignments,
    })
    jsonTasks.push({
      number: t.number,
      section: t.section,
      subsection: t.subsection,
      text: t.text,
      ...canonical,
      deadline: t.deadline,
      units_inherited_from: t.unitsInheritedFrom,
      lead_raw: t.lead,
      responsible_raw: t.responsible,
      guide_raw: t.guide,
      support_raw: t.support,
    })
  }

  const created = [...newUnits.values()]
  return {
    input: {
      documentKey: documentKey({ title: table.title, issuer: table.issuer, sourceName: source.name }),
      title: table.title,
      issuer: table.issuer,
      issuedOn: table.issuedOn,
      sourceName: source.name,
      contentHash: source.contentHash,
      newUnits: created,
      newAliases: [...newAliases.values()],
      tasks,
    },
    json: {
      issuer: table.issuer,
      issued_on: table.issuedOn,
      title: table.title,
      task_count: tasks.length,
      tasks: jsonTasks,
      new_units: created.map((u) => ({ name: u.name, kind: u.kind })),
    },
    summary: {
      tasks: tasks.length,
      unitsByRole: {
        lead: [...unitsByRole.lead],
        responsible: [...unitsByRole.responsible],
        guide: [...unitsByRole.guide],
        support: [...unitsByRole.support],
      },
      newUnits: created,
      deadlinesByKind,
    },
  }
}

const DEADLINE_KIND_LABEL: Record<string, string> = {
  date: '具体日期',
  recurring: '周期性',
  ongoing: '持续推进',
  relative: '相对时限',
  none: '其他表述',
}
const ROLE_LABEL: Record<AssignmentRole, string> = { lead: '牵头', responsible: '责任', guide: '指导', support: '配合' }

/** The import summary printed by the CLI, in plain Chinese. */
export function formatImportSummary(summary: ImportSummary, result?: { tasksInserted: number; tasksUpdated: number; tasksUnchanged: number; tasksRemoved: number }): string {
  const lines = [`任务 ${summary.tasks} 项。`]
  if (result) {
    lines.push(`新增 ${result.tasksInserted} 项，更新 ${result.tasksUpdated} 项，未变 ${result.tasksUnchanged} 项${result.tasksRemoved ? `，新表已删除 ${result.tasksRemoved} 项（保留原进度）` : ''}。`)
  }
  for (const role of ASSIGNMENT_ROLES) {
    const names = summary.unitsByRole[role]
    if (names.length) lines.push(`${ROLE_LABEL[role]}单位 ${names.length} 个：${names.join('、')}`)
  }
  lines.push(
    '完成时限：' +
      Object.entries(summary.deadlinesByKind)
        .map(([k, n]) => `${DEADLINE_KIND_LABEL[k] ?? k} ${n} 项`)
        .join('，'),
  )
  if (summary.newUnits.length) {
    lines.push(`单位名录中没有、已新建的单位 ${summary.newUnits.length} 个，请核对：${summary.newUnits.map((u) => u.name).join('、')}`)
  } else lines.push('所有单位均已在单位名录中。')
  return lines.join('\n')
}
