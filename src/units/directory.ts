import { z } from 'zod'
import { AGENCY_ABBREVIATIONS } from './abbreviations.js'
import { guessUnitKind, isZone } from './kind.js'
import type { DirectoryData, GroupDef, ResolvedName, RoleDef, UnitDef, UnitKind } from './model.js'
import {
  branchCores,
  canonicalize,
  countyInfo,
  dropConnective,
  editDistance,
  levelOf,
  looksLikeUnit,
  nameVariants,
  normText,
  sharedChars,
  splitBrackets,
  startsWithLevel,
  stripOwn,
  type CountyInfo,
} from './normalize.js'

// ---------------------------------------------------------------------------------------------
// Validation

const UNIT_KINDS = ['dept', 'vertical', 'town', 'farm', 'party', 'enterprise', 'other'] as const
const nonEmpty = z.string().trim().min(1, 'must be a non-empty string')

const DirectorySchema = z.object({
  county: nonEmpty,
  units: z.array(
    z.object({
      name: nonEmpty,
      kind: z.enum(UNIT_KINDS),
      aliases: z.array(nonEmpty).default([]),
    }),
  ),
  groups: z
    .array(
      z.object({
        name: nonEmpty,
        kinds: z.array(z.enum(UNIT_KINDS)).min(1, 'must list at least one kind'),
        aliases: z.array(nonEmpty).default([]),
      }),
    )
    .default([]),
  roles: z.array(z.object({ name: nonEmpty, scope: nonEmpty })).default([]),
})

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '(root)'
}

/** Validates a unit directory file (seeds/*-units.json); extra keys such as "_comment" are ignored. */
export function parseDirectoryData(json: unknown): DirectoryData {
  const r = DirectorySchema.safeParse(json)
  if (!r.success) {
    const issue = r.error.issues[0]
    throw new Error(`unit directory: ${issue ? `${formatPath(issue.path)}: ${issue.message}` : 'invalid'}`)
  }
  const d = r.data
  const seen = new Map<string, string>()
  const claim = (name: string, where: string) => {
    const key = normText(name)
    const prev = seen.get(key)
    if (prev) throw new Error(`unit directory: ${where}: name "${name}" already used by ${prev}`)
    seen.set(key, where)
  }
  d.units.forEach((u, i) => claim(u.name, `units[${i}].name`))
  d.groups.forEach((g, i) => claim(g.name, `groups[${i}].name`))
  d.roles.forEach((r, i) => claim(r.name, `roles[${i}].name`))
  const groupNames = new Set(d.groups.map((g) => g.name))
  d.roles.forEach((role, i) => {
    if (!groupNames.has(role.scope)) throw new Error(`unit directory: roles[${i}].scope: unknown group "${role.scope}"`)
  })
  return {
    county: d.county,
    units: d.units.map((u) => ({ name: u.name, kind: u.kind, aliases: [...u.aliases] })),
    groups: d.groups.map((g) => ({ name: g.name, kinds: [...g.kinds], aliases: [...g.aliases] })),
    roles: d.roles.map((r) => ({ name: r.name, scope: r.scope })),
  }
}

// ---------------------------------------------------------------------------------------------
// Directory

export interface UnitDirectory {
  readonly data: DirectoryData
  /** County-level prefix derived from data.county: '县' for 惠来县, '区' for 天河区, '市' for a county-level city, '旗' ... */
  readonly prefix: string
  resolve(raw: string, opts?: { prefix?: string }): ResolvedName | null
  /**
   * Resolves a list as printed in one table cell. Unknown names become new units (newUnits);
   * bracket parts of a resolved name the directory did not know become aliases (aliasesAdded),
   * e.g. 县工业和信息化局（县商务局） adds 县商务局 to 县工业和信息化局.
   */
  resolveList(raws: string[]): {
    resolved: ResolvedName[]
    newUnits: UnitDef[]
    aliasesAdded: Array<{ unit: string; alias: string }>
  }
  membersOfGroup(group: string): string[]
  groupsOf(unit: string): string[]
  rolesOf(unit: string): string[]
  kindOf(unit: string): UnitKind | null
  suggest(raw: string, limit?: number): string[]
  findInText(text: string): ResolvedName | null
  /** A new directory with extra units added; a def whose name exists merges its aliases into that unit. */
  withUnits(units: UnitDef[]): UnitDirectory
}

