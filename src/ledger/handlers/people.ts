/** Binding liaisons to units, admins, and enabling rooms. */
import type { Handler } from '../context.js'
import { resolveUnitForChat } from './queries.js'

const adminsOnly = '此操作仅限管理员。'

export const bind: Handler = async (ctx) => {
  if (ctx.intent.type !== 'bind') throw new Error('intent mismatch')
  const found = resolveUnitForChat(ctx, ctx.intent.unit)
  if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
  const targetName = ctx.intent.targetName
  if (targetName) {
    if (!ctx.sender.isAdmin) return { pages: ['为他人绑定单位仅限管理员；本人绑定请直接发送“绑定 单位名称”。'], data: { error: 'not_admin' }, outcome: 'denied' }
    const contactId = ctx.msg.mentionIds?.[0] ?? `name:${targetName}`
    await ctx.stores.liaisons.bind({ contactId, name: targetName, alias: null, unit: found.unit, boundBy: ctx.sender.name })
    return { pages: [`已将 ${targetName} 绑定为${found.unit}联络员。`], data: { unit: found.unit, liaison: targetName }, outcome: 'bound_other' }
  }
  const before = ctx.sender.liaison?.unit
  await ctx.stores.liaisons.bind({
    contactId: ctx.sender.contactId,
    name: ctx.sender.name,
    alias: ctx.sender.alias,
    unit: found.unit,
    boundBy: null,
  })
  const change = before && before !== found.unit ? `（原绑定：${before}）` : ''
  return {
    pages: [`已绑定：您是${found.unit}联络员${change}。可发送“我单位负责什么”查看本单位任务。`],
    data: { unit: found.unit },
    outcome: 'bound',
  }
}

export const unbind: Handler = async (ctx) => {
  if (ctx.intent.type !== 'unbind') throw new Error('intent mismatch')
  const targetName = ctx.intent.targetName
  if (targetName) {
    if (!ctx.sender.isAdmin) return { pages: [adminsOnly], data: { error: 'not_admin' }, outcome: 'denied' }
    const target = await ctx.stores.liaisons.find({ contactId: ctx.msg.mentionIds?.[0] ?? `name:${targetName}`, name: targetName })
    if (!target) return { pages: [`${targetName} 尚未绑定单位。`], outcome: 'unbind:none' }
    await ctx.stores.liaisons.unbind(target.contactId)
    return { pages: [`已解除 ${targetName} 与${target.unit}的绑定。`], outcome: 'unbound_other' }
  }
  const mine = ctx.sender.liaison
  if (!mine) return { pages: ['您尚未绑定单位。'], outcome: 'unbind:none' }
  await ctx.stores.liaisons.unbind(mine.contactId)
  return { pages: [`已解除您与${mine.unit}的绑定。`], outcome: 'unbound' }
}

export const whoami: Handler = async (ctx) => {
  const l = ctx.sender.liaison
  const admin = ctx.sender.isAdmin ? '您是管理员。' : ''
  if (!l) return { pages: [`您尚未绑定单位。${admin}发送“绑定 单位名称”即可绑定。`], data: { unit: null, admin: ctx.sender.isAdmin } }
  return { pages: [`您是${l.unit}联络员。${admin}`], data: { unit: l.unit, admin: ctx.sender.isAdmin } }
}

export const claimAdmin: Handler = async (ctx) => {
  if (ctx.intent.type !== 'claim_admin') throw new Error('intent mismatch')
  const code = ctx.claimCode.current
  if (!code || ctx.intent.code.trim().toUpperCase() !== code.toUpperCase()) {
    return { pages: ['管理员认领码不正确或已被使用。'], data: { error: 'bad_code' }, outcome: 'claim:denied' }
  }
  ctx.claimCode.current = null
  await ctx.stores.admins.add({ contactId: ctx.sender.contactId, name: ctx.sender.name, alias: ctx.sender.alias })
  return { pages: ['您已成为管理员。可在工作群中@我发送“启用本群”。'], data: { admin: true }, outcome: 'claim:ok' }
}

export const setRoom: Handler = async (ctx) => {
  const enable = ctx.intent.type === 'enable_room'
  if (!ctx.sender.isAdmin) return { pages: [adminsOnly], data: { error: 'not_admin' }, outcome: 'denied' }
  if (!ctx.msg.roomId) return { pages: ['请在需要启用或停用的工作群中发送此指令。'], data: { error: 'not_in_room' }, outcome: 'room:private' }
  await ctx.stores.rooms.setEnabled(ctx.msg.roomId, ctx.msg.roomTopic ?? ctx.msg.roomId, enable)
  return {
    pages: [enable ? '本群已启用督办助手。各单位联络员可@我发送“帮助”了解用法。' : '本群已停用督办助手，此后不再在本群答复和提醒。'],
    outcome: enable ? 'room:enabled' : 'room:disabled',
  }
}
