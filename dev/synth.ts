/**
 * A synthetic ledger N times the seed, for benchmarks (`npm run cli -- synth --scale N --db …`).
 *
 * Built from the real seed's shape: copy k of the seed table is one more document whose units are
 * copy k of the seed directory (same kinds, aliases, groups, roles, deadline kinds, role mix). Copy 0
 * keeps the real names and is imported last, so it is the active document and the seed's own
 * questions (我单位负责什么, 发改局有哪些任务, 第57项) still mean what they mean at seed scale.
 * Per copy: 30 bound liaisons, one enabled room, 1,000 progress reports. Everything goes through the
 * real stores (seedDirectory, importTable, bind, setEnabled, record in batches). Deterministic: the
 * same N gives the same ledger, and running it twice adds nothing (keys are stable).
 */
import type { Logger } from '../src/ledger/context.js'
import type { BookAssignment, ImportInput, NewProgressReport, ReportStatus, Stores } from '../src/ledger/ports.js'
import type { DirectoryData } from '../src/units/model.js'
import { createUnitDirectory } from '../src/units/directory.js'
import { prepareFile, readSeedDirectory, seedTableFiles } from '../bot/openLedger.js'

export const LIAISONS_PER_COPY = 30
export const REPORTS_PER_COPY = 1000
const REPORT_BATCH = 1000

export interface SynthOptions {
  scale: number
  seedDir: string
  log?: Logger
  /** Deterministic pseudo-random seed. */
  seed?: number
}

export interface SynthResult {
  scale: number
  documents: number
  tasks: number
  units: number
  liaisons: number
  rooms: number
  reports: number
  /** Wall time of each phase, ms. */
  ms: { directory: number; import: number; liaisons: number; rooms: number; reports: number; total: number }
}

/** Copy k of a unit (or alias) name; copy 0 is the real name. */
export function copyName(name: string, k: number): string {
  return k === 0 ? name : `${name}-${String(k).padStart(3, '0')}`
}

/** The contact id of liaison i of copy k (stable, so re-running binds the same people). */
export const synthContactId = (k: number, i: number) => `synth:${k}:${i}`
export const synthRoomTopic = (k: number) => (k === 0 ? '政务公开工作群' : `政务公开工作群-${String(k).padStart(3, '0')}`)

/** N copies of the seed directory: units copied per copy; groups and roles (defined by kind) shared. */
export function scaleDirectory(seed: DirectoryData, scale: number): DirectoryData {
  const units = []
  for (let k = 0; k < scale; k++) {
    for (const u of seed.units) units.push({ name: copyName(u.name, k), kind: u.kind, aliases: u.aliases.map((a) => copyName(a, k)) })
  }
  return { county: seed.county, units, groups: seed.groups, roles: seed.roles }
}

/** Copy k of a prepared seed import: its own document key and unit names, the same tasks and roles. */
export function copyImport(input: ImportInput, k: number): ImportInput {
  if (k === 0) return input
  const rename = (a: BookAssignment): BookAssignment => (a.targetType === 'unit' ? { ...a, target: copyName(a.target, k) } : a)
  return {
    ...input,
    documentKey: `${input.documentKey}#synth-${k}`,
    title: input.title ? `${input.title}（合成副本${k}）` : `合成副本${k}`,
    sourceName: `synth-${k}-${input.sourceName}`,
    contentHash: `${input.contentHash}:${k}`,
    newUnits: input.newUnits.map((u) => ({ ...u, name: copyName(u.name, k), aliases: u.aliases.map((a) => copyName(a, k)) })),
    newAliases: (input.newAliases ?? []).map((x) => ({ unit: copyName(x.unit, k), alias: copyName(x.alias, k) })),
    tasks: input.tasks.map((t) => ({ ...t, assignments: t.assignments.map(rename) })),
  }
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STATUS_MIX: [ReportStatus, number][] = [
  ['done', 0.4],
  ['in_progress', 0.45],
  ['not_started', 0.1],
  ['blocked', 0.05],
]
const NOTES = ['已在门户网站公开', '正在梳理清单', '已完成初稿', '需县政府办协调', null, null, null]

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!
}

function pickStatus(r: () => number): ReportStatus {
  let x = r()
  for (const [s, p] of STATUS_MIX) {
    if (x < p) return s
    x -= p
  }
  return 'in_progress'
}

