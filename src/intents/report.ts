/**
 * Progress reports as liaisons write them: "第1项已完成", "1、2项已完成；3项正在推进",
 * "第5项完成70%，预计11月底完成", a 【进度反馈】 list, or a bare "已完成" quoting the bot's reminder.
 * Each clause (split where a new task reference starts) gives one item: tasks, status, percent,
 * expected date and whatever else was said as the note.
 */
import type { ReportStatus } from '../ledger/ports.js'
import { toHalfWidth, parseChineseNumber } from '../numerals.js'
import { findTaskRefSpans, findTaskNumbers, type TaskRefSpan } from './taskRefs.js'
import { findExpectedDate } from './expectedDate.js'
import { looksLikeUnit } from './unitText.js'
import { isQuestion, stripGreeting } from './phrases.js'
import { MAX_MESSAGE_CHARS } from '../text.js'
import { WordList } from './words.js'

export interface ReportItem {
  tasks: number[]
  status: ReportStatus
  percent: number | null
  /** YYYY-MM-DD */
  expectedDate: string | null
  note: string | null
}

export interface ParsedReport {
  items: ReportItem[]
  /** Short Chinese reasons, shown to the liaison (e.g. 进度百分比超过100%). */
  problems: string[]
}

/** How an item's status was found: only a status word or a percent makes an unmentioned message a report. */
export type StatusSource = 'word' | 'percent' | 'date'

export interface AnalyzedItem extends ReportItem {
  statusFrom: StatusSource
}

export interface ReportAnalysis {
  items: AnalyzedItem[]
  problems: string[]
  /** Task numbers written in the text itself (not taken from the quote). */
  textTasks: number[]
  /** Whether any status word occurs anywhere (used to tell reports from questions). */
  hasStatusWord: boolean
  /** Ranges too wide to be task numbers (第1至999项): nothing of them is recorded, the reply says so. */
  tooWide: { from: number; to: number }[]
}

type Kind = ReportStatus | 'not_done' | 'done_strong'

/** keep: the words say more than the status (已于9月10日在网站公开), so the note keeps them. */
interface Lex { re: RegExp; kind: Kind; keep?: boolean }

/** Words that negate a following difficulty: 无困难, 不需要协调, 未遇到问题. */
const NO = '(?<!无|没有|没|不|未|无需|不需|不需要|暂无|未遇到|没遇到|不存在)'
const DONE_VERBS =
  '完成|落实|办结|公开|发布|上报|报送|提交|整改|清理|印发|出台|制定|编制|公示|公布|挂网|上网|上传|更新|建成|建立|实现|处理|解决|答复|归档|录入|开通|上线|对接|配备|设立|修订|核实|核查|下发|转发|备案|送达|张贴|完善|调整|梳理|汇总|统计|落地|执行|召开|举办|签订|验收|达标|办好|搞定|到位|办理|完工|结束|实施|推送|报备|审定|通过|印制|发放|开展完毕|开设|听取|拨付|成立|签署|审议|组织|发文'

/**
 * Before a bare 完成/落实: a plan, a promise, a request or a question (要完成, 会按时完成, 请于…完成,
 * 一定全面落实, 是否完成), not a report that it happened.
 */
const PLANNED =
  '(?<!(?:要|需|须|应|请|将|能|可|会|否|未|没|预计|计划|争取|力争|确保|保证|一定|务必|必须|拟|如何|何时|怎么|尽快|马上|即将|近期|很快|立即|抓紧|加快|及时|才|待|以便|便于|有望|努力|认真|抓好|做好|狠抓|抓)' +
  // \u0000*: a date already taken out between the plan word and the verb (争取本月完成).
  '(?:按时|按期|如期|按要求|全部|全面|顺利|圆满)?\u0000*)'

/**
 * Order matters: earlier entries claim their text first, so 未完成 is never read as 完成 and
 * 基本完成 never as done. Each regex is global.
 */
