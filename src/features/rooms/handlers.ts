/** Enabling and disabling the bot in a work group (admins). */
import type { Handler } from '../types.js'

export const setRoom: Handler<'enable_room' | 'disable_room'> = async (ctx) => {
  const enable = ctx.intent.type === 'enable_room'
  if (!ctx.msg.roomId) return { pages: ['请在需要启用或停用的工作群中发送此指令。'], data: { error: 'not_in_room' }, outcome: 'room:private' }
  await ctx.stores.rooms.setEnabled(ctx.msg.roomId, ctx.msg.roomTopic ?? ctx.msg.roomId, enable)
  return {
    pages: [enable ? '本群已启用督办助手。各单位联络员可@我发送“帮助”了解用法。' : '本群已停用督办助手，此后不再在本群答复和提醒。'],
    outcome: enable ? 'room:enabled' : 'room:disabled',
  }
}
