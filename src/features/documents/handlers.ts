/** 文件列表 and the admin's 归档 / 恢复 / 改名 of a document. */
import type { Handler } from '../types.js'
import type { HandlerContext } from '../../ledger/context.js'
import type { BookDocument, TaskBook } from '../../ledger/ports.js'
import { documentNames, scopeBook } from '../../ledger/documentScope.js'
import { listedState } from '../../ledger/ledgerRows.js'
import { indexLatest } from '../../ledger/book.js'

/** The document a name means among these (its short name, 文件N, or its full title); null: none. */
function documentNamed(docs: BookDocument[], name: string): BookDocument | null {
  const n = name.replace(/[《》“”"\s]/g, '')
  return docs.find((d) => documentNames(d).includes(n)) ?? docs.find((d) => d.title?.replace(/\s/g, '') === n) ?? null
}

function unknownDocument(docs: BookDocument[], name: string) {
  const known = docs.map((d) => `“${d.shortName}”`).join('、')
  return {
    pages: [`没有名为“${name}”的文件${known ? `（现有：${known}）` : ''}。发送“文件列表”可查看。`],
    data: { error: 'unknown_document' as const, document: name },
    outcome: 'unknown_document' as const,
  }
}

/** Every document, archived ones too: 恢复 and 改名 may name an archived one. */
async function allDocuments(ctx: HandlerContext): Promise<TaskBook> {
  return ctx.stores.tasks.loadBook({ archived: true })
}

export const listDocuments: Handler<'documents'> = async (ctx) => {
  const book = await allDocuments(ctx)
  if (!book.documents.length) return { pages: ['尚未导入任务分解表。'], data: { documents: [] }, outcome: 'documents' }
  const rc = await ctx.replyContext()
  const latest = indexLatest(await ctx.stores.progress.latest({ taskIds: book.tasks.map((t) => t.id) }))
  const rows = book.documents.map((d) => {
    const scoped = scopeBook(book, d.id)
    const states = scoped.tasks.flatMap((t) => listedState(t, null, ctx.dir, latest, rc.grading, ctx.today) ?? [])
    return {
      name: d.shortName,
      title: d.title,
      tasks: scoped.tasks.length,
      done: states.filter((s) => s.done).length,
      overdue: states.filter((s) => s.overdue).length,
      archived: d.archived,
      ordinal: d.ordinal,
    }
  })
  const line = (r: (typeof rows)[number]) =>
    `文件${r.ordinal} “${r.name}”${r.title ? `《${r.title}》` : ''}：任务 ${r.tasks} 项，已完成 ${r.done} 项${r.overdue ? `，逾期 ${r.overdue} 项` : ''}`
  const active = rows.filter((r) => !r.archived)
  const archived = rows.filter((r) => r.archived)
  const lines = [`在办文件 ${active.length} 份：`, ...active.map(line)]
  if (archived.length) lines.push(`已归档 ${archived.length} 份：${archived.map((r) => `“${r.name}”`).join('、')}（不再提醒，台账中保留）`)
  if (active.length > 1) lines.push(`报送或查询时请写明文件，例如“${active[0]!.name}第1项已完成”。`)
  return { pages: [lines.join('\n')], data: { documents: rows.map(({ ordinal: _o, ...r }) => r) }, outcome: 'documents' }
}

export const archiveDocument: Handler<'archive_document'> = async (ctx) => {
  const book = await allDocuments(ctx)
  const doc = documentNamed(book.documents, ctx.intent.name)
  if (!doc) return unknownDocument(book.documents, ctx.intent.name)
  const { archived } = ctx.intent
  if (doc.archived === archived) {
    return { pages: [`“${doc.shortName}”${archived ? '已是归档状态' : '未归档，正在督办中'}。`], data: { document: doc.shortName, archived }, outcome: 'archive_document' }
  }
  await ctx.stores.tasks.setArchived(doc.id, archived)
  ctx.invalidateBook()
  return {
    pages: [archived ? `已归档“${doc.shortName}”：不再提醒，群内查询不再列出，台账中保留。发送“恢复 ${doc.shortName}”可恢复。` : `已恢复“${doc.shortName}”：重新纳入群内查询和到期提醒。`],
    data: { document: doc.shortName, archived },
    outcome: 'archive_document',
  }
}

export const renameDocument: Handler<'rename_document'> = async (ctx) => {
  const book = await allDocuments(ctx)
  const doc = documentNamed(book.documents, ctx.intent.name)
  if (!doc) return unknownDocument(book.documents, ctx.intent.name)
  const newName = ctx.intent.newName.replace(/[《》“”"\s]/g, '')
  // A name like 文件3 or with a task number in it would be read as something else.
  if (newName.length < 2 || /^文件\d+$|第\s*\d|\d+项/.test(newName)) {
    return { pages: [`简称“${newName}”不可用：请用2—12个字、不含“第N项”的名称。`], data: { error: 'bad_name', document: doc.shortName }, outcome: 'rename_document' }
  }
  if (!(await ctx.stores.tasks.renameDocument(doc.id, newName))) {
    return { pages: [`已有文件名为“${newName}”，请换一个简称。`], data: { error: 'bad_name', document: doc.shortName }, outcome: 'rename_document' }
  }
  ctx.invalidateBook()
  return { pages: [`已将“${doc.shortName}”的简称改为“${newName}”。`], data: { document: newName, previous: doc.shortName }, outcome: 'rename_document' }
}
