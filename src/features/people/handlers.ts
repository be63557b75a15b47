/** Binding liaisons to units, and admins. */
import type { OutgoingMessage } from '../../chat.js'
import type { HandlerContext } from '../../ledger/context.js'
import type { Liaison } from '../../ledger/ports.js'
import { resolveUnitForChat } from '../tasks/handlers.js'
import type { Handler } from '../types.js'

/** What a namesake (see Intake.namesake) is told: a nickname grants nothing until someone confirms. */
export function confirmAgain(namesake: Liaison): string {
  return (
    `为防止他人使用相同昵称冒名报送，需重新确认您的${namesake.unit}联络员身份：` +
    `请管理员在群里发送“绑定 @${namesake.name} ${namesake.unit}”，或您本人发送“绑定 ${namesake.unit}”（将告知管理员）。`
  )
}

const namesOf = (ls: Liaison[]) => ls.map((l) => l.name).join('、')

/** The bot's own 备注 on the contact when the puppet can write it; undefined: not written. */
async function markerFor(ctx: HandlerContext, contactId: string, unit: string): Promise<string | undefined> {
  try {
    return (await ctx.services.markLiaison?.(contactId, unit)) ?? undefined
  } catch (err) {
    ctx.log.warn({ err }, 'liaison 备注 could not be written; the binding holds for this login only')
    return undefined
  }
}

export const bind: Handler<'bind'> = async (ctx) => {
  const found = resolveUnitForChat(ctx, ctx.intent.unit)
  if ('error' in found) return { pages: [found.reply], data: { error: found.error }, outcome: found.error }
  const unit = found.unit
  const targetName = ctx.intent.targetName
  if (targetName) {
    // Only an @ from the member list names a contact; a typed name could be anyone's.
    const contactId = ctx.msg.mentionIds?.[0]
    if (!contactId) return { pages: [`请在群里@${targetName}（从群成员中选择）后发送“绑定 @${targetName} ${unit}”。`], data: { error: 'no_mention' }, outcome: 'bind:no_mention' }
    const held = (await ctx.stores.liaisons.listByUnit(unit)).filter((l) => l.contactId !== contactId)
    // The admin vouches for this contact: a namesake row of the unit is them under an earlier login's id.
    const earlier = held.filter((l) => l.name === targetName)
    for (const l of earlier) await ctx.stores.liaisons.unbind(l.contactId)
    const alias = await markerFor(ctx, contactId, unit)
    await ctx.stores.liaisons.bind({ contactId, name: targetName, ...(alias ? { alias } : {}), unit, boundBy: ctx.sender.name })
    const others = held.filter((l) => !earlier.includes(l))
    const note = others.length ? `${unit}另有联络员${namesOf(others)}。` : ''
    return { pages: [`已将 ${targetName} 绑定为${unit}联络员。${note}`], data: { unit, liaison: targetName }, outcome: 'bound_other' }
  }
  const before = ctx.sender.liaison?.unit
  const others = (await ctx.stores.liaisons.listByUnit(unit)).filter((l) => l.contactId !== ctx.sender.contactId)
  const alias = await markerFor(ctx, ctx.sender.contactId, unit)
  await ctx.stores.liaisons.bind({ contactId: ctx.sender.contactId, name: ctx.sender.name, alias: alias ?? ctx.sender.alias, unit, boundBy: null })
  const change = before && before !== unit ? `（原绑定：${before}）` : ''
  const lines = [`已绑定：您是${unit}联络员${change}。可发送“我单位负责什么”查看本单位任务。`]
  let notices: OutgoingMessage[] = []
  // Anyone may bind themselves; a second liaison of a unit is allowed, but never silently.
  if (others.length && before !== unit) {
    const admins = ctx.sender.isAdmin ? [] : (await ctx.stores.admins.list()).filter((a) => a.contactId !== ctx.sender.contactId)
    // ADMINS are known by 备注, not by id: the office's own room (ADMIN_ROOM) reaches them.
    const adminRoom = !ctx.sender.isAdmin && ctx.config.ADMIN_ROOM && ctx.config.ADMIN_ROOM !== ctx.msg.roomTopic ? ctx.config.ADMIN_ROOM : null
    const told = admins.length > 0 || adminRoom != null
    lines.push(`注意：${unit}已有联络员${namesOf(others)}${told ? '，本次绑定已告知管理员' : '，请管理员核实'}。`)
    const where = ctx.msg.roomTopic ? `在“${ctx.msg.roomTopic}”` : '在私聊中'
    // The same name under another id: often the same person after a re-login, confirming again.
    const same = others.some((l) => l.name === ctx.sender.name) ? `（同名者可能是本人此前的微信账号，核实后可解绑旧的一个）` : ''
    const text = `督办助手提示：${ctx.sender.name} ${where}绑定为${unit}联络员；该单位已有联络员${namesOf(others)}${same}。如非本单位人员，请发送“解绑 @${ctx.sender.name}”。`
    notices = admins.map((a): OutgoingMessage => ({ roomId: null, toContactId: a.contactId, text }))
    if (adminRoom) notices.push({ roomId: null, roomTopic: adminRoom, text })
  }
  return { pages: [lines.join('\n')], data: { unit, ...(others.length ? { others: others.map((l) => l.name) } : {}) }, notices, outcome: 'bound' }
}