type Target =
  | { type: 'unit'; unit: UnitDef }
  | { type: 'group'; group: GroupDef }
  | { type: 'role'; role: RoleDef }

interface Hit {
  target: Target
  prio: number
  order: number
}

// Priorities of index keys: lower wins when one key names several things.
const P_CANONICAL = 0
const P_ALIAS = 1
const P_CORE = 2
const P_BRACKET = 4
const P_BRANCH = 6

const ANNOTATION = /^(牵头|配合|协办|参与|负责|主办|主责|指导|按职责|各自|分工|排名第一|排第一|列第一)/

function toResolved(t: Target, isNew = false): ResolvedName {
  if (t.type === 'unit') return { type: 'unit', name: t.unit.name, kind: t.unit.kind, isNew }
  if (t.type === 'group') return { type: 'group', name: t.group.name }
  return { type: 'role', name: t.role.name }
}

export function createUnitDirectory(data: DirectoryData): UnitDirectory {
  return new Directory(data)
}

class Directory implements UnitDirectory {
  readonly data: DirectoryData
  readonly prefix: string
  private readonly info: CountyInfo
  private readonly index = new Map<string, Hit[]>()
  /** Abbreviation entry id -> units whose cores appear in that entry, with the core's rank there. */
  private readonly conceptUnits = new Map<number, Array<{ unit: UnitDef; rank: number; order: number }>>()
  private readonly conceptOf: Map<string, Array<{ entry: number; rank: number }>>
  private readonly unitByName = new Map<string, UnitDef>()
  private readonly unitCores = new Map<string, Set<string>>()
  private order = 0

  constructor(data: DirectoryData) {
    this.data = data
    this.info = countyInfo(data.county)
    this.prefix = this.info.prefix
    this.conceptOf = conceptTable()
    for (const u of data.units) this.addUnit(u)
    for (const g of data.groups) this.addNames([g.name, ...g.aliases], { type: 'group', group: g })
    for (const r of data.roles) this.addNames([r.name], { type: 'role', role: r })
  }

  // -- index construction ---------------------------------------------------------------------

  private put(key: string, target: Target, prio: number): void {
    if (!key) return
    const list = this.index.get(key) ?? []
    if (!list.some((h) => h.target === target && h.prio <= prio)) list.push({ target, prio, order: this.order++ })
    this.index.set(key, list)
  }

  /** Registers every comparison key of names (canonical first); returns the cores used. */
  private addNames(names: string[], target: Target): Set<string> {
    const cores = new Set<string>()
    names.forEach((name, i) => {
      const base = i === 0 ? P_CANONICAL : P_ALIAS
      const vs = nameVariants(name, this.info)
      vs.forEach((v, j) => {
        this.put(v, target, j === 0 ? base : P_CORE + base)
        cores.add(v)
      })
      const n = normText(name)
      const { main, parts } = splitBrackets(n)
      if (parts.length > 0 && main) {
        for (const v of nameVariants(main, this.info)) {
          this.put(v, target, P_BRACKET + base)
          cores.add(v)
        }
        for (const p of parts.filter((p) => looksLikeUnit(p) && !ANNOTATION.test(p))) {
          for (const v of nameVariants(p, this.info)) {
            this.put(v, target, P_BRACKET + 1 + base)
            cores.add(v)
          }
        }
      }
      for (const b of branchCores(canonicalize(n, this.info), this.info)) {
        this.put(b, target, P_BRANCH)
        cores.add(b)
      }
    })
    return cores
  }

  private addUnit(u: UnitDef): void {
    this.unitByName.set(u.name, u)
    const cores = this.addNames([u.name, ...u.aliases], { type: 'unit', unit: u })
    this.unitCores.set(u.name, cores)
    for (const c of cores) {
      for (const { entry, rank } of this.conceptOf.get(c) ?? []) {
        const list = this.conceptUnits.get(entry) ?? []
        if (!list.some((x) => x.unit === u && x.rank <= rank)) list.push({ unit: u, rank, order: this.order++ })
        this.conceptUnits.set(entry, list)
      }
    }
  }

  // -- lookup ---------------------------------------------------------------------------------

  private best(hits: Hit[] | undefined): Target | null {
    if (!hits || hits.length === 0) return null
    let b = hits[0]!
    for (const h of hits) if (h.prio < b.prio || (h.prio === b.prio && h.order < b.order)) b = h
    return b.target
  }

  private direct(n: string): Target | null {
    for (const v of nameVariants(n, this.info)) {
      const t = this.best(this.index.get(v))
      if (t) return t
    }
    return null
  }

