/**
 * Pieces shared by the text parser and the rows (xlsx/docx) parser: unit lists, role labels,
 * inline annotations, headings, the document trailer, and turning drafts into ParsedTasks.
 */
import { ASSIGNMENT_ROLES, TableParseError, type AssignmentRole, type ParsedTask, type UnparsedLine } from './model.js'
import { parseDeadline, readTaskDeadline } from './deadline.js'
import { weekdayCalendar, type WorkCalendar, makeDate } from './calendar.js'
import { NUMERAL_CLASS, parseChineseNumber, toHalfWidth } from '../numerals.js'
import { splitUnitList } from '../units/split.js'

export type LabelKind = AssignmentRole | 'deadline'

/** A task while it is being read; deadlines resolve once the issue date (trailer) is known. */
export interface TaskDraft {
  number: number
  section: string | null
  subsection: string | null
  text: string
  units: Record<AssignmentRole, string[]>
  deadlineText: string | null
  line: number
  /** 责任领导：张三 and other columns kept as a note. */
  note?: string
  /** The printed number when it is not `number` (items restarting in each section: 二、3). */
  label?: string
}

export function emptyUnits(): Record<AssignmentRole, string[]> {
  return { lead: [], responsible: [], guide: [], support: [] }
}

export function hasUnits(units: Record<AssignmentRole, string[]>): boolean {
  return ASSIGNMENT_ROLES.some((r) => units[r].length > 0)
}

/**
 * Trim including the ideographic space, NBSP, BOM and zero-width marks that Word exports leave around cells.
 * Trailing patterns here and below (`[…]+$`) carry a lookbehind so that a match starts only where a run
 * starts: without it each position inside a long run inside a line tried the run to its end (quadratic).
 */
export function clean(s: string): string {
  return s.replace(/^[\s\u00a0\u3000\ufeff\u200b-\u200f\u2060]+|(?<![\s\u00a0\u3000\ufeff\u200b-\u200f\u2060])[\s\u00a0\u3000\ufeff\u200b-\u200f\u2060]+$/g, '')
}

/** Brackets an annotation or a unit name may use: （） () 〔〕 【】 [] ［］ 〖〗, and 《》 for titles. */
const OPEN_BRACKETS = '（(〔【[［〖《'
const CLOSE_BRACKETS = '）)〕】]］〗》'

/** Split on a separator set, ignoring separators inside any bracket (（…） 〔…〕 【…】 […] 《…》). */
export function splitOutsideBrackets(s: string, separators: RegExp): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const c of s) {
    if (OPEN_BRACKETS.includes(c)) depth++
    else if (CLOSE_BRACKETS.includes(c)) depth = Math.max(0, depth - 1)
    if (depth === 0 && separators.test(c)) {
      parts.push(current)
      current = ''
    } else {
      current += c
    }
  }
  parts.push(current)
  return parts
}

/**
 * "县发改局、县财政局和县审计局，各镇人民政府（场）" -> raw names as printed (prefixes are not resolved
 * here). The unit-list grammar lives in units/split.ts; a cell that says 无 or — names nobody.
 */
export function splitUnits(value: string): string[] {
  return splitUnitList(value)
    .map((u) => u.replace(/^(?:等|及|和|以及)(?=.{2})/, ''))
    .filter((u) => !/^[-—－/／无]+$/.test(u))
}

export function addUnits(units: Record<AssignmentRole, string[]>, role: AssignmentRole, names: string[]): void {
  for (const n of names) if (!units[role].includes(n)) units[role].push(n)
}

const LABELS: [string, LabelKind][] = [
  ['牵头责任单位', 'lead'], ['主要责任单位', 'lead'], ['其他责任单位', 'support'], ['牵头单位', 'lead'], ['牵头部门', 'lead'], ['牵头', 'lead'],
  ['具体责任单位', 'responsible'], ['责任单位', 'responsible'], ['责任部门', 'responsible'],
  ['主责单位', 'responsible'], ['主责部门', 'responsible'], ['承办单位', 'responsible'],
  ['实施单位', 'responsible'], ['落实单位', 'responsible'], ['负责单位', 'responsible'],
  ['指导单位', 'guide'], ['指导部门', 'guide'],
  ['配合单位', 'support'], ['配合部门', 'support'], ['协办单位', 'support'], ['协助单位', 'support'],
  ['协同单位', 'support'], ['参与单位', 'support'], ['参加单位', 'support'], ['配合', 'support'],
  ['完成时限要求', 'deadline'], ['完成时限', 'deadline'], ['时限要求', 'deadline'], ['完成时间', 'deadline'],
  ['责任时限', 'deadline'], ['时间要求', 'deadline'], ['完成期限', 'deadline'], ['时间节点', 'deadline'],
  ['办结时限', 'deadline'], ['时限', 'deadline'],
]
const LABEL_ALT = LABELS.map(([l]) => l).join('|')
const LABEL_KIND = new Map(LABELS)
/** 牵头单位： / 责任单位: / 牵头单位（部门）： — a label must carry a colon to count as one. */
const LABEL_AT = new RegExp(`(${LABEL_ALT})(?:[（(][^）)]{1,6}[)）])?\\s*[：:]`, 'g')

