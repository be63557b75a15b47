/**
 * Which document a message is about, when the office runs several at once. Each is numbered from 1,
 * so 第5项 alone may be any of them: a message names one (营商环境第5项, 文件2第5项), quotes a
 * reminder that names one, or its numbers fit only one document the sender's unit holds them in;
 * else the bot asks back (src/ledger/assistant.ts) with a short numbered choice.
 * Handlers then see the book scoped to that document, and answer as for a single table.
 */
import type { Intent } from '../features/intent.js'
import { DOCUMENT_INTENTS } from '../features/documents/recognise.js'
import { parseIntent } from '../intents/parseIntent.js'
import type { IntentContext } from '../intents/said.js'
import type { UnitDirectory } from '../units/directory.js'
import { countHoldings, holdingOf, tasksOfUnit, unitTaskListJson, type UnitTaskList } from './book.js'
import type { BookDocument, BookTask, TaskBook } from './ports.js'

/** The names a document answers to: its short name, and 文件N by its place in the office's list. */
export function documentNames(doc: BookDocument): string[] {
  return [doc.shortName, `文件${doc.ordinal}`]
}

/** What the chat calls a task when several documents are active: 营商环境第5项; with one, 第5项. */
export function taskName(task: Pick<BookTask, 'number' | 'documentId'>, book: Pick<TaskBook, 'documents'>): string {
  const doc = book.documents.length > 1 ? book.documents.find((d) => d.id === task.documentId) : undefined
  return `${doc ? doc.shortName : ''}第${task.number}项`
}

/** A character that may end a unit name before a document's name (县教育局 is not 教育): letters of a name. */
const NAME_CHAR = /[\u4e00-\u9fa5A-Za-z0-9]/

/**
 * The document a text names and the text without the name: 营商环境第5项已完成 → 第5项已完成;
 * 进度汇总 营商环境 → 进度汇总. A name counts where it stands apart (after the start, a space or a
 * punctuation mark) and is followed by a task reference, the end, a space or a mark, or words about
 * the document (任务、进度、情况、有哪些).
 */
export function takeDocumentName(text: string, documents: BookDocument[]): { document: BookDocument | null; text: string } {
  const names = documents.flatMap((d) => documentNames(d).map((name) => ({ name, d }))).sort((a, b) => b.name.length - a.name.length)
  for (const { name, d } of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const before = at > 0 ? text[at - 1]! : ''
      if (before && NAME_CHAR.test(before) && !/[的在]$/.test(before)) continue
      const after = text.slice(at + name.length)
      const joined = /^(?:[的之中]|\s)*(?=第|[0-9０-９]|$|[\s，。、,.;；:：?？!！]|任务|进度|情况|有哪些|有什么|未反馈|汇总)/.exec(after)
      if (!joined) continue
      return { document: d, text: (text.slice(0, at) + after.slice(joined[0].length)).replace(/\s{2,}/g, ' ').trim() }
    }
  }
  return { document: null, text }
}

/**
 * A message read where several documents may be named: 归档 营商环境 names a document as its object
 * and is read as written; elsewhere a document's name (营商环境第5项, or in the quoted reminder)
 * says where the rest is, and the rest is read without it.
 */
export function readWithDocuments(text: string, documents: BookDocument[], ctx: IntentContext): { intent: Intent; document: BookDocument | null } {
  const asWritten = parseIntent(text, ctx)
  if (DOCUMENT_INTENTS.has(asWritten.type)) return { intent: asWritten, document: null }
  // 搜 营商环境 looks for those words; a question that is nothing but a document's name
  // (营商环境有哪些任务) is about the document.
  if (asWritten.type === 'search' && (SEARCH_COMMAND.test(text.replace(/^@\S+\s*/, '')) || !documents.some((d) => documentNames(d).includes(asWritten.query.trim())))) {
    return { intent: asWritten, document: null }
  }
  const named = takeDocumentName(text, documents)
  // A reminder quoted may list several documents' tasks: it says which only when it names one.
  const quotedOne = ctx.quoted ? takeDocumentName(ctx.quoted.text, documents) : null
  const quoted = quotedOne?.document && takeDocumentName(quotedOne.text, documents.filter((d) => d.id !== quotedOne.document!.id)).document ? null : quotedOne
  const document = named.document ?? quoted?.document ?? null
  if (!document) return { intent: asWritten, document: null }
  return { intent: parseIntent(named.text, { ...ctx, quoted: ctx.quoted && quoted ? { ...ctx.quoted, text: quoted.text } : null }), document }
}