  /** Abbreviation match: both the query and the directory cores map to table entries. */
  private concept(n: string): Target | null {
    type Cand = { unit: UnitDef; rank: number; order: number }
    for (const v of nameVariants(n, this.info)) {
      const cands: Cand[] = []
      for (const { entry } of this.conceptOf.get(v) ?? []) cands.push(...(this.conceptUnits.get(entry) ?? []))
      cands.sort((a, b) => a.rank - b.rank || a.order - b.order)
      const first = cands[0]
      if (first) return { type: 'unit', unit: first.unit }
    }
    return null
  }

  private lookup(n: string): Target | null {
    const exact = this.direct(n)
    if (exact) return exact
    const { main, parts } = splitBrackets(n)
    if (parts.length > 0 && main) {
      const m = this.direct(main) ?? this.concept(main)
      if (m) return m
      for (const p of parts) {
        if (!looksLikeUnit(p) || ANNOTATION.test(p)) continue
        const t = this.direct(p) ?? this.concept(p)
        if (t) return t
      }
      return null
    }
    return this.concept(n)
  }

  /** Applies a list's prefix to a bare name when it differs from the directory's (市发改局、财政局). */
  private withListPrefix(n: string, prefix: string | undefined): string {
    if (!prefix || prefix === this.prefix) return n
    return levelOf(n, this.info) === 'bare' ? prefix + n : n
  }

  resolve(raw: string, opts?: { prefix?: string }): ResolvedName | null {
    const n = normText(raw)
    if (!n || !/[\p{Script=Han}A-Za-z]/u.test(n) || n.length > 200) return null
    const t = this.lookup(this.withListPrefix(n, opts?.prefix))
    return t ? toResolved(t) : null
  }

  /** The level prefix a list's first item sets for the bare items after it. */
  private listPrefix(first: string | undefined): string {
    const n = normText(first ?? '')
    if (levelOf(n, this.info) !== 'other') return this.prefix
    // A city agency's local branch (市生态环境局惠来分局) is a county unit: it sets no prefix.
    if (/(分局|分公司|支行|管理部|大队|中队|分中心)$/.test(n)) return this.prefix
    for (const ch of '省市区县旗州盟') if (startsWithLevel(n, ch)) return ch
    return this.prefix
  }

  /**
   * The names a bracket-free string runs together when every one of them is a name this directory
   * resolves, else null: a string that is no known name is split only into
   * known ones, so an unknown name is never cut into a known half and a stray rest.
   */
  private knownRunTogether(n: string, prefix: string): ResolvedName[] | null {
    const cps = [...n]
    if (cps.length < 4 || cps.length > 40 || /[()]/.test(n)) return null
    const at = (from: number, depth: number): ResolvedName[] | null => {
      if (depth > 4) return null
      for (let i = cps.length; i >= from + 2; i--) {
        const piece = cps.slice(from, i).join('')
        if (!looksLikeUnit(piece)) continue
        const r = this.resolve(piece, { prefix })
        if (!r) continue
        // A later piece starts as the first one does (县…县…) or is a town: 县公安局交警大队 is one
        // sub-unit, not 县公安局 and 交警大队.
        if (from > 0 && cps[from] !== cps[0] && !(r.type === 'unit' && (r.kind === 'town' || r.kind === 'farm'))) continue
        if (i === cps.length) return depth === 0 ? null : [r]
        const rest = at(i, depth + 1)
        if (rest) return [r, ...rest]
      }
      return null
    }
    return at(0, 0)
  }

  /** Canonical name for a piece the directory lacks: bare and own-level names get the prefix (林业局 -> 县林业局). */
  private canonicalNew(raw: string, listPrefix: string): { name: string; kind: UnitKind } {
    const n = normText(raw)
    const main = splitBrackets(n).main || n
    const level = levelOf(main, this.info)
    const m = canonicalize(main, this.info)
    const kind = guessUnitKind(m)
    // A higher-level agency in a county table (揭阳市公路事务中心) works like a vertical one.
    if (level === 'other') return { name: m, kind: kind === 'dept' ? 'vertical' : kind }
    if (kind === 'town' || kind === 'farm' || kind === 'enterprise' || isZone(m) || /^(团|共青团|各|全)/.test(m)) {
      // Towns and farms carry no county prefix (县惠城镇 -> 惠城镇); enterprises keep their own style.
      return { name: level === 'own' && kind !== 'enterprise' ? (stripOwn(m, this.info)[0] ?? m) : m, kind }
    }
    // A local branch named after the county (人民银行揭西支行) takes no prefix.
    if (level === 'bare' && this.info.short && m.includes(this.info.short)) return { name: m, kind }
    const p = level === 'own' ? this.prefix : listPrefix
    let core = level === 'own' ? (stripOwn(m, this.info)[0] ?? m) : m
    // Bare party departments are the county Party committee's: 组织部 -> 县委组织部.
    if (kind === 'party' && !/^(委|党|纪委|监委|中共)/.test(core)) core = '委' + core
    return { name: p + core, kind }
  }