export interface LabelSegment {
  kind: LabelKind
  value: string
}

/**
 * Split a line at its labels: "做好A工作。牵头单位：县发改局；完成时限：2022年底前" ->
 * before "做好A工作。" and two segments. A label counts at the start or after punctuation/space,
 * so that "明确责任单位：" inside a sentence is less likely to be taken (it still is after a space).
 */
export function splitLabels(line: string): { before: string; segments: LabelSegment[] } {
  const hits: { index: number; end: number; kind: LabelKind }[] = []
  // Bracket depth at `scanned`, carried forward from one label match to the next (matches come in
  // order), so a long line is walked once rather than from its start for every match.
  let depth = 0
  let scanned = 0
  for (const m of line.matchAll(LABEL_AT)) {
    for (; scanned < m.index; scanned++) depth = bracketStep(depth, line[scanned] as string)
    // Labels inside a bracket belong to an annotation, read as a whole later.
    if (depth > 0) continue
    const prev = line[m.index - 1]
    if (m.index > 0 && prev !== undefined && !/[。；;，,\s\u3000）)]/.test(prev)) continue
    hits.push({ index: m.index, end: m.index + m[0].length, kind: LABEL_KIND.get(m[1] as string) as LabelKind })
  }
  if (hits.length === 0) return { before: line, segments: [] }
  const segments = hits.map((h, i) => ({
    kind: h.kind,
    value: clean(line.slice(h.end, hits[i + 1]?.index ?? line.length)).replace(/(?<![；;，,。])[；;，,。]+$/, ''),
  }))
  return { before: clean(line.slice(0, (hits[0] as { index: number }).index)), segments }
}

/** Depth after character `c`: any opening bracket of OPEN_BRACKETS but 《 opens, its closer closes (never below 0). */
function bracketStep(depth: number, c: string): number {
  if (c !== '《' && OPEN_BRACKETS.includes(c)) return depth + 1
  if (c !== '》' && CLOSE_BRACKETS.includes(c)) return Math.max(0, depth - 1)
  return depth
}

// --- inline annotations: （县发改局牵头，县财政局配合） / （责任时限：…；牵头单位：…） ---

export interface Annotation {
  units: Record<AssignmentRole, string[]>
  deadlineText: string | null
}

const VERB_RE =
  /^(?:由)?(.*?)(?:按职责分工|按职能分工|按职责|根据职责|依职责|分别|共同|等单位|等部门|等)?(牵头负责|牵头|负责|配合|协助|协办|参与|指导)(?:落实|实施|推进|完成)?$/
const VERB_ROLE: Record<string, AssignmentRole> = {
  牵头负责: 'lead', 牵头: 'lead', 负责: 'responsible', 配合: 'support', 协助: 'support', 协办: 'support',
  参与: 'support', 指导: 'guide',
}

const PROBE = { issuedOn: '2000-01-01', calendar: weekdayCalendar }

/** A whole phrase that is a deadline: 2022年底前完成, 本文印发30日内, 持续推进, 每季度. */
export function isDeadlinePhrase(p: string): boolean {
  const d = parseDeadline(p, PROBE)
  if (d.kind === 'none') return false
  if (d.kind === 'ongoing') return /^(持续推进|长期坚持|长期|全年|常态化|持续开展|长期推进|持续)$/.test(p)
  // The phrase must be mostly the date itself, not a sentence that contains one.
  return p.length <= 20 && !/(局|委|办|室|政府|中心|单位|部门)/.test(p)
}