const LEXICON: Lex[] = [
  // Cannot finish: a difficulty, not mere slowness.
  { re: /(?:不能|无法|没法|没办法|难以|很难|难)(?:按时|按期|如期|在期限内)?(?:完成|办结|推进|落实)|(?:完成|办结|落实|推进|推动|办)不了|(?:完成|做|办)不完/g, kind: 'blocked' },
  // Not (yet) finished: not done, but moving.
  { re: /(?:尚|还|仍|暂|均|都|目前)?(?:未能|未|没有|没能|没)(?:全部|完全|全面|按时|按期|如期)?(?:完成|办结|落实到位|落实|完工|办完|做完)/g, kind: 'not_done' },
  { re: /(?:尚|还|仍|暂|均|都|目前)?(?:未|没有|没)(?:开始|启动|开展|着手|动工|开工|实施|推进|部署|行动|动|弄|搞|做|干|整)/g, kind: 'not_started' },
  { re: /(?:暂|尚|还|目前)?(?:无|没有|没什么|没啥)(?:实质性?)?进展|待启动|待开展|尚待启动|未着手|还没动|没动静/g, kind: 'not_started' },
  { re: new RegExp(`${NO}(?:遇到了?|碰到了?|面临|存在|有)(?:一定|一些|较大|很大|不少|很多)?的?(?:困难|问题|阻力|瓶颈|难题|难度|障碍)`, 'g'), kind: 'blocked' },
  // 需要县财政局支持 names who should help: the note keeps it; 需协调 alone says no more than the status.
  { re: new RegExp(`${NO}(?:需要?|亟需|急需|请求|恳请|请|希望|建议)(?!要)[\\u4e00-\\u9fa5]{1,8}?(?:协调|支持|帮助|协助|帮忙|解决)`, 'g'), kind: 'blocked', keep: true },
  { re: new RegExp(`${NO}(?:需要?|亟需|急需|请求|恳请|请|希望|建议)(?:协调|支持|帮助|协助|帮忙|解决)`, 'g'), kind: 'blocked' },
  { re: new RegExp(`${NO}(?:受阻|阻碍|卡住|卡壳|停滞|暂停|暂缓|搁置|推进困难|推进缓慢|推进难|难以推进|无法推进|困难较大|难度较大|进展缓慢)`, 'g'), kind: 'blocked' },
  { re: new RegExp(`${NO}(?:资金|经费|人手|人员|技术|场地)(?:不足|短缺|紧张|缺口|未到位|不到位|困难)|缺(?:乏|少)?(?:资金|经费|人手|人员|技术支持)`, 'g'), kind: 'blocked', keep: true },
  { re: /(?<![要须需应请必尽赶])(?:马上|即将|快要?|接近|就要|很快|近期)(?:就)?(?:能|可|会|将)?(?:全部)?完成(?:了)?/g, kind: 'in_progress', keep: true },
  { re: /部分完成|大部分完成|大部完成|基本完成|初步完成|阶段性完成|完成(?:了)?(?:一半|过半|大半|大部分|部分|初稿|前期|初期|准备|第[一二三1-3][阶步]段?|一期|阶段性)|已形成初稿|已起草|形成初稿/g, kind: 'in_progress', keep: true },
  { re: /(?:有序|稳步|积极|持续|扎实|正常|按计划|按进度|逐步|常态化)(?:推进|推动|落实|开展|实施|办理|进行|建设)(?:中)?/g, kind: 'in_progress' },
  { re: /(?:正在|正|在)(?:抓紧|加快|加紧|积极|全力|全面|有序|稳步|认真)(?:推进|推动|落实|开展|实施|办理|整改|处理|起草|制定|编制|完善|进行|建设)(?:中)?/g, kind: 'in_progress' },
  { re: /正在(?:推进|办理|落实|开展|实施|整改|处理|起草|制定|编制|完善|进行|抓紧|加快|有序|稳步|筹备|对接|协调|组织|梳理|收集|整理|审核|征求|修改|修订|建设|部署|调研|排查|核实|推动|做|弄|搞)?/g, kind: 'in_progress' },
  { re: /(?:进行|推进|办理|落实|实施|整改|开展|筹备|起草|编制|制定|审核|建设|对接|处理|完善|征求意见|审批|调研|招标|施工)中|进行当中/g, kind: 'in_progress' },
  { re: /(?:尚|还|仍|一直)?在(?:推进|办理|办|落实|做|弄|搞)|尚在|还在|仍在|收尾阶段|进入收尾|扫尾|还差(?:最后)?一(?:步|点|些)|差不多(?:了|完成了?|好了)/g, kind: 'in_progress' },
  { re: /(?:已经?|均已|都已)(?:启动|开始|着手|开展|部署|安排|动工|开工|进场|进入|立项|推进|铺开|展开|进行)|启动了|开始了|推进了|着手了|动起来了|以(?:启动|推进)/g, kind: 'in_progress' }, // 以推进: a typo of 已
  { re: new RegExp(`${PLANNED}(?:全部|全面|圆满|顺利)完成|(?:已经?|均已|都已)?(?:全部|全面)?(?:办结|(?:完成|落实|整改)到位)|`
    + `(?:已经?|均已|都已)?(?:办理|处理|整改|清理)完毕|办理完毕|整改完毕|100%完成|已销号|已闭环`, 'g'), kind: 'done_strong' },
  // ✅ 第15项 / 第3项 √ / 第3项：OK in a list; ❌ marks one not begun.
  { re: /[✅✔☑√]|(?<![A-Za-z])(?:ok|OK|Ok|done|DONE|Done)(?![A-Za-z])/g, kind: 'done' },
  { re: /[❌✖]/g, kind: 'not_started' },
  // 已按牵头单位要求报送: whose request it was does not change the status.
  { re: new RegExp(`(?:已经?|均已|都已|皆已|已按[\\u4e00-\\u9fa5]{0,8}?要求|已按时|已按期|已如期)(?:正式|顺利|全部|全面)?(?:${DONE_VERBS})(?:了)?`, 'g'), kind: 'done' },
  // 已于9月10日在网站公开; 已将材料报送…; 于8月30日印发 (a past date: a future one was taken as the expected date).
  { re: new RegExp(`已经?(?:于|在|将|把)[^，,。；;\\n\u0000]{1,24}?(?:${DONE_VERBS})|(?<![将拟划取争保要需须请必应])(?:于|在)(?:\\d{4}年)?\\d{1,2}月\\d{1,2}[日号](?:前)?(?:${DONE_VERBS})`, 'g'), kind: 'done', keep: true },
  // 方案已经县政府常务会议审议通过: approved, which is done (已报…审定 alone is still waiting).
  { re: /(?<!待|拟|将|需|争取|提交|提请)(?:审议|审定|研究)通过|已获批(?:复|准)?/g, kind: 'done', keep: true },
  { re: /完成了|(?:做|办|弄|搞|整|干)(?:完|好)了|搞定了?|已?办好了?|已?落实了|已经?弄好/g, kind: 'done' },
  // 以完成 / 以报送 / 已完城: typos of 已 and 成 that liaisons send and would not correct.
  // Only verbs that do not also follow 以 as "in order to" (以实现, 以落实…为抓手) or in 以上报告.
  { re: /(?<![可所得用借予加难足])以经?(?:完成|报送|上报(?!告)|印发|上线|开设|听取|整改到位|办结|提交|公开|发布|召开|制定|出台|建立)|已经?完城/g, kind: 'done' },
  // Bare 完成 (第5项完成70%): not when it is a plan, a request or a question (要完成, 请于…完成, 是否完成).
  // 完成后请报送: after it is done, not that it is.
  { re: new RegExp(`${PLANNED}完成(?!率|度|情况|时限|时间|进度|期限|日期|任务|目标|指标|比例|后(?!续))`, 'g'), kind: 'done' },
  { re: new RegExp(`${PLANNED}(?<!不|逐步|积极)落实(?=$|[\\s，,。；;！!\u0000])`, 'g'), kind: 'done' },
]

