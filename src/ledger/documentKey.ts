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
