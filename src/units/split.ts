import { isCloser, isOpener, UNIT_SUFFIX } from './normalize.js'

// 、 ， , ； ; and their small/half-width forms, plus line breaks inside a table cell.
const SEPARATORS = new Set(['、', '，', ',', '；', ';', '﹑', '､', '﹐', '﹔', '︐', '︔', '\n', '\r'])
const CONJUNCTIONS = ['以及', '及', '和', '与']
// 县发改局、县财政局等单位 / 等有关部门 / 等3个单位
const TRAILING_ETC = /等(?:[0-9一二三四五六七八九十]+个)?(?:有关|相关|其他|其它)?(?:成员)?(?:单位|部门|机构)?$/
const EDGE_PUNCT = /^[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+|[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+$/g

/** Splits a unit cell (县发改局、公安局及民政局) into names; see the rules on each helper. */
export function splitUnitList(cell: string): string[] {
  if (typeof cell !== 'string' || !cell) return []
  const out: string[] = []
  for (const piece of splitTopLevel(cell)) {
    const cleaned = clean(piece)
    if (!cleaned) continue
    for (const part of splitConjunctions(cleaned)) {
      for (const name of splitSpaces(part)) {
        const c = clean(name)
        if (c) out.push(c)
      }
    }
  }
  return out
}

function clean(s: string): string {
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

function endsLikeUnit(s: string): boolean {
  const m = mainOf(s).trim()
  return [...m].length >= 2 && UNIT_SUFFIX.test(m)
}

/**
 * 及/和/与 split only between two complete unit names: 县财政局和县审计局 splits, 县工业和信息化局
 * and 住房和城乡建设局 do not (the text before 和 is not a unit by itself).
 */
function splitConjunctions(item: string): string[] {
  let depth = 0
  // Offsets into the string, not a joined copy per character (that was quadratic on long cells).
  for (let off = 0; off < item.length; ) {
    const ch = String.fromCodePoint(item.codePointAt(off)!)
    const at = off
    off += ch.length
    if (isOpener(ch)) depth++
    else if (isCloser(ch)) depth = Math.max(0, depth - 1)
    if (depth !== 0) continue
    const conj = CONJUNCTIONS.find((c) => item.startsWith(c, at))
    if (!conj || at === 0) continue
    const rest = item.slice(at)
    const left = item.slice(0, at).trim()
    const right = rest.slice(conj.length).trim()
    if (!left || !right) continue
    if (endsLikeUnit(left) && endsLikeUnit(clean(right))) return [left, ...splitConjunctions(right)]
  }
  return [item]
}

/** 县发改局 县财政局 (space-separated in a docx cell) splits when every piece is a unit name. */
function splitSpaces(item: string): string[] {
  const pieces = item.split(/[\s\u3000]+/).filter(Boolean)
  if (pieces.length > 1 && pieces.every((p) => endsLikeUnit(clean(p)))) return pieces
  return [item.replace(/[\s\u3000]+/g, '')]
}