  resolveList(raws: string[]): {
    resolved: ResolvedName[]
    newUnits: UnitDef[]
    aliasesAdded: Array<{ unit: string; alias: string }>
  } {
    // New units and learnt aliases go into a private copy, made on the first one and grown in place.
    let dir: Directory = this
    const learn = (def: UnitDef): void => {
      if (dir === this) dir = this.copy()
      dir.learn(def)
    }
    const resolved: ResolvedName[] = []
    const newUnits: UnitDef[] = []
    const aliasesAdded: Array<{ unit: string; alias: string }> = []
    const created = new Set<string>()
    const seen = new Set<string>()
    const list = Array.isArray(raws) ? raws.filter((r): r is string => typeof r === 'string') : []
    const prefix = this.listPrefix(list.find((r) => normText(r)))
    for (const raw of list) {
      const n = normText(raw)
      if (!n || !/[\p{Script=Han}A-Za-z]/u.test(n)) continue
      let r = dir.resolve(n, { prefix })
      if (r && r.type === 'unit') {
        // Teach the directory the bracket names it lacked: 县工业和信息化局（县商务局）.
        const { main, parts } = splitBrackets(n)
        const pieces = parts.length > 0 && main ? [main, ...parts] : []
        for (const piece of pieces) {
          if (!looksLikeUnit(piece) || ANNOTATION.test(piece)) continue
          if (dir.resolve(piece, { prefix })) continue
          const alias = dir.canonicalNew(piece, prefix).name
          aliasesAdded.push({ unit: r.name, alias })
          learn({ name: r.name, kind: r.kind, aliases: [alias] })
          const nu = newUnits.find((u) => u.name === r!.name)
          if (nu && !nu.aliases.includes(alias)) nu.aliases.push(alias)
        }
        if (created.has(r.name)) r = { ...r, isNew: true }
      }
      if (!r) {
        // 县融媒体中心县文广旅体局: two names this directory knows, run together by a lost line break.
        const pieces = dir.knownRunTogether(n, prefix)
        if (pieces) {
          for (const p of pieces) {
            const key = `${p.type}:${p.name}`
            if (seen.has(key)) continue
            seen.add(key)
            resolved.push(p)
          }
          continue
        }
        const { name, kind } = dir.canonicalNew(n, prefix)
        const { parts } = splitBrackets(n)
        const aliases = parts
          .filter((p) => looksLikeUnit(p) && !ANNOTATION.test(p))
          .map((p) => dir.canonicalNew(p, prefix).name)
          .filter((a) => a !== name)
        const def: UnitDef = { name, kind, aliases: [...new Set(aliases)] }
        const existing = dir.unitByName.get(name)
        if (existing) {
          r = { type: 'unit', name, kind: existing.kind, isNew: created.has(name) }
        } else {
          newUnits.push(def)
          created.add(name)
          learn(def)
          r = { type: 'unit', name, kind, isNew: true }
        }
      }
      const key = `${r.type}:${r.name}`
      if (seen.has(key)) continue
      seen.add(key)
      resolved.push(r)
    }
    return { resolved, newUnits, aliasesAdded }
  }

  // -- groups and roles -----------------------------------------------------------------------

  private groupDef(group: string): GroupDef | null {
    const direct = this.data.groups.find((g) => g.name === group)
    if (direct) return direct
    const r = this.resolve(group)
    return r?.type === 'group' ? (this.data.groups.find((g) => g.name === r.name) ?? null) : null
  }

  private unitDef(unit: string): UnitDef | null {
    const direct = this.unitByName.get(unit)
    if (direct) return direct
    const r = this.resolve(unit)
    return r?.type === 'unit' ? (this.unitByName.get(r.name) ?? null) : null
  }

