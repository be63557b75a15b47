import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clean, endsLikeUnit, splitConjunctions, splitUnitList } from '../../src/units/split.js'
import { isCloser, isOpener } from '../../src/units/normalize.js'

describe('splitUnitList', () => {
  it('splits on every list separator, full and half width', () => {
    expect(splitUnitList('县司法局、县财政局，县民政局,县审计局；县统计局;县林业局')).toEqual([
      '县司法局', '县财政局', '县民政局', '县审计局', '县统计局', '县林业局',
    ])
  })

  it('keeps bracketed alternate names and bracket-internal separators in one item', () => {
    expect(splitUnitList('县农业农村局（县乡村振兴局）、县工业和信息化局(县商务局、县科技局)、各镇人民政府（场）')).toEqual([
      '县农业农村局（县乡村振兴局）', '县工业和信息化局(县商务局、县科技局)', '各镇人民政府（场）',
    ])
  })

  it('splits on 及/和/与/以及 only between two unit names', () => {
    expect(splitUnitList('县财政局及各镇人民政府')).toEqual(['县财政局', '各镇人民政府'])
    expect(splitUnitList('县发改局和县审计局')).toEqual(['县发改局', '县审计局'])
    expect(splitUnitList('县委宣传部以及县融媒体中心')).toEqual(['县委宣传部', '县融媒体中心'])
    expect(splitUnitList('县住房和城乡建设局和县工业和信息化局')).toEqual(['县住房和城乡建设局', '县工业和信息化局'])
    expect(splitUnitList('县住房和城乡建设局')).toEqual(['县住房和城乡建设局'])
    expect(splitUnitList('县工业和信息化局')).toEqual(['县工业和信息化局'])
    expect(splitUnitList('县人力资源和社会保障局')).toEqual(['县人力资源和社会保障局'])
    expect(splitUnitList('区城市管理和综合执法局')).toEqual(['区城市管理和综合执法局'])
    expect(splitUnitList('市海洋与渔业局')).toEqual(['市海洋与渔业局'])
    expect(splitUnitList('和平镇、人和镇')).toEqual(['和平镇', '人和镇'])
  })

  it('drops a trailing 等 with its tail, empty items and stray punctuation', () => {
    expect(splitUnitList('县发改局、县财政局等')).toEqual(['县发改局', '县财政局'])
    expect(splitUnitList('县发改局、县财政局等有关单位。')).toEqual(['县发改局', '县财政局'])
    expect(splitUnitList('县教育局、县卫健局等3个单位')).toEqual(['县教育局', '县卫健局'])
    expect(splitUnitList('、县司法局,, ；  县财政局、')).toEqual(['县司法局', '县财政局'])
  })

  it('splits line breaks and space-separated unit names from docx cells, but joins a broken name', () => {
    expect(splitUnitList('县司法局\n县财政局\r\n县民政局')).toEqual(['县司法局', '县财政局', '县民政局'])
    expect(splitUnitList('县发改局 县财政局\u3000县审计局')).toEqual(['县发改局', '县财政局', '县审计局'])
    expect(splitUnitList('县 司法局')).toEqual(['县司法局'])
  })

  it('survives odd input', () => {
    expect(splitUnitList('')).toEqual([])
    expect(splitUnitList('   ')).toEqual([])
    expect(splitUnitList('等')).toEqual([])
    expect(splitUnitList('县财政局（牵头')).toEqual(['县财政局（牵头'])
    expect(splitUnitList('😀、县司法局')).toEqual(['😀', '县司法局'])
    expect(splitUnitList(undefined as unknown as string)).toEqual([])
  })

  it('splits at 及/和/与 as the straightforward (quadratic) version did', () => {
    // Unit names, their endings, conjunctions, 等 tails, brackets and edge punctuation, densely mixed.
    const piece = fc.constantFrom(
      '县财政局', '县审计局', '局', '分局', '管理区', '中心', '镇', '和', '及', '以及', '与', '等', '有关', '单位', '3个', '成员',
      '（', '）', '(', ')', '【', '】', ' ', '\u3000', '\u200b', '。', '.', '"', '：', '住房', '城乡建设局', 'x', '\n', '😀',
    )
    const item = fc.array(piece, { maxLength: 16 }).map((a) => a.join(''))
    fc.assert(
      fc.property(item, (it) => {
        expect(splitConjunctions(it)).toEqual(splitConjunctionsReference(it))
        expect(clean(it)).toBe(cleanReference(it))
      }),
      { seed: 7, numRuns: 5_000 },
    )
  })

  it('is linear in long cells (the straightforward version took minutes at 100 KB)', () => {
    expect(splitUnitList('县财政局和'.repeat(20_000) + '县审计局等')).toHaveLength(20_001)
    // Split at the first 和 only: the text before each later one (和, 和和, …) is no unit.
    expect(splitUnitList('县财政局' + '和'.repeat(100_000) + '县审计局')).toEqual(['县财政局', '和'.repeat(99_999) + '县审计局'])
    expect(splitUnitList('县财政局' + '\u3000'.repeat(100_000) + '县审计局')).toEqual(['县财政局', '县审计局'])
    expect(splitUnitList('县财政局' + '。'.repeat(100_000) + '县审计局')).toEqual(['县财政局' + '。'.repeat(100_000) + '县审计局'])
  })
})

/** splitConjunctions as it was: the whole text before and after each top-level 及/和/与 read again. */
function splitConjunctionsReference(item: string): string[] {
  let depth = 0
  for (let off = 0; off < item.length; ) {
    const ch = String.fromCodePoint(item.codePointAt(off)!)
    const at = off
    off += ch.length
    if (isOpener(ch)) depth++
    else if (isCloser(ch)) depth = Math.max(0, depth - 1)
    if (depth !== 0) continue
    const conj = ['以及', '及', '和', '与'].find((c) => item.startsWith(c, at))
    if (!conj || at === 0) continue
    const left = item.slice(0, at).trim()
    const right = item.slice(at + conj.length).trim()
    if (!left || !right) continue
    if (endsLikeUnit(left) && endsLikeUnit(clean(right))) return [left, ...splitConjunctionsReference(right)]
  }
  return [item]
}

/** clean as it was, with the trailing edge pattern that tried every run to its end. */
function cleanReference(s: string): string {
  const edge = /^[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+|[\s\u3000\u200b-\u200f\u2060\ufeff。.:：!！?？"“”'‘’]+$/g
  const etc = /等(?:[0-9一二三四五六七八九十]+个)?(?:有关|相关|其他|其它)?(?:成员)?(?:单位|部门|机构)?$/
  return s.replace(edge, '').replace(etc, '').replace(edge, '')
}