/** Placeholder for text already claimed (task refs, dates, percents): stops words joining across it. */
const MASK = '\u0000'

interface Hit { start: number; end: number; kind: Kind; keep: boolean }

function findStatusHits(text: string): Hit[] {
  const taken: boolean[] = Array.from({ length: text.length }, (_, i) => text[i] === MASK)
  const hits: Hit[] = []
  for (const { re, kind, keep } of LEXICON) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++
        continue
      }
      const start = m.index
      const end = start + m[0].length
      let free = true
      for (let i = start; i < end; i++) if (taken[i]) free = false
      if (!free) continue
      for (let i = start; i < end; i++) taken[i] = true
      hits.push({ start, end, kind, keep: keep ?? false })
    }
  }
  return hits.sort((a, b) => a.start - b.start)
}

/** Combines the status words of one clause. A difficulty outranks everything; a partial step outranks done. */
function resolveStatus(kinds: Set<Kind>): ReportStatus | null {
  if (kinds.has('blocked')) return 'blocked'
  const done = kinds.has('done') || kinds.has('done_strong')
  if (kinds.has('not_started') && !kinds.has('in_progress') && !done) return 'not_started'
  if (kinds.has('in_progress')) return kinds.has('done_strong') && !kinds.has('not_done') ? 'done' : 'in_progress'
  if (kinds.has('not_done')) return 'in_progress'
  if (kinds.has('not_started')) return 'in_progress' // 未开始 with 已完成 in one clause: some of it moved
  if (done) return 'done'
  return null
}