  /** Members per group, computed once (learn() clears them: only a copy made by withUnits grows).  */
  private readonly members = new Map<string, string[]>()

  membersOfGroup(group: string): string[] {
    const g = this.groupDef(group)
    if (!g) return []
    let list = this.members.get(g.name)
    if (!list) {
      list = this.data.units.filter((u) => g.kinds.includes(u.kind)).map((u) => u.name)
      this.members.set(g.name, list)
    }
    return [...list]
  }

  groupsOf(unit: string): string[] {
    const u = this.unitDef(unit)
    if (!u) return []
    return this.data.groups.filter((g) => g.kinds.includes(u.kind)).map((g) => g.name)
  }

  rolesOf(unit: string): string[] {
    const groups = new Set(this.groupsOf(unit))
    return this.data.roles.filter((r) => groups.has(r.scope)).map((r) => r.name)
  }

  kindOf(unit: string): UnitKind | null {
    return this.unitByName.get(unit)?.kind ?? null
  }

  // -- fuzzy ----------------------------------------------------------------------------------

  /** Strings a unit is known by, for typo matching: its cores and the abbreviations that reach it. */
  private spellings(u: UnitDef): string[] {
    const out = new Set<string>()
    for (const c of this.unitCores.get(u.name) ?? []) out.add(c)
    for (const [entry, list] of this.conceptUnits) {
      if (!list.some((x) => x.unit === u)) continue
      const e = AGENCY_ABBREVIATIONS[entry]
      if (e) out.add(dropConnective(e[0]))
    }
    return [...out]
  }

  private longestSpellingCache: number | null = null

  /** Code points of the longest spelling of any unit (a few dozen at most). */
  private longestSpelling(): number {
    if (this.longestSpellingCache === null) {
      let max = 0
      for (const u of this.data.units) for (const s of this.spellings(u)) max = Math.max(max, [...s].length)
      this.longestSpellingCache = max
    }
    return this.longestSpellingCache
  }

  suggest(raw: string, limit = 5): string[] {
    const n = normText(raw)
    if (!n || limit <= 0) return []
    // A query much longer than every spelling is close to none of them (see nearMiss below): skip it
    // rather than compute edit distances over 100 KB of pasted text.
    const longest = this.longestSpelling()
    const qs = nameVariants(splitBrackets(n).main || n, this.info).filter((q) => !tooLongToBeClose([...q].length, longest))
    if (qs.length === 0) return []
    const scored: Array<{ name: string; score: number; shared: number; order: number }> = []
    this.data.units.forEach((u, order) => {
      let best: { score: number; shared: number } | null = null
      for (const s of this.spellings(u)) {
        for (const q of qs) {
          const d = editDistance(q, s)
          const len = Math.max([...q].length, [...s].length)
          const shared = sharedChars(q, s)
          // A near miss: a typo or two for its length, or most characters in common.
          const close = nearMiss(d, len, shared)
          if (!close || shared === 0) continue
          const score = d / len
          if (!best || score < best.score || (score === best.score && shared > best.shared)) best = { score, shared }
        }
      }
      if (best) scored.push({ name: u.name, ...best, order })
    })
    scored.sort((a, b) => a.score - b.score || b.shared - a.shared || a.order - b.order)
    return scored.slice(0, limit).map((s) => s.name)
  }

  private surfacesCache: Surfaces | null = null

  /** Every string that names something here, longest first, for scanning chat text; and a trie of them. */
  private surfaces(): Surfaces {
    if (this.surfacesCache) return this.surfacesCache
    const list: Surface[] = []
    for (const [key, hits] of this.index) {
      const t = this.best(hits)
      if (t && [...key].length >= 2) list.push({ s: key, len: [...key].length, target: t, bare: levelOf(key, this.info) === 'bare' })
    }
    for (const s of this.conceptOf.keys()) {
      if (this.index.has(s) || [...s].length < 2) continue
      const t = this.concept(s)
      if (t) list.push({ s, len: [...s].length, target: t, bare: true })
    }
    list.sort((a, b) => b.len - a.len)
    const trie: TrieNode = { next: new Map(), ends: [] }
    list.forEach((sf, i) => {
      let node = trie
      for (const unit of sf.s.split('')) {
        let child = node.next.get(unit)
        if (!child) node.next.set(unit, (child = { next: new Map(), ends: [] }))
        node = child
      }
      node.ends.push(i)
    })
    this.surfacesCache = { list, trie }
    return this.surfacesCache
  }

