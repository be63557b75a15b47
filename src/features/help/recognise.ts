import { isAcknowledgement } from '../../intents/phrases.js'
import type { Recogniser } from '../types.js'

export type HelpIntent = { type: 'help' } | { type: 'unknown'; text: string }

const HELP =
  /^(?:帮助|help|菜单|功能|功能列表|使用说明|说明书?|指南|用法|命令|指令|教程|使用方法|操作说明|你能做什么|你会做什么|你会什么|你能干什么|你可以做什么|你能干啥|你会干啥|你有什么功能|有什么功能|有哪些功能|怎么用|如何使用|怎么使用|咋用|不会用|怎么问|能问什么|可以问什么|你好|hi|hello|在吗)[?？吗呢]*$/i

/** An empty mention, a bare question mark, or asking what the bot can do; thanks get no reply. */
export const recogniseHelp: Recogniser = ({ raw, compact }) => {
  // 谢谢 / 收到 / [强] to the bot after an answer: no reply (and no help menu).
  if (isAcknowledgement(raw)) return { type: 'ignore' }
  if (compact === '' || /^[?？]+$/.test(compact) || HELP.test(compact)) return { type: 'help' }
  return null
}
