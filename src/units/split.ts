import { AGENCY_ABBREVIATIONS } from './abbreviations.js'
import { dropConnective, isCloser, isOpener, UNIT_SUFFIX } from './normalize.js'

// 、 ， , ； ; and their small/half-width forms, plus line breaks inside a table cell.
const SEPARATORS = new Set(['、', '，', ',', '；', ';', '﹑', '､', '﹐', '﹔', '︐', '︔', '\n', '\r'])
const CONJUNCTIONS = ['以及', '及', '和', '与']
// 县发改局、县财政局等单位 / 等有关部门 / 等3个单位
const TRAILING_ETC = /等(?:[0-9一二三四五六七八九十]+个)?(?:有关|相关|其他|其它)?(?:成员)?(?:单位|部门|机构)?$/
/**
 * The longer tails of a finished name, after clean(): 等相关区直部门 / 等县直各有关单位 / 等相关职能部门.
 * The unit is the name before 等; the tail is dropped, not kept as the group it mentions: 县财政局等
 * 相关区直部门 assigns 县财政局, since the whole group would hand the task to units the table never
 * named (the office adds them if it means them). Kept apart from TRAILING_ETC, which splitConjunctions
 * mirrors character by character.
 */
const GROUP_ETC =
  /(?<=..)等(?:[0-9一二三四五六七八九十]+个)?各?(?:有关|相关|其他|其它)?(?:[区县市镇乡旗]直|[区县市旗]级|[区县市旗]政府|职能|责任|成员|涉及)各?(?:有关|相关)?(?:成员)?(?:单位|部门|机构)$/