  /**
   * The longest name in the text (the earliest of equally long ones; then the first text variant, then
   * the first in surfaces() order). One walk down the trie from each position: linear in the text
   * times the longest name, whatever the size of the directory.
   */
  findInText(text: string): ResolvedName | null {
    if (typeof text !== 'string') return null
    const n = normText(text.slice(0, 2000))
    if (!n) return null
    const texts = [n, canonicalize(n, this.info)]
    texts.push(...texts.map((t) => t.replace(/[和与]/g, '')))
    const { list, trie } = this.surfaces()
    let best: { len: number; pos: number; text: number; order: number } | null = null
    for (let ti = 0; ti < texts.length; ti++) {
      const t = texts[ti] as string
      for (let pos = 0; pos < t.length; pos++) {
        // 市司法局 in a county directory is the city's bureau, not ours.
        const before = pos > 0 ? (t[pos - 1] as string) : ''
        const otherLevel = before !== '' && '省市区县旗州盟'.includes(before) && before !== this.prefix
        let node: TrieNode | undefined = trie
        for (let j = pos; j < t.length; j++) {
          node = node.next.get(t[j] as string)
          if (!node) break
          for (const order of node.ends) {
            const { len, bare } = list[order] as Surface
            if (bare && otherLevel) continue
            const better =
              !best || len > best.len || (len === best.len && (pos < best.pos || (pos === best.pos && (ti < best.text || (ti === best.text && order < best.order)))))
            if (better) best = { len, pos, text: ti, order }
          }
        }
      }
    }
    return best ? toResolved((list[best.order] as Surface).target) : null
  }

  withUnits(units: UnitDef[]): UnitDirectory {
    const d = this.copy()
    for (const def of units) d.learn(def)
    return d
  }

  /** A copy whose units may be grown in place without touching this directory. */
  private copy(): Directory {
    return new Directory({ ...this.data, units: this.data.units.map((u) => ({ ...u, aliases: [...u.aliases] })) })
  }

  /** Adds a unit, or merges a def's aliases into the unit of that name (copies only: see copy()). */
  private learn(def: UnitDef): void {
    let unit = this.unitByName.get(def.name)
    if (!unit) {
      unit = { name: def.name, kind: def.kind, aliases: [] }
      this.data.units.push(unit)
    }
    for (const a of def.aliases) if (a !== unit.name && !unit.aliases.includes(a)) unit.aliases.push(a)
    this.addUnit(unit)
    this.surfacesCache = null
    this.longestSpellingCache = null
    this.members.clear()
  }
}

/** A typo or two for its length, or most characters in common; len is the longer string's length. */
function nearMiss(distance: number, len: number, shared: number): boolean {
  return distance <= Math.max(1, Math.floor(len / 3)) || shared / len >= 0.75
}

/**
 * Whether a query of qLen code points can be a near miss of no spelling of at most `longest`: against
 * a spelling of length s < qLen the distance is at least qLen - s and at most s characters are shared,
 * so the best case is the longest spelling.
 */
export function tooLongToBeClose(qLen: number, longest: number): boolean {
  return qLen > longest && !nearMiss(qLen - longest, qLen, longest)
}

interface Surface {
  s: string
  /** Length in code points. */
  len: number
  target: Target
  /** Without a level prefix: 司法局 after 市 is another level's bureau. */
  bare: boolean
}

interface TrieNode {
  next: Map<string, TrieNode>
  /** Indexes into Surfaces.list of the names ending here. */
  ends: number[]
}

interface Surfaces {
  list: Surface[]
  trie: TrieNode
}

let conceptCache: Map<string, Array<{ entry: number; rank: number }>> | null = null

/** Normalised abbreviation cores -> the table entries they appear in, with their rank there (built once). */
function conceptTable(): Map<string, Array<{ entry: number; rank: number }>> {
  if (conceptCache) return conceptCache
  const map = new Map<string, Array<{ entry: number; rank: number }>>()
  AGENCY_ABBREVIATIONS.forEach(([abbrev, fulls], entry) => {
    ;[abbrev, ...fulls].forEach((s, rank) => {
      for (const key of new Set([normText(s), dropConnective(normText(s))])) {
        const list = map.get(key) ?? []
        if (!list.some((x) => x.entry === entry)) list.push({ entry, rank })
        map.set(key, list)
      }
    })
  })
  conceptCache = map
  return map
}
