/** The office's documents: 文件列表, 归档 营商环境, 恢复 营商环境, 文件改名 营商环境 为 优化营商环境. */
import type { Recogniser } from '../types.js'

export type DocumentsIntent =
  | { type: 'documents' }
  /** archived false: 恢复 (back into the chat and the reminders). */
  | { type: 'archive_document'; name: string; archived: boolean }
  | { type: 'rename_document'; name: string; newName: string }

const LIST = /^(?:查看|看看|看一下)?(?:文件列表|文件清单|在办文件|任务表列表|有哪些文件|有哪几份文件|哪些文件|现有文件|所有文件|全部文件|文件)(?:有哪些)?$/
const ARCHIVE = /^(归档|恢复|取消归档)(?:文件)?[\s:：]*(.{1,20})$/
const RENAME = /^(?:文件)?(?:改名|重命名|更名|简称改为)[\s:：]*(.{1,20}?)[\s]*(?:为|改为|改成|→|->)[\s:：]*(.{1,12})$/

/**
 * Intents whose object is a document (归档 营商环境, 导入 营商环境): read from the message as
 * written, the pipeline takes no document name out of them.
 */
export const DOCUMENT_INTENTS = new Set(['documents', 'archive_document', 'rename_document', 'import_table'])

export const recogniseDocuments: Recogniser = ({ s, compact }) => {
  if (LIST.test(compact)) return { type: 'documents' }
  const rename = RENAME.exec(s.trim())
  if (rename) return { type: 'rename_document', name: rename[1]!.trim(), newName: rename[2]!.trim() }
  const archive = ARCHIVE.exec(s.trim())
  if (archive && !/第\s*\d/.test(archive[2]!)) return { type: 'archive_document', name: archive[2]!.trim(), archived: archive[1] === '归档' }
  return null
}