/** Parse the inside of a bracket as a unit/deadline annotation; null when it is ordinary text. */
export function parseAnnotation(inner: string): Annotation | null {
  const units = emptyUnits()
  let deadlineText: string | null = null
  let currentRole: AssignmentRole | null = null
  let pending: string[] = []
  let roles = 0
  for (const raw of splitOutsideBrackets(inner, /[；;，,]/)) {
    const part = clean(raw).replace(/(?<![。.])[。.]+$/, '')
    if (part === '') continue
    const labelled = splitLabels(part)
    if (labelled.segments.length > 0 && labelled.before === '') {
      if (pending.length > 0) return null
      for (const seg of labelled.segments) {
        if (seg.kind === 'deadline') {
          deadlineText = deadlineText ? `${deadlineText}，${seg.value}` : seg.value
          currentRole = null
        } else {
          addUnits(units, seg.kind, splitUnits(seg.value))
          currentRole = seg.kind
          roles++
        }
      }
      continue
    }
    const verb = VERB_RE.exec(part)
    if (verb) {
      const names = [...pending, ...splitUnits(verb[1] ?? '')]
      if (names.length === 0) return null
      addUnits(units, VERB_ROLE[verb[2] as string] as AssignmentRole, names)
      pending = []
      currentRole = null
      roles++
      continue
    }
    if (isDeadlinePhrase(part)) {
      deadlineText = deadlineText ? `${deadlineText}，${part}` : part
      continue
    }
    if (currentRole) addUnits(units, currentRole, splitUnits(part))
    else pending.push(...splitUnits(part))
  }
  if (pending.length > 0 || (roles === 0 && deadlineText === null)) return null
  return { units, deadlineText }
}

/**
 * Take a trailing annotation off a task's text: "做好A工作（县发改局牵头，县财政局配合）。" ->
 * text "做好A工作。" plus the annotation, in any bracket (（） 〔〕 【】 [] ［］). Only the last bracket
 * counts, matched with the brackets nested in it (〔牵头单位：…，各街道（功能区）〕); brackets inside a
 * sentence (村（居）民, 各镇（场）) and a unit name's own bracket (县委宣传部（县新闻办）) are part of the
 * text, since their insides name no role (parseAnnotation returns null).
 */
export function takeTrailingAnnotation(text: string): { text: string; annotation: Annotation | null } {
  const tailAt = trailingPunctStart(text)
  const tailPunct = clean(text.slice(tailAt))
  const body = clean(text.slice(0, tailAt))
  const open = trailingBracketStart(body)
  if (open < 0) return { text, annotation: null }
  const annotation = parseAnnotation(body.slice(open + 1, -1))
  if (!annotation) return { text, annotation: null }
  let rest = clean(body.slice(0, open))
  if (tailPunct && rest !== '' && !/[。；;.！？]$/.test(rest)) rest += tailPunct
  return { text: rest, annotation }
}

/** Where the bracket closing `body` opens (any bracket style, nesting counted), or -1. */
function trailingBracketStart(body: string): number {
  const last = body[body.length - 1]
  if (last === undefined || last === '》' || !CLOSE_BRACKETS.includes(last)) return -1
  let depth = 0
  for (let i = body.length - 1; i >= 0; i--) {
    const c = body[i] as string
    if (c === '《' || c === '》') continue
    if (CLOSE_BRACKETS.includes(c)) depth++
    else if (OPEN_BRACKETS.includes(c) && --depth === 0) return i
  }
  return -1
}

/** The inside of a line that is only a bracket (an annotation on its own line), or null. */
export function wholeBracketInner(line: string): string | null {
  const body = line.replace(/[。；;]$/, '')
  return trailingBracketStart(body) === 0 ? body.slice(1, -1) : null
}

/**
 * Where /[。；;.]?\s*$/ would match: the trailing whitespace and one sentence mark before it. Found
 * from the end, since that regex tries every whitespace run in the text to its end (quadratic).
 */
function trailingPunctStart(text: string): number {
  let i = text.length
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--
  return i > 0 && '。；;.'.includes(text[i - 1] as string) ? i - 1 : i
}

export function mergeAnnotation(draft: TaskDraft, a: Annotation): void {
  for (const role of ASSIGNMENT_ROLES) addUnits(draft.units, role, a.units[role])
  if (a.deadlineText) addDeadlineText(draft, a.deadlineText)
}

/**
 * A unit cell or label value for `role`: a plain list, or one that assigns roles itself
 * (落实单位：县乡村振兴局牵头，县民政局、县医保局配合), read like an annotation.
 */
export function addUnitValue(draft: TaskDraft, role: AssignmentRole, value: string): void {
  const annotation = /牵头|配合|协助|协办|参与|指导|负责/.test(value) ? parseAnnotation(value) : null
  if (annotation) mergeAnnotation(draft, annotation)
  else addUnits(draft.units, role, splitUnits(value))
}

/**
 * Add to a task's deadline text: separate values join with "，"; a line that continues a wrapped
 * cell mid-phrase ("2023年" / "10月底前") joins without one.
 */