interface PercentHit { start: number; end: number; value: number }

/** Context that makes a percent a metric or a plan rather than this task's progress. */
const PERCENT_NOT_PROGRESS =
  /(?:(?<!完成|办结|落实)率|比例|占比|比重|增长|增幅|下降|降幅|同比|环比|提高|提升|降低|覆盖|合格|满意度?|剩余|剩下|还剩|尚余|余下|未完成|预计|计划|争取|力争|目标|确保)(?:达到?|为|是|约|了|达成|完成|到)?\s*$/

function findPercents(text: string): PercentHit[] {
  const hits: PercentHit[] = []
  const patterns: { re: RegExp; value: (m: RegExpExecArray) => number | null }[] = [
    // A minus glued to the number (完成-5%) is kept, so the recorder refuses it instead of storing 5%.
    // A dash after a figure (60%-70%) is a range, not a sign.
    { re: /(?<![\d.%])(?:(?<![\d.%]\s*)([-－−]))?(\d+(?:\.\d+)?)\s*%/g, value: (m) => (m[1] ? -1 : 1) * Math.round(Number(m[2])) },
    { re: /百分之([零〇一二两三四五六七八九十百\d]+)/g, value: (m) => parseChineseNumber(m[1]!) },
    { re: /([一二三四五六七八九十两\d])成(?![功立果绩员为本熟型效就品交])/g, value: (m) => { const n = parseChineseNumber(m[1]!); return n === null ? null : n * 10 } },
    { re: /([一二三四五六七八九十\d])分之([一二三四五六七八九十\d])/g, value: (m) => {
      const a = parseChineseNumber(m[1]!)
      const b = parseChineseNumber(m[2]!)
      return a && b !== null ? Math.round((b / a) * 100) : null
    } },
    { re: /(?<=完成了?|推进了?|进度|进展|工作量|已)(?:过半|一半|近半|半数|过半数)/g, value: () => 50 },
  ]
  for (const { re, value } of patterns) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const v = value(m)
      if (v === null) continue
      const window = text.slice(Math.max(0, m.index - 8), m.index)
      if (PERCENT_NOT_PROGRESS.test(window) || /要求|目标(?!任务)|任务是|[应须需要]达/.test(window)) continue
      if (hits.some((h) => m!.index < h.end && h.start < m!.index + m![0].length)) continue
      // 约60% / 达到60%: the qualifier belongs to the percent, not to the note.
      const lead = /(?:大约|约|达到|达|接近|近|超过|超|为|了)$/.exec(text.slice(Math.max(0, m.index - 2), m.index))
      const start = lead ? m.index - lead[0].length : m.index
      hits.push({ start, end: m.index + m[0].length, value: v })
    }
  }
  return hits.sort((a, b) => a.start - b.start)
}

