/**
 * From a parsed table to what the store imports: unit names resolved to canonical names, groups and
 * roles kept as themselves, unknown names turned into new units the office should confirm.
 */
import type { AssignmentRole, Deadline, ParsedTable, UnparsedLine } from '../tasks/model.js'
import { ASSIGNMENT_ROLES } from '../tasks/model.js'
import type { UnitDef } from '../units/model.js'
import type { UnitDirectory } from '../units/directory.js'
import { directoryForPlace } from '../units/place.js'
import type { BookAssignment, ImportInput, ImportTask, RevisionDiff, TaskRevision } from './ports.js'
import { clip } from '../replies/pages.js'
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
  /** Only when the table names another place than the directory's county (see directoryForPlace). */
  other_place?: string
  /** Lines or rows of the file that became no task (see ParsedTable.unparsed). */
  unparsed: UnparsedLine[]
  /** Tasks that share the units of the task above (a merged or empty unit cell). */
  units_inherited: number
}

export interface ImportSummary {
  tasks: number
  /** Distinct assignment targets per role. */
  unitsByRole: Record<AssignmentRole, string[]>
  newUnits: UnitDef[]
  deadlinesByKind: Record<string, number>
  /** The place the table names when it is not the directory's county (its names were not read through it). */
  otherPlace?: string
  /** Lines or rows with text that became no task: shown before anything is imported. */
  unparsed: UnparsedLine[]
  /** Tasks whose units came from the task above (unitsInheritedFrom). */
  unitsInherited: number
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
  // Another place's table is read with that place's prefixes, not this county's units and aliases.
  const forPlace = directoryForPlace(dir, table)
  let known = forPlace.dir
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
      ...(t.label ? { label: t.label } : {}),
      section: t.section,
      subsection: t.subsection,
      text: t.text,
      deadline: t.deadline,
      unitsInheritedFrom: t.unitsInheritedFrom,
      assignments,
    })
    jsonTasks.push({
      number: t.number,
      ...(t.label ? { label: t.label } : {}),
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
  // Tables built before ParsedTable.unparsed existed (an isolated reader's older answer) have none.
  const unparsed = table.unparsed ?? []
  const unitsInherited = table.tasks.filter((t) => t.unitsInheritedFrom !== null).length
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
      ...(forPlace.otherPlace ? { other_place: forPlace.otherPlace } : {}),
      unparsed,
      units_inherited: unitsInherited,
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
      ...(forPlace.otherPlace ? { otherPlace: forPlace.otherPlace } : {}),
      unparsed,
      unitsInherited,
    },
  }
}

/** At most this many unparsed lines are quoted in the summary; the rest are counted. */
const UNPARSED_LISTED = 10

/** "未识别的行：第12行“……”；…" and how many tasks share the units above, or nothing. */
export function formatUnparsed(summary: Pick<ImportSummary, 'unparsed' | 'unitsInherited'>): string[] {
  const lines: string[] = []
  const unparsed = summary.unparsed ?? []
  if (unparsed.length) {
    const listed = unparsed.slice(0, UNPARSED_LISTED).map((u) => `${u.where ?? ''}第${u.line}行“${clip(u.text, 30)}”`)
    const more = unparsed.length > UNPARSED_LISTED ? `；另有 ${unparsed.length - UNPARSED_LISTED} 行` : ''
    lines.push(`未识别的行：${listed.join('；')}${more}（共 ${unparsed.length} 行，未导入，请核对）`)
  }
  if (summary.unitsInherited) lines.push(`沿用上一项落实单位的任务（合并单元格或空单元格）${summary.unitsInherited} 项。`)
  return lines
}

const DEADLINE_KIND_LABEL: Record<string, string> = {
  date: '具体日期',
  recurring: '周期性',
  ongoing: '持续推进',
  relative: '相对时限',
  none: '其他表述',
}
const ROLE_LABEL: Record<AssignmentRole, string> = { lead: '牵头', responsible: '责任', guide: '指导', support: '配合' }

