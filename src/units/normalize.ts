/**
 * Text normalisation shared by the unit directory: one canonical spelling of brackets and spaces,
 * county-prefix handling and the "core" variants of a unit name that resolution compares.
 */

const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/g
const OPENERS = '(（[【〔［〖'
const CLOSERS = ')）]】〕］〗'

/** NFKC (full-width -> half-width), no whitespace or zero-width characters, one bracket style. */
export function normText(s: string): string {
  if (typeof s !== 'string') return ''
  return s
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .replace(/\s+/gu, '')
    .replace(/[[【〔〖]/g, '(')
    .replace(/[\]】〕〗]/g, ')')
    // The lookbehind starts a trailing match only where a run starts: linear on long runs of punctuation.
    .replace(/^[。.,，;；:：、!！?？'"“”‘’]+|(?<![。.,，;；:：、!！?？'"“”‘’])[。.,，;；:：、!！?？'"“”‘’]+$/g, '')
}

export function isOpener(ch: string): boolean {
  return OPENERS.includes(ch)
}
export function isCloser(ch: string): boolean {
  return CLOSERS.includes(ch)
}

/** Splits 县农业农村局(县乡村振兴局) into main 县农业农村局 and parts [县乡村振兴局]; tolerates unbalanced brackets. */
export function splitBrackets(n: string): { main: string; parts: string[] } {
  let main = ''
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of n) {
    if (isOpener(ch)) {
      if (depth > 0) cur += ch
      depth++
      continue
    }
    if (isCloser(ch)) {
      if (depth === 0) continue
      depth--
      if (depth === 0) {
        if (cur) parts.push(cur)
        cur = ''
      } else cur += ch
      continue
    }
    if (depth > 0) cur += ch
    else main += ch
  }
  if (cur) parts.push(cur)
  return { main, parts }
}

/** Endings that make a string look like an organisation (used to tell 县商务局 from an annotation like 牵头). */
export const UNIT_SUFFIX =
  /(局|委|办|部|室|中心|镇|乡|街道|场|所|站|队|院|会|社|联|公司|政府|管理区|分局|支行|集团|馆|处|团|单位|部门|苏木|开发区|经开区|高新区|园区|功能区|示范区|合作区|试验区)$/

export function looksLikeUnit(s: string): boolean {
  const n = normText(s)
  return [...n].length >= 2 && UNIT_SUFFIX.test(splitBrackets(n).main || n)
}

const ETHNIC = [
  '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族',
  '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '拉祜族', '水族',
  '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族',
  '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', '塔吉克族', '怒族', '鄂温克族', '德昂族', '保安族',
  '裕固族', '京族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', '各族',
]

export interface CountyInfo {
  /** 惠来县 */
  full: string
  /** 县 */
  prefix: string
  /** 惠来 (empty when too short to strip safely) */
  short: string
}

/** 惠来县 -> 县, 天河区 -> 区, 普宁市 -> 市, 连南瑶族自治县 -> 县, 科尔沁右翼前旗 -> 旗. */
export function countyInfo(county: string): CountyInfo {
  const full = normText(county)
  const m = /(自治县|自治旗|林区|特区|新区|县|区|市|旗)$/.exec(full)
  const suffix = m?.[1] ?? ''
  const prefix = suffix ? suffix[suffix.length - 1]! : [...full].pop() ?? ''
  let short = m ? full.slice(0, full.length - suffix.length) : full
  // Strip trailing ethnic names: 连南瑶族 -> 连南, 长阳土家族 -> 长阳.
  for (let changed = true; changed; ) {
    changed = false
    for (const e of ETHNIC) {
      if (short.endsWith(e) && short.length > e.length) {
        short = short.slice(0, short.length - e.length)
        changed = true
      }
    }
  }
  if ([...short].length < 2 || short === full) short = ''
  return { full, prefix, short }
}

const LEVEL_CHARS = '省市县区旗州盟'

/** True when `n` starts with the level character `ch` used as a prefix, not as part of a word (市场监管局). */
export function startsWithLevel(n: string, ch: string): boolean {
  if (!n.startsWith(ch) || n.length <= ch.length) return false
  if (ch === '市') {
    if (n.startsWith('市市')) return true
    // 市场监管局, 市监局 (its abbreviation), 市政工程…: words, not the 市 level.
    if (/^市(场|容|民|区|监(?!察|委)|政(?!府|务|协|法))/.test(n)) return false
  }
  if (ch === '区' && /^区(域|划)/.test(n)) return false
  if (ch === '州' && /^州(府)/.test(n)) return false
  return true
}

export type Level = 'own' | 'other' | 'bare'

/**
 * Whether a (normalised) name carries this county's level (县司法局, 惠来县司法局), another level
 * (市生态环境局惠来分局, 揭阳市公路事务中心, 国家税务总局…), or none (司法局).
 */