/**
 * Words that carry no information once the status is recorded (我单位第5项目前均已完成). A WordList, not
 * /^(?:目前|…)+$/: 已经/已, 进度反馈/进度/反馈 and the like cut a text many ways, which that regex tried one by one.
 */
const FILLER = new WordList([
  '目前', '现在', '现已', '现', '当前', '截至目前', '截止目前', '截至今日', '截止今日', '我单位', '我局', '我办', '我委', '我镇',
  '本单位', '本局', '我们', '我方', '该项', '此项', '该项任务', '此项任务', '该任务', '此任务', '任务', '工作', '均', '都', '也',
  '皆', '全部', '已经', '已', '并', '且', '同时', '另外', '但', '但是', '不过', '然而', '其中', '关于', '对于', '针对', '收到',
  '好的', '明白', '已阅', '知悉', '情况', '进展', '进度', '状态', '完成情况', '落实情况', '进展情况', '推进情况', '办理情况', '完成率',
  '完成进度', '的', '了', '啦', '呢', '哈', '哦', '吧', '请查收', '请知悉', '特此报告', '特此反馈', '报告如下', '反馈如下', '汇报如下',
  '如下', '进度反馈', '进展反馈', '反馈', '汇报', '请审阅', '请审核', '请审定', '请领导审阅', '请指示', '请批示', '负责的', '牵头的',
  '配合的', '协办的', '承担的', '参与的', '同上', '同前', '以上', '上述', '相关', '具体', '工作进度', '工作进展', '总体', '整体', '预计',
  '计划', '争取', '进度为', '进度是',
])

/** Labels at the start of a piece: 备注：…, 进展情况：… */
const LABEL = /^(?:备注|说明|情况说明|进展情况|完成情况|落实情况|进度|进展|状态|存在问题|困难问题|下步计划|下一步)\s*[:：]\s*/

/** Where a note piece ends (cleanNote splits there too). */
const PIECE_BREAK = /[\u0000，,；;。\n!！?？]+/

