import type { Recogniser } from '../types.js'

/** 导入 / 预览导入 (admins): the task-table file follows (or came just before); 确认导入 confirms a diff shown. */
export type ImportsIntent = { type: 'import_table'; dryRun: boolean; confirm?: boolean; into?: string }

const TABLE = '(?:任务分解表|任务表|分解表|任务清单|表格|文件|新表)?'
const PREVIEW = new RegExp(`^(?:预览导入|导入预览|试导入)${TABLE}$|^预览(?:任务分解表|任务表|分解表)$`)
const CONFIRM = new RegExp(`^确认导入${TABLE}$`)
const IMPORT = new RegExp(`^导入${TABLE}$`)

/** 导入 营商环境, 预览导入为民生实事的修订版: the document the table revises, named by the admin. */
const INTO = /^(预览导入|导入预览|试导入|确认导入|导入)(?:为|到|进|作为)?(?:文件)?([^，。,.\s]{2,16}?)(?:的)?(?:修订版|修订稿|修订)?$/

export const recogniseImport: Recogniser = ({ compact }) => {
  if (PREVIEW.test(compact)) return { type: 'import_table', dryRun: true }
  if (CONFIRM.test(compact)) return { type: 'import_table', dryRun: false, confirm: true }
  if (IMPORT.test(compact)) return { type: 'import_table', dryRun: false }
  const into = INTO.exec(compact)
  if (into) {
    const verb = into[1]!
    return { type: 'import_table', dryRun: verb !== '导入' && verb !== '确认导入', ...(verb === '确认导入' ? { confirm: true } : {}), into: into[2]! }
  }
  return null
}