export const unbind: Handler<'unbind'> = async (ctx) => {
  const targetName = ctx.intent.targetName
  if (targetName) {
    const mentioned = ctx.msg.mentionIds?.[0]
    // Removing grants nothing: a typed name may find the one stored liaison of that name (an earlier login's id).
    const named = (await ctx.stores.liaisons.list()).filter((l) => l.name === targetName)
    const target = (mentioned ? await ctx.stores.liaisons.find({ contactId: mentioned, name: targetName }) : null) ?? (named.length === 1 ? named[0]! : null)
    if (!target) return { pages: [named.length > 1 ? `有${named.length}名联络员叫 ${targetName}，请在群里@其本人解绑。` : `${targetName} 尚未绑定单位。`], outcome: 'unbind:none' }
    await ctx.stores.liaisons.unbind(target.contactId)
    return { pages: [`已解除 ${targetName} 与${target.unit}的绑定。`], outcome: 'unbound_other' }
  }
  const mine = ctx.sender.liaison
  if (!mine) return { pages: ['您尚未绑定单位。'], outcome: 'unbind:none' }
  await ctx.stores.liaisons.unbind(mine.contactId)
  return { pages: [`已解除您与${mine.unit}的绑定。`], outcome: 'unbound' }
}

export const whoami: Handler<'whoami'> = async (ctx) => {
  const l = ctx.sender.liaison
  const admin = ctx.sender.isAdmin ? '您是管理员。' : ''
  if (!l) {
    const namesake = ctx.sender.namesake ? confirmAgain(ctx.sender.namesake) : ''
    return { pages: [`您尚未绑定单位。${admin}${namesake || '发送“绑定 单位名称”即可绑定。'}`], data: { unit: null, admin: ctx.sender.isAdmin } }
  }
  const others = (await ctx.stores.liaisons.listByUnit(l.unit)).filter((o) => o.contactId !== l.contactId)
  const shared = others.length ? `本单位另有联络员：${namesOf(others)}。` : ''
  return { pages: [`您是${l.unit}联络员。${shared}${admin}`], data: { unit: l.unit, admin: ctx.sender.isAdmin, ...(others.length ? { others: others.map((o) => o.name) } : {}) } }
}

export const claimAdmin: Handler<'claim_admin'> = async (ctx) => {
  const wait = ctx.claimThrottle.waitMs(ctx.sender.contactId, ctx.now)
  if (wait > 0) {
    return { pages: [`认领码尝试次数过多，请${Math.ceil(wait / 60_000)}分钟后再试。`], data: { error: 'throttled' }, outcome: 'claim:throttled' }
  }
  const code = ctx.claimCode.current
  const right = code != null && ctx.intent.code.trim().toUpperCase() === code.toUpperCase()
  // Already stored (an earlier try whose write committed but whose answer was lost): the code is spent.
  if (ctx.sender.isAdmin && (right || !code)) {
    if (right) ctx.claimCode.current = null
    return { pages: ['您已是管理员。可在工作群中@我发送“启用本群”。'], data: { admin: true }, outcome: 'claim:already' }
  }
  if (!right) {
    ctx.claimThrottle.failed(ctx.sender.contactId, ctx.now)
    return { pages: ['管理员认领码不正确或已被使用。'], data: { error: 'bad_code' }, outcome: 'claim:denied' }
  }
  // Taken while the write runs (a second try at once finds it used), given back if the write fails.
  ctx.claimCode.current = null
  try {
    await ctx.stores.admins.add({ contactId: ctx.sender.contactId, name: ctx.sender.name, alias: ctx.sender.alias })
  } catch (err) {
    // A write that failed may still have committed (the connection dropped after it): burnt only then.
    if (!(await ctx.stores.admins.isAdmin({ contactId: ctx.sender.contactId, name: ctx.sender.name, alias: ctx.sender.alias }).catch(() => false))) {
      ctx.claimCode.current = code
      throw err
    }
  }
  return { pages: ['您已成为管理员。可在工作群中@我发送“启用本群”。'], data: { admin: true }, outcome: 'claim:ok' }
}