const SEARCH_COMMAND = /^\s*(?:请|麻烦)?(?:帮我|帮忙)?(?:搜索?|查找|检索)/

/** The book as one document sees it: its tasks only (what a handler of a single table expects). */
export function scopeBook(book: TaskBook, documentId: number): TaskBook {
  return { ...book, documents: book.documents.filter((d) => d.id === documentId), tasks: book.tasks.filter((t) => t.documentId === documentId) }
}

/** A unit's tasks, and with several active documents the same per document it has tasks in. */
export interface UnitTasksByDocument {
  list: UnitTaskList
  perDocument: { document: BookDocument; list: UnitTaskList }[]
}

export function unitTasksByDocument(book: TaskBook, unit: string, dir: UnitDirectory, keep: (l: UnitTaskList) => UnitTaskList = (l) => l): UnitTasksByDocument {
  const list = keep(tasksOfUnit(book, unit, dir))
  const perDocument = book.documents.length > 1
    ? book.documents.map((document) => ({ document, list: keep(tasksOfUnit(scopeBook(book, document.id), unit, dir)) })).filter((x) => countHoldings(x.list) > 0)
    : []
  return { list, perDocument }
}

/** `ask --json` / `tasks --json` data: the unit's numbers, and per document when there are several. */
export function unitTasksJson(g: UnitTasksByDocument) {
  const json = unitTaskListJson(g.list)
  return g.perDocument.length ? { ...json, documents: g.perDocument.map((x) => ({ document: x.document.shortName, ...unitTaskListJson(x.list) })) } : json
}

/** The task numbers an intent is about, for the intents that name tasks; empty for the others. */
export function taskNumbersOf(intent: Intent): number[] {
  switch (intent.type) {
    case 'report':
      return [...new Set(intent.items.flatMap((i) => i.tasks))]
    case 'undo':
    case 'unclear_report':
      return intent.tasks
    case 'task_detail':
      return intent.numbers.length ? intent.numbers : [intent.number]
    case 'task_progress':
      return intent.numbers?.length ? intent.numbers : [intent.number]
    case 'issue_notice':
      return [intent.number]
    default:
      return []
  }
}

/**
 * The active documents these numbers may mean: those having every number, narrowed to those where
 * `unit` holds them all when that leaves any (a liaison's 第5项 is their unit's 第5项). Documents
 * having none of them are left out; when none has them all, those having some.
 */
export function candidateDocuments(book: TaskBook, dir: UnitDirectory, numbers: number[], unit: string | null): BookDocument[] {
  const tasksOf = (d: BookDocument) => numbers.map((n) => book.tasks.find((t) => t.documentId === d.id && t.number === n) ?? null)
  const having = book.documents.filter((d) => tasksOf(d).every((t) => t !== null))
  const pool = having.length ? having : book.documents.filter((d) => tasksOf(d).some((t) => t !== null))
  if (!unit) return pool
  const held = pool.filter((d) => tasksOf(d).every((t) => t === null || holdingOf(t, unit, dir) !== null))
  return held.length ? held : pool
}

/** The question when 第5项 could be two documents' (kept short: the answer is one digit). */
export function formatDocumentChoice(numbers: number[], options: BookDocument[]): string {
  const what = numbers.map((n) => `第${n}项`).join('、')
  return [
    `${what}在多份文件中都有，请问是哪一份？`,
    ...options.map((d, i) => `${i + 1}. ${d.shortName}${what}`),
    `请回复序号（如“1”）或文件简称；也可直接写“${options[0]!.shortName}${what}…”。`,
  ].join('\n')
}

/** The answer to that question: a number from the list, or a document's name; null for anything else. */
export function readDocumentChoice(text: string, options: BookDocument[]): BookDocument | null {
  const said = text.replace(/^@\S+\s*/, '').replace(/[\s。.!！,，]+/g, '').replace(/^(?:是|选|第)?/, '').replace(/(?:个|那个|那份|这份|份)?$/, '')
  const digit = /^([1-9])$/.exec(said.normalize('NFKC'))
  if (digit) return options[Number(digit[1]) - 1] ?? null
  return options.find((d) => documentNames(d).includes(said)) ?? null
}