/** WeChat emoji ([强] [抱拳]) and pictographs: they say nothing about the task. */
const EMOJI = /\[[\u4e00-\u9fa5A-Za-z]{1,4}\]|\p{Extended_Pictographic}|[\d#*]?\uFE0F?\u20E3|\uFE0F/gu

/** Brackets around a whole piece, or left unmatched at either end once a piece is cut out. */
function balance(p: string): string {
  const wrapped = /^[（(]([^（()）]*)[）)]$/.exec(p)
  if (wrapped) return wrapped[1]!
  let t = p
  if (/^[（(]/.test(t) && !/[）)]/.test(t)) t = t.slice(1)
  if (/[）)]$/.test(t) && !/[（(]/.test(t)) t = t.slice(0, -1)
  return t
}

function cleanNote(text: string): string | null {
  const pieces = text
    .replace(EMOJI, '')
    .replace(/(?<![^\s\u0000，,；;。])@[^\s@\u2005\u0000]{1,32}(?=[\s\u2005\u0000]|$)/g, '') // @督办助手 第3项…
    .split(PIECE_BREAK)
    .map((p) => balance(p.replace(LABEL, '').replace(/^[\s、:：.~～\-—→=>（）()【】「」“”"'…]+|(?<![\s、:：.~～\-—→=>（(【「“"'…])[\s、:：.~～\-—→=>（(【「“"'…]+$/g, '')))
    .filter((p) => p !== '' && !FILLER.isOneOrMoreWords(p))
  return pieces.length === 0 ? null : pieces.join('，')
}

/**
 * A status word is dropped from the note only when it stands alone: 已完成方案起草 keeps its object,
 * and 清理结果已公布 keeps its subject; 我局目前已完成了 has only filler around it.
 */
function standsAlone(text: string, start: number, end: number): boolean {
  const alone = (w: string) => {
    const t = w.replace(EMOJI, '').replace(/^[\s、:：~～\-—→=>]+|(?<![\s、:：~～\-—→=>])[\s、:：~～\-—→=>]+$/g, '')
    return t === '' || FILLER.isOneOrMoreWords(t)
  }
  // The pieces around the word, up to the nearest break: text.slice(0, start).split(AROUND).pop() and
  // text.slice(end).split(AROUND)[0], without splitting the whole text once per word. The caller masks
  // every status word (MASK is a break), so the scans over all words of a clause add up to its length.
  let from = start
  while (from > 0 && !AROUND.test(text[from - 1]!)) from--
  let to = end
  while (to < text.length && !AROUND.test(text[to]!)) to++
  return alone(text.slice(from, start)) && alone(text.slice(end, to))
}

/** Breaks between the pieces standsAlone looks at. */
const AROUND = /[\u0000，,；;。\n!！?？（）()]/

interface Clause { start: number; end: number; tasks: number[] }

const MAJOR_BREAK = /[，,；;。\n!！?？\s]/

/** Clauses begin where a task reference begins, pulled back to the previous break so "…，已完成第5项" keeps its verb. */
function splitClauses(s: string, spans: TaskRefSpan[]): Clause[] {
  const clauses: Clause[] = []
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!
    let start = i === 0 ? 0 : span.start
    if (i > 0) {
      const prevEnd = spans[i - 1]!.end
      for (let j = span.start - 1; j >= prevEnd; j--) {
        if (MAJOR_BREAK.test(s[j]!)) {
          start = j + 1
          break
        }
      }
      clauses[i - 1]!.end = start
    }
    clauses.push({ start, end: s.length, tasks: [...span.numbers] })
  }
  return clauses
}

/** Greetings (各位领导好！), headers (【进度反馈】) and list markers (1. / （2） / （二） / ① / 一是) that open a line or follow a colon or semicolon. */
function maskDecorations(s: string, spans: TaskRefSpan[]): string {
  const greeting = s.length - stripGreeting(s).length
  let out = MASK.repeat(greeting) + s.slice(greeting).replace(/^\s*【[^】\n]{0,20}】/, (m) => MASK.repeat(m.length))
  out = out.replace(/(^|[\n：:；;。])([ \t]*(?:\d{1,2}[.．)）、](?!\d)|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]|[①-⑳]|[一二三四五六七八九十][、是])[ \t]*)/g, (whole, nl: string, marker: string, offset: number) => {
    const markerStart = offset + nl.length
    const after = markerStart + marker.length
    // Keep "1、2项" (a list of tasks); mask "1.第5项" and "1. 已完成" index markers.
    if (spans.some((sp) => sp.start <= markerStart && markerStart < sp.end)) return whole
    return nl + MASK.repeat(after - markerStart)
  })
  return out
}

/** Other units as a group (已完成的单位, 其他单位, 各单位), not as helpers (需要相关单位支持) or as those asked (征求各单位意见). */
const OTHER_UNITS = /(?:的|各|其他|其余|其它|相关|有关)(?:单位|部门)(?!支持|协调|配合|帮助|协助|意见)/