// The lookbehind starts a trailing match only where a run starts: linear on long runs inside a cell.
const EDGE_PUNCT = /^[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+|(?<![\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’])[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+$/g

/** Splits a unit cell (县发改局、公安局及民政局) into names; see the rules on each helper. */
export function splitUnitList(cell: string): string[] {
  if (typeof cell !== 'string' || !cell) return []
  const out: string[] = []
  for (const piece of splitTopLevel(cell)) {
    const cleaned = clean(piece)
    if (!cleaned) continue
    for (const part of splitConjunctions(cleaned)) {
      for (const name of splitSpaces(part)) {
        for (const n of splitRunTogether(clean(name).replace(GROUP_ETC, ''))) {
          const c = groupWordOrder(n)
          if (c) out.push(c)
        }
      }
    }
  }
  return out
}

/** Edge punctuation and a trailing 等… off one name (exported for tests, as are endsLikeUnit and splitConjunctions). */
export function clean(s: string): string {
  let t = s.replace(EDGE_PUNCT, '')
  t = t.replace(TRAILING_ETC, '').replace(EDGE_PUNCT, '')
  return t
}

/** Separators only count outside brackets: 县农业农村局（县乡村振兴局、县扶贫办）stays one item. */
function splitTopLevel(cell: string): string[] {
  const items: string[] = []
  let cur = ''
  let depth = 0
  for (const ch of cell) {
    if (isOpener(ch)) depth++
    else if (isCloser(ch)) depth = Math.max(0, depth - 1)
    if (depth === 0 && SEPARATORS.has(ch)) {
      items.push(cur)
      cur = ''
      continue
    }
    cur += ch
  }
  items.push(cur)
  return items
}

/** Top-level text without bracket contents, for suffix checks (县商务局（牵头） ends a unit). */
function mainOf(s: string): string {
  let depth = 0
  let main = ''
  for (const ch of s) {
    if (isOpener(ch)) depth++
    else if (isCloser(ch)) depth = Math.max(0, depth - 1)
    else if (depth === 0) main += ch
  }
  return main
}

export function endsLikeUnit(s: string): boolean {
  const m = mainOf(s).trim()
  return [...m].length >= 2 && UNIT_SUFFIX.test(m)
}

/**
 * 及/和/与 split only between two complete unit names: 县财政局和县审计局 splits, 县工业和信息化局
 * and 住房和城乡建设局 do not (the text before 和 is not a unit by itself).
 *
 * What this computes is, at each top-level conjunction `at` from the left (first success wins, then
 * again on the rest):
 *   endsLikeUnit(item.slice(base, at).trim()) && endsLikeUnit(clean(item.slice(at + conj.length).trim()))
 * In one pass (a long cell of 和和和… was quadratic twice over): the left side is kept as a running
 * summary of its top-level text, and every right side ends where the item ends, so its verdict depends
 * only on where it starts (see rightEndsLikeUnit).
 */
export function splitConjunctions(item: string): string[] {
  const cps = codePoints(item)
  const rightOk = rightEndsLikeUnit(item, cps)
  let lastNonWs = -1
  for (const cp of cps) if (!isWs(cp.ch)) lastNonWs = cp.off
  const out: string[] = []
  let base = 0
  let left = new MainSummary()
  for (let k = 0; k < cps.length; k++) {
    const { off: at, ch, main } = cps[k]!
    if (at < base) continue
    // A conjunction counts only at the top level (`main`: outside brackets and no bracket itself).
    const conj = main ? CONJUNCTIONS.find((c) => item.startsWith(c, at)) : undefined
    const rs = at + (conj?.length ?? 0)
    if (conj && at !== base && left.hasText && lastNonWs >= rs && left.endsLikeUnit() && rightOk(rs)) {
      out.push(item.slice(base, at).trim())
      base = rs
      while (base < item.length && isWs(item[base]!)) base++
      left = new MainSummary()
      continue
    }
    left.add(ch, main)
  }
  out.push(out.length === 0 ? item : item.slice(base).trim())
  return out
}

interface CodePoint {
  off: number
  ch: string
  /** Top-level text: no bracket, and outside any bracket (the depth mainOf and splitTopLevel keep). */
  main: boolean
}

function codePoints(s: string): CodePoint[] {
  const out: CodePoint[] = []
  let depth = 0
  for (let off = 0; off < s.length; ) {
    const ch = String.fromCodePoint(s.codePointAt(off)!)
    let main = false
    if (isOpener(ch)) depth++
    else if (isCloser(ch)) depth = Math.max(0, depth - 1)
    else main = depth === 0
    out.push({ off, ch, main })
    off += ch.length
  }
  return out
}

const isWs = (ch: string): boolean => /^\s$/.test(ch)

/** endsLikeUnit of a text fed one code point at a time: only the end of its trimmed top-level text matters. */
class MainSummary {
  /** Some non-whitespace character so far (the text is not empty once trimmed). */
  hasText = false
  /** Top-level code points since the first non-whitespace one, counted at the last non-whitespace one. */
  private trimmedLength = 0
  private sinceFirst = 0
  /** The last three top-level code points, and those ending at the last non-whitespace one. */
  private recent: string[] = []
  private tail = ''

  add(ch: string, main: boolean): void {
    const ws = isWs(ch)
    if (!ws) this.hasText = true
    if (!main) return
    this.recent.push(ch)
    if (this.recent.length > 3) this.recent.shift()
    if (ws && this.sinceFirst === 0) return
    this.sinceFirst++
    if (!ws) {
      this.trimmedLength = this.sinceFirst
      this.tail = this.recent.join('')
    }
  }

  /** Same as endsLikeUnit(text): every UNIT_SUFFIX ending is at most three characters long. */
  endsLikeUnit(): boolean {
    return this.trimmedLength >= 2 && UNIT_SUFFIX.test(this.tail)
  }
}

/** The EDGE_PUNCT class, one UTF-16 unit at a time. */
const EDGE_CHAR = /^[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]$/
/** TRAILING_ETC after its 等 (none of these contain 等, so only the last 等 of a text can match). */
const ETC_TAIL = /^(?:[0-9一二三四五六七八九十]+个)?(?:有关|相关|其他|其它)?(?:成员)?(?:单位|部门|机构)?$/

/**
 * rs -> endsLikeUnit(clean(item.slice(rs).trim())), O(1) after one pass over the item. clean() keeps
 * item[s1, e) of that text: s1 the first non-edge character from rs, e the end after trailing edge
 * characters, a trailing 等… (when its 等 is after s1) and the edge characters before it are cut. Both
 * possible ends are fixed, and the top-level text between s1 and e is the item's own (the right side
 * starts outside any bracket), so the verdict is: the end's last two non-space top-level characters
 * lie after s1, and the last three top-level characters after s1 end in a UNIT_SUFFIX.
 */
function rightEndsLikeUnit(item: string, cps: CodePoint[]): (rs: number) => boolean {
  const n = item.length
  const nextNonEdge = new Int32Array(n + 1)
  nextNonEdge[n] = n
  for (let i = n - 1; i >= 0; i--) nextNonEdge[i] = EDGE_CHAR.test(item[i]!) ? nextNonEdge[i + 1]! : i
  const lastNonEdgeBefore = (end: number): number => {
    let i = end
    while (i > 0 && EDGE_CHAR.test(item[i - 1]!)) i--
    return i
  }
  const e1 = lastNonEdgeBefore(n)
  const etc = item.lastIndexOf('等', e1 - 1)
  const etcAt = etc >= 0 && ETC_TAIL.test(item.slice(etc + 1, e1)) ? etc : -1
  const endBeforeEtc = etcAt >= 0 ? lastNonEdgeBefore(etcAt) : -1

  /**
   * For a text ending at `end`: where its second-to-last non-space top-level character is, and its
   * last three top-level characters up to the last non-space one.
   */
  const summarize = (end: number): { prev: number; tail: CodePoint[] } => {
    let k = cps.length - 1
    while (k >= 0 && cps[k]!.off >= end) k--
    const found: number[] = []
    const tail: CodePoint[] = []
    for (; k >= 0 && (found.length < 2 || tail.length < 3); k--) {
      const cp = cps[k]!
      if (!cp.main) continue
      if (found.length === 0 && isWs(cp.ch)) continue
      if (tail.length < 3) tail.unshift(cp)
      if (!isWs(cp.ch) && found.length < 2) found.push(cp.off)
    }
    return { prev: found[1] ?? -1, tail }
  }
  const atEnd = summarize(e1)
  const atEtc = etcAt >= 0 ? summarize(endBeforeEtc) : null

  return (rs: number): boolean => {
    const s1 = nextNonEdge[Math.min(rs, n)]!
    if (s1 >= e1) return false
    let s = atEnd
    if (atEtc && etcAt >= s1) {
      if (etcAt === s1) return false
      s = atEtc
    }
    if (s.prev < s1) return false
    return UNIT_SUFFIX.test(s.tail.filter((cp) => cp.off >= s1).map((cp) => cp.ch).join(''))
  }
}

/** 县发改局 县财政局 (space-separated in a docx cell) splits when every piece is a unit name. */
function splitSpaces(item: string): string[] {
  const pieces = item.split(/[\s\u3000]+/).filter(Boolean)
  if (pieces.length > 1 && pieces.every((p) => endsLikeUnit(clean(p)))) return pieces
  return [item.replace(/[\s\u3000]+/g, '')]
}

/** 各区直部门 is written for 区直各部门 (one group, one spelling): 各县直有关单位 -> 县直各有关单位. */
export function groupWordOrder(name: string): string {
  return name.replace(/^各([区县市镇乡旗]直)((?:有关|相关)?(?:部门|单位))$/, '$1各$2')
}

/** Agency cores of the national abbreviation table (abbreviations and full forms), 和/与 dropped. */
let knownCores: Set<string> | null = null
function isKnownCore(core: string): boolean {
  if (!knownCores) {
    knownCores = new Set()
    for (const [abbrev, fulls] of AGENCY_ABBREVIATIONS) for (const c of [abbrev, ...fulls]) knownCores.add(dropConnective(c))
  }
  return knownCores.has(dropConnective(core))
}

/** 区财政局 / 县委宣传部 / 市场监管局: a level-prefixed (or bare) name whose core is a known agency. */
function isKnownUnit(name: string): boolean {
  if (!/^[\p{Script=Han}]{2,20}$/u.test(name)) return false
  const m = /^(?:[省市县区旗]委?)?(.+)$/.exec(name)
  return isKnownCore(name) || (m !== null && m[1] !== name && isKnownCore(m[1] as string))
}

/**
 * Two names run together with no separator (区发改局区财政局, copied from a cell whose line break
 * was lost) split only where both halves are known agencies; anything else stays one name
 * (县工业和信息化局, 区城市管理和综合执法局), so a name the table is not known for is never cut.
 */
export function splitRunTogether(name: string): string[] {
  const cps = [...name]
  if (cps.length < 6 || cps.length > 40 || isKnownUnit(name) || !endsLikeUnit(name)) return [name]
  for (let i = 3; i <= cps.length - 3; i++) {
    const left = cps.slice(0, i).join('')
    if (!endsLikeUnit(left) || !isKnownUnit(left)) continue
    const right = splitRunTogether(cps.slice(i).join(''))
    if (right.every(isKnownUnit)) return [left, ...right]
  }
  return [name]
}