export function levelOf(n: string, info: CountyInfo): Level {
  if (!n) return 'bare'
  if (info.full && n.includes(info.full)) return 'own'
  if (info.short && n.startsWith(info.short)) return 'own'
  if (/^(中共|中国共产党|共青团)/.test(n)) return levelOf(n.replace(/^(中共|中国共产党|共青团)/, ''), info)
  if (info.prefix && startsWithLevel(n, info.prefix)) return 'own'
  for (const ch of LEVEL_CHARS) if (ch !== info.prefix && startsWithLevel(n, ch)) return 'other'
  if (/^(国家|中国|国务院)/.test(n)) return 'other'
  // Another place name followed by a level: 揭阳市…, 揭西县…, 广东省… (not 城市管理局, 超市…).
  if (/^[\u4e00-\u9fff]{2,4}?(?<![城都超闹股上])(省|市|县|州|盟)(?!场|委员)/.test(n) && !/^[\u4e00-\u9fff]{0,3}(镇|乡|街道)/.test(n))
    return 'other'
  return 'bare'
}

/** Level-neutral rewrites: county name -> prefix char, 中共 dropped, 人民政府 -> 政府, 镇人民政府 -> 镇. */
export function canonicalize(n: string, info: CountyInfo): string {
  let m = n
  if (info.full) m = m.split(info.full).join(info.prefix)
  m = m.replace(/^(中共|中国共产党)/, '')
  m = m.replace(/^国家税务总局/, '')
  m = m.replace(/人民政府/g, '政府')
  m = m.replace(/^(.+?(镇|乡|苏木))政府$/, '$1')
  m = m.replace(/^(.+?街道)(办事处|办)$/, '$1')
  return m
}

/** The connective 和/与 inside an agency name (住房和城乡建设局); kept in place names (和平镇, 人和镇). */
export function dropConnective(s: string): string {
  if (/(镇|乡|街道|村|社区)$/.test(s)) return s
  return s.length > 1 ? s[0] + s.slice(1).replace(/[和与]/g, '') : s
}

/** Own-prefix stripped forms: 县司法局 -> 司法局, 惠来供电局 -> 供电局, 县委组织部 -> 委组织部, 组织部. */
export function stripOwn(m: string, info: CountyInfo): string[] {
  const out: string[] = []
  let core: string | null = null
  if (info.short && m.startsWith(info.short) && m.length > info.short.length) core = m.slice(info.short.length)
  else if (info.prefix && startsWithLevel(m, info.prefix)) core = m.slice(info.prefix.length)
  if (core === null) {
    // A bare party organ (委组织部 never appears bare, but 组织部 does) needs no stripping.
    return out
  }
  out.push(core)
  // 县委组织部 -> 组织部; keep 县委办(公室) distinct from the government office.
  if (core.startsWith('委') && !/^委(办|办公室)?$/.test(core)) out.push(core.slice(1))
  return out
}

/** Ordered, de-duplicated comparison keys for one name, closest to the raw form first. */
export function nameVariants(raw: string, info: CountyInfo): string[] {
  const n = normText(raw)
  if (!n) return []
  const out: string[] = [n]
  const m = canonicalize(n, info)
  out.push(m)
  out.push(...stripOwn(m, info))
  for (const s of [...out]) out.push(dropConnective(s))
  for (const s of [...out]) {
    // 石牌街 is 石牌街道 (both spellings are official usage in Guangzhou and elsewhere).
    if (/^.{2,}街道$/.test(s)) out.push(s.slice(0, -1))
    // A group however it is worded: 县直各有关单位 = 县直有关部门 = 县直各单位 = 县直各部门.
    // 各县直部门 is the same group written the other way round.
    const group = s
      .replace(/^各([区县市镇乡旗]直)(?:各|有关|相关)*(单位|部门)$/, '$1各$2')
      .replace(/(?:各(?:有关|相关)?|有关|相关)(?:单位|部门)$/, '各单位')
    if (group !== s) out.push(group)
  }
  return [...new Set(out.filter((s) => s.length > 0))]
}

/** Keys by which a county refers to a city agency's local branch: 市生态环境局惠来分局 -> 生态环境局. */
export function branchCores(n: string, info: CountyInfo): string[] {
  if (!info.short) return []
  const re = new RegExp(`^.{0,6}?[市州盟](?!场)(.+?(?:局|委|中心))${escapeRe(info.short)}(?:${escapeRe(info.full)})?(?:分局|分中心|管理部)$`)
  const m = re.exec(n)
  return m?.[1] ? [m[1], dropConnective(m[1])] : []
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.length]!
}

/** Number of characters two strings share (multiset intersection). */
export function sharedChars(a: string, b: string): number {
  const counts = new Map<string, number>()
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let n = 0
  for (const ch of b) {
    const c = counts.get(ch) ?? 0
    if (c > 0) {
      n++
      counts.set(ch, c - 1)
    }
  }
  return n
}