/**
 * What in a clause is not the sender's progress. A question about the clause's own task (第6项是谁牵头？,
 * 第3项完成了没有) or a word on other units' progress (第5项已完成的单位请…, 其他单位请抓紧) makes
 * the clause no report (null); any other question (是否需要报送纸质材料？) is returned as a range,
 * relative to the clause. Pieces end at punctuation.
 */
function findAsides(s: string, clause: Clause, spans: TaskRefSpan[]): { start: number; end: number }[] | null {
  const ranges: { start: number; end: number }[] = []
  const piece = /[^，,。！!；;\n?？]+[?？]*/g
  const text = s.slice(clause.start, clause.end)
  for (let m = piece.exec(text); m; m = piece.exec(text)) {
    if (OTHER_UNITS.test(m[0]) && /已|未|请|正在|完成|落实/.test(m[0])) return null
    if (!isQuestion(m[0])) continue
    const start = clause.start + m.index
    const end = start + m[0].length
    if (spans.some((sp) => sp.start < end && start < sp.end)) return null
    ranges.push({ start: m.index, end: m.index + m[0].length })
  }
  return ranges
}

function maskRange(s: string, start: number, end: number): string {
  return s.slice(0, start) + MASK.repeat(end - start) + s.slice(end)
}

/** maskRange for every range, in one pass (one maskRange per status word or percent was quadratic). */
function maskRanges(s: string, ranges: readonly { start: number; end: number }[]): string {
  if (ranges.length === 0) return s
  const masked = new Uint8Array(s.length)
  for (const { start, end } of ranges) masked.fill(1, Math.max(0, start), Math.min(s.length, end))
  let out = ''
  let from = 0
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && masked[i] === masked[from]) continue
    out += masked[from] === 1 ? MASK.repeat(i - from) : s.slice(from, i)
    from = i
  }
  return out
}

function problemFor(tasks: number[], reason: string): string {
  return `${formatTasks(tasks)}${reason}`
}

export function formatTasks(tasks: number[]): string {
  return tasks.length === 1 ? `第${tasks[0]}项` : `第${tasks.join('、')}项`
}