export async function synthesize(stores: Stores, opts: SynthOptions): Promise<SynthResult> {
  const scale = opts.scale
  if (!Number.isInteger(scale) || scale < 1 || scale > 10_000) throw new Error('--scale 应为 1 到 10000 之间的整数')
  const log = opts.log
  const t0 = performance.now()
  const seed = await readSeedDirectory(opts.seedDir)
  if (!seed) throw new Error(`找不到单位名录（${opts.seedDir}/*units.json）`)
  const files = await seedTableFiles(opts.seedDir)
  if (!files.length) throw new Error(`${opts.seedDir} 中没有任务分解表`)

  let mark = performance.now()
  await stores.tasks.seedDirectory(scaleDirectory(seed, scale))
  const msDirectory = performance.now() - mark

  // Parse each seed table once against the real directory; copies only rename units.
  const seedDir = createUnitDirectory(seed)
  const prepared = []
  for (const f of files) prepared.push((await prepareFile(f, seedDir)).input)

  // Copy 0 last: it stays the one active document; every other copy is the office's history,
  // archived once its reports are written (an archived document keeps its rows, as a past year's
  // table does), so the chat answers from one table while the database holds them all.
  const r = rng(opts.seed ?? 20220825)
  let tasks = 0
  let reports = 0
  let msImport = 0
  let msReports = 0
  for (let k = scale - 1; k >= 0; k--) {
    mark = performance.now()
    const ids = new Map<number, number>()
    const copies = prepared.map((input) => copyImport(input, k))
    const documentIds: number[] = []
    for (const copy of copies) {
      const result = await stores.tasks.importTable(copy, { confirmed: true })
      if (result.documentId != null) documentIds.push(result.documentId)
      tasks += copy.tasks.length
    }
    for (const t of (await stores.tasks.loadBook()).tasks) if (documentIds.includes(t.documentId)) ids.set(t.number, t.id)
    msImport += performance.now() - mark
    mark = performance.now()
    reports += await synthReports(stores, copies, ids, k, r)
    if (k > 0) for (const id of documentIds) await stores.tasks.setArchived(id, true)
    msReports += performance.now() - mark
    if (k % 20 === 0) log?.info({ copy: k }, 'synth: documents imported')
  }

  mark = performance.now()
  const liaisonUnits = seed.units.slice(0, LIAISONS_PER_COPY)
  let liaisons = 0
  for (let k = 0; k < scale; k++) {
    for (let i = 0; i < liaisonUnits.length; i++) {
      await stores.liaisons.bind({
        contactId: synthContactId(k, i),
        name: `联络员${k}-${i}`,
        alias: null,
        unit: copyName(liaisonUnits[i]!.name, k),
        boundBy: 'synth',
      })
      liaisons++
    }
  }
  const msLiaisons = performance.now() - mark

  mark = performance.now()
  for (let k = 0; k < scale; k++) await stores.rooms.setEnabled(`synth-room-${k}`, synthRoomTopic(k), true)
  const msRooms = performance.now() - mark

  const result: SynthResult = {
    scale,
    documents: scale * prepared.length,
    tasks,
    units: scale * seed.units.length,
    liaisons,
    rooms: scale,
    reports,
    ms: {
      directory: Math.round(msDirectory),
      import: Math.round(msImport),
      liaisons: Math.round(msLiaisons),
      rooms: Math.round(msRooms),
      reports: Math.round(msReports),
      total: Math.round(performance.now() - t0),
    },
  }
  log?.info(result, 'synth: done')
  return result
}

/** One report on a (task, unit) pair in the status mix, stamped within `days` of September 1st. */
function synthReport(r: () => number, p: { taskId: number; unit: string }, sourceMessageId: string, days: number): NewProgressReport {
  const status = pickStatus(r)
  return {
    taskId: p.taskId,
    unit: p.unit,
    status,
    percent: status === 'done' ? 100 : status === 'in_progress' ? 10 * (1 + Math.floor(r() * 9)) : null,
    note: pick(r, NOTES),
    expectedDate: status === 'in_progress' && r() < 0.3 ? '2022-12-31' : null,
    liaisonContactId: `synth:unit:${p.unit}`,
    liaisonName: `${p.unit}联络员`,
    sourceMessageId,
    reportedAt: new Date(Date.parse('2022-09-01T01:00:00Z') + Math.floor(r() * days * 86_400_000)),
  }
}

/**
 * REPORTS_PER_COPY reports on (task, directly assigned unit) pairs of copy k (the active document
 * when called, so `ids` maps its task numbers to ids), spread over the months after the issue date.
 * Source message ids are stable, so a second run records nothing new.
 */
async function synthReports(stores: Stores, copies: ImportInput[], ids: Map<number, number>, k: number, r: () => number): Promise<number> {
  const pairs: { taskId: number; unit: string }[] = []
  for (const copy of copies) {
    for (const t of copy.tasks) {
      const id = ids.get(t.number)
      if (id == null) continue
      for (const a of t.assignments) if (a.targetType === 'unit') pairs.push({ taskId: id, unit: a.target })
    }
  }
  if (!pairs.length) return 0
  let total = 0
  let batch: NewProgressReport[] = []
  for (let j = 0; j < REPORTS_PER_COPY; j++) {
    batch.push(synthReport(r, pick(r, pairs), `synth:${k}:${j}`, 120))
    if (batch.length >= REPORT_BATCH) {
      total += (await stores.progress.record(batch)).length
      batch = []
    }
  }
  if (batch.length) total += (await stores.progress.record(batch)).length
  return total
}

