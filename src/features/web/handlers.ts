/**
 * The web 台账's link, with a fresh token, to an admin in private chat. Asked in a group, the link
 * goes to the admin privately and the group hears only that (a link opens the office's whole 台账).
 */
import type { Handler } from '../types.js'

export const webLink: Handler<'web_link'> = async (ctx) => {
  const link = ctx.services.webLedgerLink ? await ctx.services.webLedgerLink() : null
  if (!link) return { pages: ['网页台账当前未开启（npm start 或 npm run cli -- web 启动后可用）。'], data: { error: 'unavailable' }, outcome: 'web_link:unavailable' }
  const minutes = ctx.config.WEB_TOKEN_MINUTES
  const text = `网页台账链接（${minutes}分钟内有效，请勿转发）：\n${link}`
  if (ctx.msg.roomId) {
    return {
      pages: ['网页台账链接已私信发送。'],
      notices: [{ roomId: null, toContactId: ctx.sender.contactId, text }],
      data: { sent: 'private' },
      outcome: 'web_link:private',
    }
  }
  return { pages: [text], data: {}, outcome: 'web_link' }
}