/** parseReport with how each status was found; parseIntent needs that to ignore plans and requests. */
export function analyzeReport(text: string, ctx: { now: Date; quotedText?: string | null }): ReportAnalysis {
  if (text.length > MAX_MESSAGE_CHARS) {
    return { items: [], problems: [`消息过长（超过${MAX_MESSAGE_CHARS}字），请分条报送`], textTasks: [], hasStatusWord: false, tooWide: [] }
  }
  const s = toHalfWidth(text)
  const spans = findTaskRefSpans(s)
  const textTasks = [...new Set(spans.flatMap((sp) => sp.numbers))]
  const tooWide = spans.flatMap((sp) => sp.tooWide)
  const problems: string[] = tooWide.map(({ from, to }) => `第${from}至${to}项序号范围过大，请写明具体序号`)
  let clauses = splitClauses(s, spans)
  if (clauses.length === 0) {
    // A reply to a reminder: the quoted text names the task(s).
    const quotedTasks = ctx.quotedText ? findTaskNumbers(ctx.quotedText) : []
    clauses = [{ start: 0, end: s.length, tasks: quotedTasks }]
  }
  let masked = maskDecorations(s, spans)
  masked = maskRanges(masked, spans)

  const items: AnalyzedItem[] = []
  let carried: number[] = []
  let hasStatusWord = false
  for (let ci = 0; ci < clauses.length; ci++) {
    const clause = clauses[ci]!
    const tasks = [...new Set([...carried, ...clause.tasks])]
    carried = []
    const questions = findAsides(s, clause, spans)
    if (questions === null) continue
    // c keeps a question for the note (是否需要报送纸质材料); heard, without it, gives the status.
    let c = masked.slice(clause.start, clause.end)
    let heard = c
    heard = maskRanges(heard, questions)
    const date = findExpectedDate(heard, ctx.now)
    const percents = findPercents(date ? maskRange(heard, date.start, date.end) : heard)
    const claimed = [...(date ? [date] : []), ...percents]
    c = maskRanges(c, claimed)
    heard = maskRanges(heard, claimed)
    const hits = findStatusHits(heard)
    if (hits.length > 0) hasStatusWord = true

    // A percent over 100 is kept as written: the recorder rejects it and says why, per task.
    let percent: number | null = percents.length > 0 ? percents[percents.length - 1]!.value : null
    let status = resolveStatus(new Set(hits.map((h) => h.kind)))
    let statusFrom: StatusSource = 'word'
    if (percent !== null) {
      if (status === null) {
        status = percent >= 100 ? 'done' : percent === 0 ? 'not_started' : 'in_progress'
        statusFrom = 'percent'
      } else if (status === 'done' && percent < 100) status = percent === 0 ? 'not_started' : 'in_progress'
      else if (status === 'not_started' && percent > 0) status = 'in_progress'
      else if (status === 'in_progress' && percent >= 100) status = 'done'
    }
    // 第33项同上: the status of the item before.
    const previous = items[items.length - 1]
    if (status === null && previous && /同上|同前/.test(heard)) {
      status = previous.status
      statusFrom = previous.statusFrom
    }
    if (status === null && date) {
      status = 'in_progress'
      statusFrom = 'date'
    }

    let noteText = c
    // "县司法局：第5项已完成": the unit written before the first task names the sender, not news.
    const firstRef = spans[0]
    if (ci === 0 && firstRef && firstRef.start > clause.start) {
      const lead = masked.slice(clause.start, firstRef.start).replace(/(?<![\s,，:：;；、\u0000])[\s,，:：;；、\u0000]+$/, '').replace(/^[\s【】\[\]\u0000]+/, '')
      if (looksLikeUnit(lead.replace(/(?:联络员|的)?(?:工作)?(?:进度|进展)?(?:情况)?(?:反馈|汇报|报告)?$/, ''))) noteText = maskRange(noteText, 0, firstRef.start - clause.start)
    }
    // Judged without the other status words, so 已完成√ and 正在推进中 drop together.
    const bare = maskRanges(c, hits)
    noteText = maskRanges(noteText, hits.filter((h) => !h.keep && standsAlone(bare, h.start, h.end)))
    const note = cleanNote(noteText)

    if (tasks.length === 0) {
      // A clause whose only reference was a too-wide range already has its problem.
      const wideOnly = spans.some((sp) => sp.tooWide.length > 0 && sp.start >= clause.start && sp.start < clause.end)
      if (status !== null && !wideOnly) problems.push('未写明任务序号（如：第5项已完成）')
      continue
    }
    if (status === null) {
      if (questions.length > 0) continue // 第7项，请问是哪个单位牵头？
      // "第5项\n第6项已完成": a bare reference shares the next clause's status.
      if (note === null && ci < clauses.length - 1) {
        carried = tasks
        continue
      }
      problems.push(problemFor(tasks, '未写明进展（已完成/正在推进/未开始/有困难）'))
      continue
    }
    items.push({ tasks, status, percent, expectedDate: date ? date.date : null, note, statusFrom })
  }

  // A task reported twice in one message: the later clause wins.
  for (let i = items.length - 1; i >= 0; i--) {
    const later = new Set(items.slice(i + 1).flatMap((it) => it.tasks))
    items[i]!.tasks = items[i]!.tasks.filter((t) => !later.has(t))
  }
  return { items: items.filter((it) => it.tasks.length > 0), problems, textTasks, hasStatusWord, tooWide }
}

export function parseReport(text: string, ctx: { now: Date; quotedText?: string | null }): ParsedReport {
  const { items, problems } = analyzeReport(text, ctx)
  return { items: items.map(({ statusFrom: _from, ...item }) => item), problems }
}
