/**
 * Hostile text for the fuzz tests: fragments the parsers look for (task references, status words,
 * labels, brackets, separators, numerals) mixed with any Unicode, and 100 KB repetitions of them.
 * Seeded and modest by default; FUZZ_RUNS=1000 (and FUZZ_SEED) for a longer local hunt.
 */
import fc from 'fast-check'

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20220825)
const runs = Number(process.env.FUZZ_RUNS ?? 0)

/** fast-check parameters: a fixed seed (reproducible in CI), `n` runs unless FUZZ_RUNS says more. */
export const params = (n: number) => ({ seed: FUZZ_SEED, numRuns: runs > 0 ? runs : n, endOnFailure: true })

/** ~100 KB: the size of a hostile chat message or one table line pasted many times. */
export const BIG = 100_000

export const FRAGMENTS = [
  '第', '项', '第1项', '第57项', '第五十七项', '1、', '2，', '3；', '13至16项', '任务41', '1-3', '①', '⑩', '(1)', '（一）', '一、', '1.', '1．',
  '已完成', '已落实', '正在推进', '进行中', '未启动', '遇到困难', '需协调', '完成70%', '７０％', '百分之八十', '预计', '11月底', '2024年6月底前', '年底前',
  '每季度', '本文印发30日内', '个工作日内', '持续推进', '牵头单位：', '责任单位:', '配合单位：', '指导单位：', '完成时限：', '责任时限：',
  '县发改局', '县司法局', '人社局', '县住房和城乡建设局', '工业和信息化局（商务局）', '县政府各部门', '各镇人民政府（场）', '县政府规范性文件起草单位',
  '、', '，', '；', ',', ';', '（', '）', '(', ')', '【', '】', '[', ']', '《', '》', '“', '”', '"', "'", '<', '>', '&lt;', '&amp;', '<msg>', '</msg>',
  '<title>', '<refermsg>', '<content>', '「', '」', '- - - - - - - - - - - - - - -', '\n', '\r\n', '\t', ' ', '　', '\u200b', '\u2005', '\ufeff',
  '@督办助手', '@张三', '绑定', '我是', '联络员', '搜索', '帮助', '撤销', '更多', '进度汇总', '导出台账', '代', '帮', '报一下', '谁负责', '负责什么', '有哪些任务',
  '0', '1', '9', '00000000000000000000', '99999999999999999999', '１２３', '一', '十', '百', '千', '万', '亿', '两', '〇', '零', '.', '．', '%', '％', '~', '～', '—', '-', '至', '到', '及', '和',
  '\\', '$', '^', '*', '+', '?', '|', '{', '}', '\u0000', '\u0007', '\ud800', '\udfff', '😀', '👨‍👩‍👧', 'é', '\u0301', '\u202e', 'ﷺ', '𠀀',
]

/** Any code point (lone surrogates too) or a meaningful fragment. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.nat(1_000_000_000).map(String) },
)

/** A short hostile text (up to a few hundred characters). */
export const hostileText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''))

/** A hostile fragment repeated to ~100 KB, sometimes with a prefix that makes it look meaningful. */
export const bigText = fc
  .tuple(fc.constantFrom('', '第', '第1项', '@督办助手 ', '牵头单位：', '搜索 ', '绑定 '), fc.array(piece, { minLength: 1, maxLength: 8 }), fc.constantFrom('', '已完成', '项已完成', '）', '\n'))
  .map(([head, parts, tail]) => {
    const unit = parts.join('') || '、'
    return head + unit.repeat(Math.ceil(BIG / unit.length)).slice(0, BIG) + tail
  })

/** Fixed 100 KB inputs aimed at regular expressions: runs, nested brackets, separators, digits. */
export function pathologicalInputs(): [string, string][] {
  const n = BIG
  const nest = (open: string, close: string) => open.repeat(n / 4) + '县司法局' + close.repeat(n / 4)
  return [
    ['long digit run (10 KB)', '第' + '1'.repeat(9_990) + '项已完成'],
    ['status words (10 KB)', '已完成正在推进'.repeat(1_400)],
    ['task refs (10 KB)', '第1项、第2项，第3项；'.repeat(900)],
    ['spaces (10 KB)', ' '.repeat(9_990) + '第1项已完成'],
    ['long digit run', '第' + '1'.repeat(n) + '项已完成'],
    ['digits and separators', '1、'.repeat(n / 2) + '项已完成'],
    ['task refs with 、，；', '第1项、第2项，第3项；'.repeat(n / 12)],
    ['only 、', '、'.repeat(n)],
    ['only ，；', '，；'.repeat(n / 2)],
    ['mixed separators and units', '县发改局、公安局，民政局；'.repeat(n / 13)],
    ['nested full-width brackets', nest('（', '）')],
    ['nested half-width brackets', nest('(', ')')],
    ['unclosed brackets', '（'.repeat(n)],
    ['closing brackets', '）'.repeat(n)],
    ['alternating brackets', '（(【[《'.repeat(n / 5)],
    ['chinese numerals', '第' + '一二三四五六七八九十百'.repeat(n / 11) + '项'],
    ['percent run', '完成' + '7'.repeat(n) + '%'],
    ['percent signs', '%％'.repeat(n / 2)],
    ['status words', '已完成正在推进'.repeat(n / 7)],
    ['labels', '牵头单位：责任单位：配合单位：'.repeat(n / 15)],
    ['one long line of text', '推进政务公开标准化规范化建设'.repeat(n / 14)],
    ['spaces', ' '.repeat(n) + '第1项已完成'],
    ['ideographic spaces and zero-width', '\u3000\u200b'.repeat(n / 2) + '第1项已完成'],
    ['newlines', '\n'.repeat(n)],
    ['many short lines', '1.\n牵头单位：县司法局\n'.repeat(n / 14)],
    ['dates', '2024年6月30日前'.repeat(n / 11)],
    ['range words', '第1至'.repeat(n / 3) + '2项已完成'],
    ['xml-ish', '<msg><appmsg><title>'.repeat(n / 20)],
    ['entities', '&lt;&amp;&#x4e00;'.repeat(n / 16)],
    ['emoji', '😀'.repeat(n / 2)],
    ['lone surrogates', '\ud800'.repeat(n)],
    ['at-mentions', '@张三\u2005'.repeat(n / 4)],
    // Runs inside a line (not at its ends): a trailing pattern such as /\s+$/ tried each run to its end.
    ...['　', ' ', '\u200b', '。', '？', '"', '\u0000'].map((c): [string, string] => [`run of ${JSON.stringify(c)} inside a line`, '县司法局' + c.repeat(n) + '县财政局已完成']),
    ['run of 和', '县财政局' + '和'.repeat(n) + '县审计局'],
    ['units joined by 和', '县财政局和'.repeat(n / 5) + '县审计局等'],
    ['a city branch name', '州局'.repeat(n / 2) + '分局'],
    ['recurrences', '每年'.repeat(n / 2)],
    ['status marks', '√'.repeat(n)],
    ['xml openers', '<title>'.repeat(n / 7)],
    ['xml openers with attributes', '<content\t'.repeat(n / 9)],
    ['refermsg openers', '<msg><refermsg>'.repeat(n / 15)],
    ['digits then spaces', '1' + '\t'.repeat(n) + '项'],
    // Words that cut many ways (已经 = 已 + 经…): exponential in a backtracking regex, so short.
    ['filler words (10 KB)', '第1项已完成，已' + '进度反馈'.repeat(2_400) + '度'],
    ['subject words (10 KB)', '有哪些'.repeat(3_000) + '县逾期'],
  ]
}