/** The import summary printed by the CLI and the chat, in plain Chinese; with a diff, what the import changes. */
export function formatImportSummary(summary: ImportSummary, diff?: RevisionDiff): string {
  const lines = [`任务 ${summary.tasks} 项。`]
  if (summary.otherPlace) lines.push(`此表属于${summary.otherPlace}，单位名称按${summary.otherPlace}读取，未套用本地单位名录。`)
  if (diff) lines.push(...formatRevisionDiff(diff))
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
  lines.push(...formatUnparsed(summary))
  return lines.join('\n')
}

const contentChanged = (c: TaskRevision) => c.previousText !== null || c.unitsAdded.length > 0 || c.unitsRemoved.length > 0 || c.deadlineChanged

/** "原第3至58项改为第2至57项": renumbered tasks in runs with the same shift. */
function renumberRuns(list: TaskRevision[]): string[] {
  const sorted = [...list].sort((a, b) => a.previousNumber - b.previousNumber)
  const runs: { from: number; to: number; shift: number }[] = []
  for (const c of sorted) {
    const shift = c.number - c.previousNumber
    const last = runs[runs.length - 1]
    if (last && last.shift === shift && c.previousNumber === last.to + 1) last.to = c.previousNumber
    else runs.push({ from: c.previousNumber, to: c.previousNumber, shift })
  }
  return runs.map((r) =>
    r.from === r.to ? `原第${r.from}项改为第${r.from + r.shift}项` : `原第${r.from}至${r.to}项改为第${r.from + r.shift}至${r.to + r.shift}项`,
  )
}

/**
 * What an import changes, one block per kind: the counts, then removed, added, changed and
 * renumbered tasks, and the reporting units a task no longer has. Reports never move silently.
 */
export function formatRevisionDiff(diff: RevisionDiff): string[] {
  const lines: string[] = []
  if (diff.document === 'new') lines.push(`这是一份新的任务分解表，简称“${diff.documentName}”（群内可写“${diff.documentName}第1项”）。`)
  else lines.push(`这是“${diff.documentName}”的修订版。`)
  const changed = diff.changed.filter(contentChanged)
  const renumbered = diff.changed.filter((c) => c.number !== c.previousNumber)
  const counts = [
    `新增 ${diff.added.length} 项`,
    diff.removed.length ? `删除 ${diff.removed.length} 项` : '',
    changed.length ? `内容修改 ${changed.length} 项` : '',
    renumbered.length ? `编号变动 ${renumbered.length} 项` : '',
    `未变 ${diff.unchanged} 项`,
  ].filter(Boolean)
  lines.push(`${diff.document === 'revision' ? '与现有任务表相比：' : ''}${counts.join('，')}。`)
  if (diff.document === 'new') return lines
  if (diff.removed.length) {
    lines.push(
      `删除（任务和进度保留，不再作为现有任务显示）：` +
        diff.removed.map((r) => `原第${r.number}项 ${clip(r.text, 20)}${r.reported ? `（已有 ${r.reported} 个单位报送进度）` : ''}`).join('；'),
    )
  }
  if (diff.added.length) lines.push(`新增：${diff.added.map((a) => `第${a.number}项 ${clip(a.text, 20)}`).join('；')}`)
  if (changed.length) {
    lines.push(
      '内容修改：' +
        changed
          .map((c) => {
            const what = [
              c.previousText !== null ? '文字' : '',
              c.unitsAdded.length ? `增加${c.unitsAdded.join('、')}` : '',
              c.unitsRemoved.length ? `减少${c.unitsRemoved.join('、')}` : '',
              c.deadlineChanged ? '完成时限' : '',
            ].filter(Boolean)
            return `第${c.number}项${c.number !== c.previousNumber ? `（原第${c.previousNumber}项）` : ''}（${what.join('，')}）`
          })
          .join('；'),
    )
  }
  if (renumbered.length) lines.push(`编号变动（进度随任务）：${renumberRuns(renumbered).join('；')}`)
  const dropped = diff.changed.flatMap((c) => c.droppedReporters.map((d) => `第${c.number}项 ${d.unit}（原${ROLE_LABEL[d.role]}）`))
  if (dropped.length) lines.push(`已报送进度、但新表中不再负责的单位（进度保留并标注）：${dropped.join('；')}`)
  return lines
}
