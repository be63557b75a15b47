/** What the bot can do, and the answer for what it did not understand. */
import type { Handler } from '../types.js'

export function helpText(botName: string): string {
  return [
    `我是${botName}，可以这样问我（在群里请先@我）：`,
    '· 绑定 县司法局　（或“我是人社局联络员”）',
    '· 我单位负责什么　／　发改局有哪些任务',
    '· 第57项　／　第五十七项谁负责',
    '· 搜索 规范性文件',
    '· 快到期的　／　逾期任务',
    '· 报进度：第1项已完成；2、3项正在推进，预计11月底完成',
    '· 撤销　（撤回刚才的报送）　／　第5项进度',
    '管理员另可：启用本群、停用本群、进度汇总、未反馈、导出台账、网页台账、待销号、同意销号 第5项 县司法局、退回 第5项 县司法局 原因、督办单 第5项、生成通报、文件列表、归档 文件简称、绑定 @某人 单位、预览导入／导入（随后发送任务分解表文件）。',
  ].join('\n')
}

export const help: Handler<'help'> = async (ctx) => ({ pages: [helpText(ctx.config.BOT_NAME)], outcome: 'help' })

export const unknown: Handler<'unknown'> = async (ctx) => ({
  pages: [`没有理解您的意思。${ctx.config.BOT_NAME}可以查询任务、报送进度，发送“帮助”查看用法。`],
  data: { error: 'unknown' },
  outcome: 'unknown',
})
