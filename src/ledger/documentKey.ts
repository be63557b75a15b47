/**
 * Which stored document a table is: the same document re-imported (a revision) or another one.
 * Identity is the title and the issuer; the file name counts only when the table has neither.
 * The 印发 date is not part of it: a revision is often re-issued on a new date.
 */

export interface DocumentNames {
  title: string | null
  issuer: string | null
  sourceName: string
}

/** A version mark inside brackets: (1), （9月修订）, 【最终版】, (v2), (2022.9.15修改). */
const BRACKETED_MARK =
  /\s*[(\[【]\s*(?:\d{1,3}|v\d+(?:\.\d+)*|[^()[\]【】]*?(?:修订|修改|更新|定稿|终稿|最终|终版|送审|征求意见|副本|第[一二三四五六七八九十\d]+[版稿]|[新旧改]版)[^()[\]【】]*)\s*[)\]】]$/i
/** A trailing version word, after a space, dash or underscore or right after the name. */
const TRAILING_MARK =
  /[\s\-_—–~.·]*(?:修订后|修订版|修订稿|修订|修改后|修改版|修改稿|修改|更新版|更新|最终版|最终稿|终版|终稿|定稿|送审稿|征求意见稿|第[一二三四五六七八九十\d]+[版稿]|新版|v\d+(?:\.\d+)*|副本|copy)$/i
/** Windows' and browsers' copy prefixes: 副本 - x, Copy of x. */
const LEADING_MARK = /^(?:副本\s*[-—]?\s*|copy of\s+)/i

/** The name without version marks, width-normalised and without spaces: 任务分解表（9月修订） → 任务分解表. */
export function stripVersionMarks(name: string): string {
  // NFKC: full-width brackets, digits and letters become their ASCII forms, so one pattern serves both.
  let s = name.normalize('NFKC').replace(/\s+/g, ' ').trim().replace(LEADING_MARK, '')
  for (;;) {
    const next = s.replace(BRACKETED_MARK, '').replace(TRAILING_MARK, '').trim()
    // A name that is nothing but a mark ("修订稿.docx") keeps itself rather than becoming empty.
    if (next === s || next === '') break
    s = next
  }
  return s.replace(/\s+/g, '')
}

function fileBase(sourceName: string): string {
  return sourceName.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '')
}

/**
 * "issuer|title" (both normalised, version marks stripped from the title). An untitled table is its
 * issuer's (an office's second untitled table shows up as a revision removing every task, which
 * needs confirmation); with neither, the file name stripped of version marks stands in.
 */
export function documentKey(doc: DocumentNames): string {
  const issuer = doc.issuer ? doc.issuer.normalize('NFKC').replace(/\s+/g, '') : ''
  const title = doc.title ? stripVersionMarks(doc.title) : ''
  if (title || issuer) return `doc|${issuer}|${title}`
  return `doc||file:${stripVersionMarks(fileBase(doc.sourceName))}`
}

/** Words around the name of a plan that say nothing of which plan it is, stripped from both ends. */
const NAME_PREFIXES = /^(?:关于印发|关于|印发|进一步|全面|加快|持续|深入|扎实|推进|推动|做好|优化|深化|加强|落实)+/
const NAME_SUFFIXES =
  /(?:的通知|通知|任务分解表|任务分解|任务分工表|任务分工|责任分工表|责任分工|分工方案|实施方案|工作方案|行动方案|方案|任务清单|责任清单|清单|重点工作任务|重点任务|重点工作|工作任务|分解表|台账|工作|任务|的|及|和)+$/
const PLACE = /^[\u4e00-\u9fa5]{1,8}?(?:自治县|县|区|市|镇|街道)(?:人民政府办公室|人民政府|政府办公室|政府办|委办公室)?/
const YEAR = /(?:20\d{2}|二〇[一二三四五六七八九〇零]{2})(?:[—\-至~]\d{2,4})?年度?/g
/** Longest short name: what fits in 营商环境第5项 without becoming a sentence. */
const MAX_SHORT_NAME = 8

/**
 * The short name the chat uses for a document (政务公开要点, 营商环境): its title without the place,
 * the year, 关于印发 … 的通知 and the words every plan's title has (工作方案, 任务分解表). Null when
 * nothing distinctive is left; the caller then numbers it (文件2).
 */
export function shortNameOf(title: string | null): string | null {
  if (!title) return null
  let s = stripVersionMarks(title).replace(/[《》〈〉“”"'「」]/g, '').replace(YEAR, '')
  const inner = /关于印发(.+?)的通知/.exec(s)
  if (inner) s = inner[1]!
  for (;;) {
    const next = s.replace(PLACE, '').replace(NAME_PREFIXES, '').replace(NAME_SUFFIXES, '').replace(/工作要点$/, '要点').replace(/^[，、,\s]+|[，、,\s]+$/g, '')
    if (next === s || next.length < 2) break
    s = next
  }
  s = s.replace(/工作(要点|计划)/, '$1')
  // Nothing but the words every plan's title has (任务分解表): no name of its own.
  if (s.length < 2 || s.replace(NAME_SUFFIXES, '') === '') return null
  return s.length > MAX_SHORT_NAME ? s.slice(0, MAX_SHORT_NAME) : s
}