export function addDeadlineText(draft: TaskDraft, value: string, continuation = false): void {
  const v = clean(value)
  if (v === '') return
  const prev = draft.deadlineText
  if (!prev) draft.deadlineText = v
  else draft.deadlineText = prev + (continuation && /[年月第至到0-9０-９]$/.test(prev) ? '' : '，') + v
}

// --- headings ---

const CN = '[一二三四五六七八九十百]+'
const SECTION_RE = new RegExp(`^(?:${CN}\\s*[、.．]|第${CN}(?:部分|章|篇|编)|[IVX]+[、.．])`)
const SUBSECTION_RE = new RegExp(`^(?:[（(]\\s*${CN}\\s*[)）]|第${CN}节)`)

export function headingLevel(line: string): 'section' | 'subsection' | null {
  if (SECTION_RE.test(line)) return 'section'
  if (SUBSECTION_RE.test(line)) return 'subsection'
  return null
}

/** Headings are compared without spaces: a page-break repeat may be re-flowed differently. */
export function sameHeading(a: string | null, b: string): boolean {
  return a !== null && a.replace(/\s+/g, '') === b.replace(/\s+/g, '')
}

// --- header cells and the trailer ---

const HEADER_WORDS = new Set([
  '序号', '编号', '工作任务', '重点任务', '主要任务', '任务', '具体要求', '具体措施', '任务内容', '工作内容',
  '工作措施', '主要内容', '任务要求', '工作要求', '具体任务', '落实单位', '责任单位', '牵头单位', '配合单位',
  '协办单位', '指导单位', '责任分工', '完成时限', '时限要求', '完成时间', '责任时限', '时间要求', '完成期限',
  '备注', '工作目标', '责任领导', '任务分解', '类别', '项目',
])

export function isHeaderWord(cell: string): boolean {
  return HEADER_WORDS.has(cell.replace(/[\s\u3000]+/g, ''))
}

/** A header row copied as one line (序号  工作任务  牵头单位), its cells split at tabs or wide spaces. */
export function isHeaderLine(line: string): boolean {
  const cells = line.split(/\t|\s{2,}|\u3000+/).map(clean).filter((c) => c !== '')
  return cells.length > 0 && cells.every(isHeaderWord)
}

/** A line that is only an organisation's name: the issuer above its date. */
const ISSUER_RE = /^[\u4e00-\u9fa5（）()]{2,40}(办公室|人民政府|委员会|办公厅|领导小组|指挥部|局|厅|委|办)$/

export function isIssuerLine(line: string): boolean {
  return ISSUER_RE.test(clean(line))
}

const CN_DATE =
  `((?:\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*[${NUMERAL_CLASS}]{1,3}\\s*月\\s*[${NUMERAL_CLASS}]{1,3}\\s*日)`
/**
 * "惠来县人民政府办公室　　2022年8月25日印发", "2023 年 8 月 15 日印发" (full width read as half). The
 * lookbehind lets the spaces before the date start only where a run of spaces starts (the shortest
 * issuer never ends in a space anyway): otherwise every position of a long run is tried to its end.
 */
const ISSUED_RE = new RegExp(`^(.*?)(?<!\\s)\\s*${CN_DATE}\\s*印发$`)
/** A signature without 印发: "XX县人民政府办公室  2024年3月8日", or the date alone under the issuer. */
const SIGNED_RE = new RegExp(`^(.*?)(?<!\\s)\\s*${CN_DATE}$`)

/**
 * A dated line of the trailer or signature: its issuer (when on the same line), date, and whether it
 * says 印发. Null when the line is not one.
 */
export function datedLine(line: string): { issuer: string | null; date: string | null; issued: boolean } | null {
  // 二○二三年 is typed with a circle as often as with 〇.
  const l = clean(toHalfWidth(line)).replace(/[○◯Ｏ]/g, '〇')
  const issued = ISSUED_RE.exec(l)
  const m = issued ?? SIGNED_RE.exec(l)
  if (!m) return null
  const before = clean(m[1] as string)
  // Without 印发, only an organisation's name may precede the date ("完成时限：2024年3月8日" is no signature).
  if (!issued && before !== '' && !ISSUER_RE.test(before)) return null
  return { issuer: before || null, date: parseCnDate(m[2] as string), issued: issued !== null }
}