export function describeSynth(r: SynthResult): string {
  return (
    `合成台账（${r.scale} 倍种子）：文件 ${r.documents} 个，任务 ${r.tasks} 项，单位 ${r.units} 个，` +
    `联络员 ${r.liaisons} 人，工作群 ${r.rooms} 个，进度报送 ${r.reports} 条；用时 ${(r.ms.total / 1000).toFixed(1)} 秒` +
    `（名录 ${r.ms.directory} ms，导入 ${r.ms.import} ms，绑定 ${r.ms.liaisons} ms，报送 ${r.ms.reports} ms）`
  )
}


/** The documents every synthetic office runs at once besides the seed's table (short names from their titles). */
export const OFFICE_TOPICS = ['优化营商环境', '民生实事', '安全生产'] as const
export const REPORTS_PER_OFFICE = 1000

/** The place of synthetic office i (合成001县): a 县 like the seed, so its units keep their 县 prefixes. */
export const synthOfficePlace = (i: number) => `合成${String(i).padStart(3, '0')}县`
export const synthOfficeContactId = (i: number, j: number) => `synth:o${i}:${j}`

export interface OfficesResult {
  offices: number
  documents: number
  tasks: number
  liaisons: number
  reports: number
  ms: number
}

/**
 * `synth --offices N`: N offices in one database, each a copy of the seed county's shape — its own
 * directory (the seed's units, under its own place), the seed table and three more documents of the
 * same units active at once, 30 bound liaisons, one enabled room and 1,000 reports — built through
 * each office's own stores, as its bot would. Deterministic and re-runnable (stable keys).
 */
export async function synthesizeOffices(
  openOffice: (place: string) => Promise<Stores>,
  opts: { offices: number; seedDir: string; log?: Logger; seed?: number },
): Promise<OfficesResult> {
  if (!Number.isInteger(opts.offices) || opts.offices < 1 || opts.offices > 1000) throw new Error('--offices 应为 1 到 1000 之间的整数')
  const t0 = performance.now()
  const seed = await readSeedDirectory(opts.seedDir)
  if (!seed) throw new Error(`找不到单位名录（${opts.seedDir}/*units.json）`)
  const files = await seedTableFiles(opts.seedDir)
  const seedDir = createUnitDirectory(seed)
  const base = (await prepareFile(files[0]!, seedDir)).input
  const r = rng(opts.seed ?? 20220825)
  const result: OfficesResult = { offices: 0, documents: 0, tasks: 0, liaisons: 0, reports: 0, ms: 0 }
  for (let i = 1; i <= opts.offices; i++) {
    const place = synthOfficePlace(i)
    const stores = await openOffice(place)
    await stores.tasks.seedDirectory({ ...seed, county: place })
    const inputs: ImportInput[] = [
      base,
      ...OFFICE_TOPICS.map((topic, k) => ({
        ...base,
        documentKey: `${base.documentKey}#${topic}`,
        title: `${place}2022年${topic}任务分解表`,
        sourceName: `${topic}.txt`,
        contentHash: `${base.contentHash}:${k}`,
        // A shorter table per topic: every third task of the seed's, renumbered from 1.
        tasks: base.tasks.filter((_, j) => j % 3 === k % 3).map((t, j) => ({ ...t, number: j + 1, unitsInheritedFrom: null })),
      })),
    ]
    const pairs: { taskId: number; unit: string }[] = []
    for (const input of inputs) {
      const done = await stores.tasks.importTable(input, { confirmed: true })
      result.documents++
      result.tasks += input.tasks.length
      const book = await stores.tasks.loadBook()
      for (const t of book.tasks) {
        if (t.documentId !== done.documentId) continue
        for (const a of t.assignments) if (a.targetType === 'unit') pairs.push({ taskId: t.id, unit: a.target })
      }
    }
    const units = seed.units.slice(0, LIAISONS_PER_COPY)
    for (let j = 0; j < units.length; j++) {
      await stores.liaisons.bind({ contactId: synthOfficeContactId(i, j), name: `联络员${i}-${j}`, alias: null, unit: units[j]!.name, boundBy: 'synth' })
      result.liaisons++
    }
    await stores.rooms.setEnabled(`synth-room-o${i}`, synthRoomTopic(0), true)
    const reports: NewProgressReport[] = []
    for (let j = 0; j < REPORTS_PER_OFFICE; j++) reports.push(synthReport(r, pick(r, pairs), `synth:o${i}:${j}`, 90))
    result.reports += (await stores.progress.record(reports)).length
    result.offices++
    if (i % 10 === 0) opts.log?.info({ office: i }, 'synth: offices built')
  }
  result.ms = Math.round(performance.now() - t0)
  return result
}

export function describeOffices(r: OfficesResult): string {
  return `合成办公室 ${r.offices} 个：文件 ${r.documents} 份，任务 ${r.tasks} 项，联络员 ${r.liaisons} 人，进度报送 ${r.reports} 条；用时 ${(r.ms / 1000).toFixed(1)} 秒`
}