/** 公开方式 / 分送 / 抄送 / 主送 / the 印发 line: everything from here on is the trailer. */
export function isTrailerStart(line: string): boolean {
  const l = clean(line)
  return /^(公开方式|公开属性|分送|抄送|主送|抄报)\s*[：:]/.test(l) || datedLine(l)?.issued === true || /^[（(]此件.{0,8}公开/.test(l)
}

// --- the notice around a table (issue 13): lines that are neither its title nor a task ---

/** Web page furniture copied with the text: 来源：…, 发布时间：…, 【字体：大 中 小】, 打印本页, 分享到：… */
const PAGE_META_RE =
  /^(当前位置|您当前的位置|您现在的位置|所在位置|来源|信息来源|文章来源|发布时间|发布日期|更新时间|发布机构|发文机关|发文机构|发文字号|发文日期|文号|索引号|成文日期|公开范围|公开方式|生成日期|公开日期|公开时间|主题分类|信息分类|主题词|有效性|标题|内容概述|政策咨询机关|政策咨询电话|浏览次数|浏览量|点击数|点击率|点击量|访问次数|访问量|阅读次数|阅读量|作者|编辑|责任编辑|审核|字号|分享|主办单位|主办|网站标识码|备案号|技术支持|联系电话|地址)[：:]/
/** Buttons, links and the footer of a portal page (网站地图, 主办单位…, 粤ICP备…). */
const PAGE_CHROME_RE =
  /^(【\s*(字体|打印|关闭|我要纠错|收藏|法宝引证码|时效性|效力级别|发布部门|发文字号|发布日期|实施日期|法规类别)|\[\s*(打印|关闭)|字体[：:]|分享到|上一篇|下一篇|扫一扫在手机|用微信扫描二维码|版权所有|Copyright|©|首页\s*[>＞»›])|^((打印|关闭|保存)本页|关闭窗口|返回顶部|返回首页|网站地图|联系我们|设为首页|加入收藏|无障碍浏览|无障碍|长者模式|关怀版|我要纠错)(?=$|[\s|｜丨/／【\[·•])|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备\s*\d|公网安备\s*\d/i
/** A page number printed in the footer (— 3 —, -3-, 第3页 共5页). */
const PAGE_NUMBER_RE = /^[-—–－]+\s*\d{1,4}\s*[-—–－]+$|^第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$/

/**
 * A line of the page around the document rather than of the document: `web` for a portal's
 * furniture (metadata, as a table row too: "索引号: | …", buttons, the footer), `print` for a page
 * number of a printed page. Neither is a title, a task's text or an unparsed line; a portal's
 * furniture after the last task also means the document has ended (a page number may fall inside a task).
 */
export function pageFurniture(line: string): 'web' | 'print' | null {
  // "标 题:" and "有 效 性:" are spaced out on some portals; "• 索引号:" comes from a list.
  const l = clean(line).replace(/^[•·●▪]\s*/, '')
  if (PAGE_NUMBER_RE.test(l)) return 'print'
  const colon = l.search(/[：:]/)
  const key = colon >= 0 && colon <= 12 ? `${l.slice(0, colon).replace(/\s+/g, '')}：` : ''
  return PAGE_META_RE.test(key) || PAGE_CHROME_RE.test(l) ? 'web' : null
}

export function isPageFurniture(line: string): boolean {
  return pageFurniture(line) !== null
}

export type NoticeLineKind = 'letterhead' | 'doc_number' | 'salutation' | 'preamble' | 'public_note' | 'page' | 'signature'

/**
 * What a line of the notice above a table is, or null for a line that may be a title: the letterhead
 * (XX市XX区人民政府办公室文件), the document number (X府办〔2023〕5号), the salutation (各镇政府，…：),
 * a preamble paragraph (现将…印发给你们，请认真贯彻落实。), （此件公开发布）, page furniture, the signature.
 */
export function noticeLineKind(line: string): NoticeLineKind | null {
  const l = clean(line)
  if (isPageFurniture(l)) return 'page'
  if (/^[（(]\s*此件.{0,8}公开.{0,4}[)）]$/.test(l) || /^(公开方式|公开属性)\s*[：:]/.test(l)) return 'public_note'
  if (l.length <= 40 && /文件$/.test(l) && !/[，。、]/.test(l)) return 'letterhead'
  if (/^签发人\s*[：:]/.test(l)) return 'doc_number'
  if (l.length <= 30 && /[〔［[（(]\s*\d{4}\s*[〕］\]）)]\s*\d{1,4}\s*号$/.test(toHalfWidth(l))) return 'doc_number'
  // A portal's page title: the notice's name with its number (2025年县政府重点工作任务（某政发〔2025〕2号）).
  if (/[（(][^（()）]{0,12}[〔［[]\s*\d{4}\s*[〕］\]]\s*\d{1,4}\s*号[)）]$/.test(toHalfWidth(l))) return 'doc_number'
  if (/[：:]$/.test(l)) return 'salutation'
  // A paragraph copied from a web page may break after any comma.
  if (/[。！；;，,、]$/.test(l) || /(印发给你们|现印发|请认真|请结合|请各|如下[，,：:])/.test(l)) return 'preamble'
  // 特此通知 closes the notice; （联系人：…，联系电话：…） follows its signature.
  if (/^(特此通知|此通知|特此函告)$/.test(l) || /^[（(]\s*(联系人|联系电话|联系方式)/.test(l)) return 'preamble'
  if (isIssuerLine(l) || datedLine(l) !== null) return 'signature'
  return null
}

/**
 * Lines of the notice above a table (text lines, or a .docx's paragraphs before its table) that are
 * neither the title, nor part of the notice (letterhead, number, salutation, preamble, its own numbered
 * paragraphs, signature), nor page furniture, a header row or an attachment line: the clerk is shown
 * them. A note (填报说明：…, 注：…) is always shown: it may hold an instruction.
 */
export function unreadNotice(lines: string[], at: number[], title: string | null): UnparsedLine[] {
  const out: UnparsedLine[] = []
  const inNoticeTitle = noticeTitleLines(lines)
  lines.forEach((line, i) => {
    // A fill-in line (填报单位（盖章）：) too: the table is a form someone has to complete.
    const note = /^(填报说明|说明|备注|注)\s*[：:]/.test(line) || /^(填报|填表)/.test(line)
    const understood =
      (title !== null && title.includes(line)) || inNoticeTitle[i] === true || noticeLineKind(line) !== null || isNumbered(line) ||
      isTrailerStart(line) || isHeaderLine(line) || /^附件\s*\d*\s*[：:]?/.test(line) ||
      /^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$/.test(toHalfWidth(line))
    if (note || !understood) out.push({ line: at[i] as number, text: line })
  })
  return out
}

/**
 * 一、 / （一） / 1. / （1） at the start: above the table, one of the notice's own numbered paragraphs
 * (一、提高认识), since tasks and sections start below them.
 */
function isNumbered(line: string): boolean {
  return headingLevel(line) !== null || (!FILE_NAME_RE.test(line) && /^[（(]?\s*[\d０-９]{1,3}\s*[)）.、．]/.test(line))
}

/** A line that names a plan: the table's title is one (分工, 分解, 任务清单, 方案, 要点…). */
export function namesPlan(line: string): boolean {
  return /(分工|分解|清单|方案|要点|台账|计划)/.test(line)
}

/**
 * The plan a notice title sends out: "…关于印发《X》的通知" / "…关于印发X的通知" -> X; null for a line
 * that is no notice title.
 */
export function planOfNoticeTitle(line: string): string | null {
  const m = /关于(?:印发|下发|转发)(.+?)的通知$/.exec(clean(line))
  if (!m) return null
  const quoted = /^《(.+)》$/.exec(m[1] as string)
  return clean(quoted ? (quoted[1] as string) : (m[1] as string)) || null
}

/** A file's name as a web page lists it under 附件： (…任务分解表.docx). */
export const FILE_NAME_RE = /\.(docx?|xlsx?|wps|et|pdf|ofd)$/i

function looksLikeTitle(line: string): boolean {
  return !/^附件\s*\d*$/.test(line) && !/^[（(]?\s*\d{4}年\d{1,2}月\d{1,2}日\s*[)）]?$/.test(line)
}

/**
 * "附件：X任务分解表" / "附件1：X.docx" / "1.X.docx" (a file listed under 附件：) -> the attachment's name
 * X; null for any other line.
 */
function attachmentName(line: string): string | null {
  const m = /^附件\s*\d*\s*[：:]\s*(.+)$/.exec(line)
  const name = m ? (m[1] as string) : FILE_NAME_RE.test(line) ? line : null
  if (name === null) return null
  return clean(name.replace(FILE_NAME_RE, '').replace(/^\d{1,2}\s*[.、．]\s*/, '')) || null
}

/**
 * Which lines are (part of) a notice title: …关于印发X的通知 on one line, or over two or three
 * (关于印发《X》 / 任务分工的通知). They are understood, not the table's title.
 */
export function noticeTitleLines(lines: string[]): boolean[] {
  const out = lines.map((l) => planOfNoticeTitle(l) !== null)
  for (let i = 0; i < lines.length; i++) {
    if (!/关于/.test(lines[i] as string) || /通知$/.test(lines[i] as string)) continue
    let joined = lines[i] as string
    let j = i + 1
    while (j < lines.length && j <= i + 2 && !/通知$/.test(joined)) joined += lines[j++] as string
    if (planOfNoticeTitle(joined) !== null) for (let k = i; k < j; k++) out[k] = true
  }
  return out
}

function mayBeTitle(line: string): boolean {
  // A numbered line (一、提高认识 / 1. 各单位要…) is a paragraph of the notice, never the title.
  return looksLikeTitle(line) && !isNumbered(line) && noticeLineKind(line) === null && !isTrailerStart(line) && splitLabels(line).segments.length === 0
}

/**
 * A plan's title printed over two lines (某区政府2025年重点工作 / 任务分解和责任分工方案) as one line: the
 * first half names no plan but its year (or the second goes on with 任务/重点/工作…), neither is a sentence.
 */
function joinTitleHalves(lines: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as string
    const second = lines[i + 1]
    const half = (l: string) => l.length <= 30 && !/[，,。；;：:、]/.test(l) && mayBeTitle(l) && planOfNoticeTitle(l) === null
    if (
      second !== undefined && half(first) && half(second) && !namesPlan(first) && namesPlan(second) &&
      (/\d{4}\s*年/.test(toHalfWidth(first)) || /^(任务|重点|工作|责任|分工|实施|行动|目标)/.test(second))
    ) {
      out.push(first + second)
      i++
    } else out.push(first)
  }
  return out
}

/** A notice title over two or three lines (…办公室 / 关于印发《X》 / 任务分工的通知) as one line. */
function joinNoticeTitles(lines: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string
    if (/^关于/.test(line) && !/通知$/.test(line)) {
      let j = i + 1
      while (j < lines.length && j <= i + 2 && !/通知$/.test(line)) line += lines[j++] as string
      if (/的通知$/.test(line)) i = j - 1
      else line = lines[i] as string
    }
    out.push(line)
  }
  return out
}

/**
 * The title among the lines before a table (not the notice lines, 版记 or labels): the last one naming the
 * plan (the table's own title comes after the notice's), else the plan a notice title sends out
 * (关于印发《X》的通知 -> X), else the first line, as before notices were read.
 */
export function noticeTitle(lines: string[]): string | null {
  const candidates = joinNoticeTitles(joinTitleHalves(lines).flatMap((line) => {
    const attached = attachmentName(line)
    if (attached !== null) return [attached]
    return mayBeTitle(line) ? [line] : []
  }))
  const plain = candidates.filter((c) => planOfNoticeTitle(c) === null)
  const named = plain.filter(namesPlan)
  if (named.length > 0) return named[named.length - 1] as string
  for (const c of candidates) {
    const plan = planOfNoticeTitle(c)
    if (plan !== null) return plan
  }
  return candidates[0] ?? null
}

export function parseCnDate(s: string): string | null {
  const m = /^(.+)年(.+)月(.+)日$/.exec(toHalfWidth(s).replace(/\s+/g, ''))
  if (!m) return null
  const [y, mo, d] = [parseChineseNumber(m[1] as string), parseChineseNumber(m[2] as string), parseChineseNumber(m[3] as string)]
  return y === null || mo === null || d === null ? null : makeDate(y, mo, d)
}

/**
 * Issuer and issue date from the lines around a table: the 印发 line of the 版记 first, else the
 * signature ("XX县人民政府办公室\n2024年3月8日"). The issuer may sit on the line before its date.
 */
export function parseTrailer(lines: string[]): { issuer: string | null; issuedOn: string | null } {
  type Signed = { issuer: string | null; issuedOn: string | null }
  let signed = null as Signed | null
  for (let i = 0; i < lines.length; i++) {
    const d = datedLine(lines[i] as string)
    if (!d || d.date === null) continue
    let issuer = d.issuer
    if (!issuer) {
      const prev = clean(lines[i - 1] ?? '')
      if (prev && (d.issued ? !/[：:]/.test(prev) : ISSUER_RE.test(prev))) issuer = prev
    }
    if (d.issued) return { issuer, issuedOn: d.date }
    // The date printed again under the signature (a database's copy) keeps the issuer above the first.
    if (issuer === null && signed?.issuedOn === d.date) continue
    signed = { issuer, issuedOn: d.date }
  }
  return signed ?? { issuer: null, issuedOn: null }
}

// --- finishing ---

/**
 * The year a plan is for, from its title (…2024年政务公开工作要点…), or null. Only a year in a
 * plausible range counts, and only one: a title naming two years (2023—2025年) names no single plan year.
 */
export function planYearOf(title: string | null): number | null {
  if (!title) return null
  const years = [...toHalfWidth(title).matchAll(/(?<!\d)(\d{4})\s*年/g)].map((m) => Number(m[1]))
  const distinct = [...new Set(years)].filter((y) => y >= 1990 && y <= 2100)
  return distinct.length === 1 && !/(\d{4})\s*[-—–~～至到]\s*(\d{4})/.test(toHalfWidth(title)) ? (distinct[0] as number) : null
}

/**
 * Resolve deadlines against the issue date and share merged unit cells: a task with no units at
 * all takes those of the task above (and records which task they came from). The plan year of the
 * title places 年底前 / 5月底前 in a year, with or without an issue date.
 */
export function finishDrafts(
  drafts: TaskDraft[],
  opts: { file: string; issuedOn: string | null; calendar: WorkCalendar; title?: string | null },
): ParsedTask[] {
  const ctx = { issuedOn: opts.issuedOn, calendar: opts.calendar, planYear: planYearOf(opts.title ?? null) }
  const tasks: ParsedTask[] = []
  for (const d of drafts) {
    let units = d.units
    let inheritedFrom: number | null = null
    if (!hasUnits(units)) {
      const above = tasks[tasks.length - 1]
      if (!above) throw new TableParseError('no_units', `第${d.number}项任务没有落实单位，上方也没有可沿用的单位`, opts.file, d.line)
      units = { lead: [...above.lead], responsible: [...above.responsible], guide: [...above.guide], support: [...above.support] }
      inheritedFrom = above.unitsInheritedFrom ?? above.number
    }
    // Dates of the text's steps are kept as a note beside any note columns (阶段时限：…).
    const { deadline, steps } = readTaskDeadline(d.text, d.deadlineText, ctx)
    const note = [d.note, steps].filter((n) => n).join('；')
    tasks.push({
      number: d.number,
      section: d.section,
      subsection: d.subsection,
      text: d.text,
      lead: units.lead,
      responsible: units.responsible,
      guide: units.guide,
      support: units.support,
      deadline,
      unitsInheritedFrom: inheritedFrom,
      line: d.line,
      ...(note ? { note } : {}),
      ...(d.label !== undefined && d.label !== String(d.number) ? { label: d.label } : {}),
    })
  }
  return tasks
}

// --- numbering ---

/** How items are numbered: 1. / 1、 (arabic) or （1） (paren). */
export type ItemFamily = 'arabic' | 'paren'

/** 二 for "二、加强监管", 一 for "（一）燃气安全", 二 for "第二部分 …". */
function headingNumeral(line: string | null): string {
  const m = line === null ? null : /^(?:第)?[（(]?\s*([一二三四五六七八九十百]+)/.exec(line)
  return m ? (m[1] as string) : ''
}

/**
 * Task numbers where items restart at 1 under each section (or subsection): once a restart is seen,
 * every task is numbered in reading order and keeps its printed label (二、3 / 二（3） / 二（一）3).
 */
export class Numbering {
  private since: 'section' | 'subsection' | null = null
  private scope: 'section' | 'subsection' | null = null
  private readonly printed = new Map<TaskDraft, { n: number; family: ItemFamily; section: string | null; subsection: string | null }>()

  heading(level: 'section' | 'subsection'): void {
    if (this.since !== 'section') this.since = level
  }

  /** Whether item `n`, already seen, starts the numbering again under a new heading. */
  restarts(n: number): boolean {
    if (n !== 1 || this.since === null) return false
    if (this.scope !== 'subsection') this.scope = this.since
    return true
  }

  item(draft: TaskDraft, family: ItemFamily, section: string | null, subsection: string | null): void {
    this.printed.set(draft, { n: draft.number, family, section, subsection })
    this.since = null
  }

  finish(drafts: TaskDraft[]): void {
    if (this.scope === null) return
    drafts.forEach((d, i) => {
      const p = this.printed.get(d)
      d.number = i + 1
      if (!p) return
      const sec = headingNumeral(p.section)
      const sub = this.scope === 'subsection' && p.subsection !== null ? `（${headingNumeral(p.subsection)}）` : ''
      const own = p.family === 'paren' ? `（${p.n}）` : `${p.n}`
      // A heading without a numeral (a 类别 cell: 营商环境) is named: 营商环境第3项.
      if (sec === '' && sub === '' && p.section !== null) d.label = p.family === 'paren' ? `${p.section}${own}` : `${p.section}第${p.n}项`
      else d.label = `${sec}${sec !== '' && sub === '' && p.family === 'arabic' ? '、' : ''}${sub}${own}`
    })
  }
}
