/**
 * Reminder texts in concise 公文 style. One message per room: a headline, the tasks grouped by unit
 * (units with the same tasks share one heading), no ids; the liaisons are @-mentioned by the
 * Notifier (contacts passed to room.say), never typed into the text.
 */
import type { Liaison } from '../ledger/ports.js'
import { clip, formatNumbers } from '../replies/pages.js'
import { formatDate } from '../replies/tasks.js'
import type { ReminderBatch, ReminderItem, ReminderKind, ReminderRoom, ReminderSettings, ReminderStage } from './plan.js'
import { STAGE_RANK } from './plan.js'
import { withoutMarker } from '../ledger/liaisonMarker.js'

const STAGE_TAG: Record<ReminderStage, string> = { red: '〔红〕', yellow: '〔黄〕', blue: '〔蓝〕', progress: '' }

function shortDate(date: string): string {
  return formatDate(date).replace(/^\d+年/, '')
}

function itemLine(item: ReminderItem): string {
  const head = `${STAGE_TAG[item.stage]}${item.document ?? ''}第${item.task.number}项 ${clip(item.task.text, 30)}`
  if (item.stage === 'progress') return `${head}（${item.task.deadline.text ?? '持续推进'}）`
  const due = item.due!
  const days = item.daysLeft!
  const state = days < 0 ? `已逾期${-days}天` : days === 0 ? '今日到期' : `还有${days}天`
  const early = item.effective && item.effective !== due && days >= 0 ? `，逢休息日请于${shortDate(item.effective)}前办结` : ''
  return `${head}，时限${formatDate(due)}（${state}${early}）`
}

function headline(kind: ReminderKind, today: string, items: ReminderItem[], room: ReminderRoom | null, settings: ReminderSettings): string {
  const date = shortDate(today)
  if (kind === 'progress') {
    const period = settings.progressPeriod === 'weekly' ? '本周' : settings.progressPeriod === 'quarterly' ? '本季度' : '本月'
    const who = room ? '请以下单位' : `以下单位${period}尚未反馈持续推进任务进展，且未绑定联络员，请办公室另行通知。`
    return `【进展调度】${date}，${who}${room ? `在群内反馈以下持续推进任务的${period}进展（如“第5项正在推进，已完成……”）。` : ''}`
  }
  const stages = new Set(items.map((i) => i.stage))
  const legend = [
    stages.has('red') ? '红：已逾期' : null,
    stages.has('yellow') ? `黄：${settings.yellowDays}日内到期` : null,
    stages.has('blue') ? `蓝：${settings.blueDays}日内到期` : null,
  ].filter(Boolean)
  const what = stages.has('red') && stages.size === 1 ? '已逾期' : stages.has('red') ? '临近完成时限或已逾期' : '临近完成时限'
  const ask = room
    ? `请以下单位抓紧办理，办结后在群内回复“第×项已完成”。`
    : '以下单位未绑定联络员，无法在群内提醒，请办公室另行通知。'
  return `【督办提醒】${date}，以下任务${what}${what === '已逾期' ? '' : `（${legend.join('；')}）`}。${ask}`
}

/** 第1、3项, or with several documents 营商环境第1、3项；政务公开要点第2项. */
function numbersByDocument(items: ReminderItem[]): string {
  const byDocument = new Map<string, number[]>()
  for (const i of items) byDocument.set(i.document ?? '', [...(byDocument.get(i.document ?? '') ?? []), i.task.number])
  return [...byDocument].map(([name, numbers]) => `${name}${formatNumbers(numbers)}`).join('；')
}

interface Block {
  units: string[]
  items: ReminderItem[]
  text: string
}

/** Units with the same items share one block: 县发改局、县教育局：＋ one line per task. */
function unitBlocks(items: ReminderItem[]): { units: string[]; header: string; items: ReminderItem[] }[] {
  const byUnit = new Map<string, ReminderItem[]>()
  for (const i of items) byUnit.set(i.unit, [...(byUnit.get(i.unit) ?? []), i])
  const bySignature = new Map<string, { units: string[]; items: ReminderItem[]; roles: Set<string> }>()
  for (const [unit, list] of byUnit) {
    list.sort((a, b) => STAGE_RANK[b.stage] - STAGE_RANK[a.stage] || a.task.number - b.task.number)
    const sig = list.map((i) => `${i.task.id}:${i.stage}:${i.due}`).join('|')
    const g = bySignature.get(sig) ?? { units: [], items: list, roles: new Set<string>() }
    bySignature.set(sig, g)
    g.units.push(unit)
    for (const i of list) if (i.viaRole) g.roles.add(i.viaRole)
  }
  return [...bySignature.values()]
    .sort((a, b) => STAGE_RANK[b.items[0]!.stage] - STAGE_RANK[a.items[0]!.stage] || a.items[0]!.task.number - b.items[0]!.task.number)
    .map((g) => ({
      units: g.units,
      header: `${g.units.join('、')}${g.roles.size > 0 ? `（如属${[...g.roles].join('、')}）` : ''}：`,
      // Every unit of the group has these items: the page's items are the group's items for each unit.
      items: g.items,
    }))
}

/** Packs unit blocks into pages of at most `limit` characters; a block too long for one page continues on the next under its heading. */
function packPages(kind: ReminderKind, items: ReminderItem[], limit: number, footer: string | null): Block[][] {
  const pages: Block[][] = []
  let page: Block[] = []
  let used = 0
  const flush = () => {
    if (page.length) pages.push(page)
    page = []
    used = 0
  }
  for (const g of unitBlocks(items)) {
    let chunk: ReminderItem[] = []
    let chunkText = g.header
    const emit = () => {
      if (chunk.length === 0) return
      if (used > 0 && used + 1 + chunkText.length > limit) flush()
      const unitsSet = new Set(g.units)
      const own = items.filter((i) => unitsSet.has(i.unit) && chunk.some((c) => c.task.id === i.task.id && c.stage === i.stage && c.due === i.due))
      page.push({ units: g.units, items: own, text: chunkText })
      used += (used > 0 ? 1 : 0) + chunkText.length
      chunk = []
      chunkText = g.header
    }
    const lines =
      kind === 'progress'
        ? [{ text: `　${numbersByDocument(g.items)}`, items: g.items }]
        : g.items.map((i) => ({ text: `　${itemLine(i)}`, items: [i] }))
    for (const line of lines) {
      if (chunk.length > 0 && chunkText.length + 1 + line.text.length > limit) emit()
      chunk.push(...line.items)
      chunkText += `\n${line.text}`
    }
    emit()
  }
  if (footer) {
    const text = footer.length > limit ? footer.slice(0, limit - 1) + '…' : footer
    if (used > 0 && used + 1 + text.length > limit) flush()
    page.push({ units: [], items: [], text })
    used += text.length
  }
  flush()
  return pages
}

export function formatBatches(input: {
  kind: ReminderKind
  today: string
  room: ReminderRoom | null
  items: ReminderItem[]
  liaisons: Map<string, Liaison[]>
  settings: ReminderSettings
  /** Units of these reminders with no liaison, named in plain text at the end (in the only room). */
  unreached?: string[]
}): ReminderBatch[] {
  const { kind, today, room, items, settings } = input
  const head = headline(kind, today, items, room, settings)
  const footer = input.unreached?.length ? `另有${input.unreached.join('、')}${input.unreached.length > 3 ? `共${input.unreached.length}个单位` : ''}在本群没有联络员，请相关同志转告。` : null
  // Room for the headline and a page mark on every page.
  const pages = packPages(kind, items, Math.max(200, settings.pageChars - head.length - 10), footer)
  return pages.map((blocks, index) => {
    const pageItems = blocks.flatMap((b) => b.items)
    const units = [...new Set(blocks.flatMap((b) => b.units))]
    const mentions = units.flatMap((u) => (input.liaisons.get(u) ?? []).map((l) => ({ contactId: l.contactId, name: (l.alias && withoutMarker(l.alias)) || l.name, unit: u })))
    const mark = pages.length > 1 ? `（${index + 1}/${pages.length}）` : ''
    const stage = pageItems.reduce<ReminderStage>((s, i) => (STAGE_RANK[i.stage] > STAGE_RANK[s] ? i.stage : s), 'progress')
    return {
      kind,
      date: today,
      room: room ? { id: room.id, topic: room.topic } : null,
      stage,
      dedupeKey: room ? `${kind === 'progress' ? '进展调度' : '督办提醒'}|${today}|${room.topic}|${index + 1}` : null,
      page: index + 1,
      pages: pages.length,
      items: pageItems,
      tasks: [...new Set(pageItems.map((i) => i.task.number))].sort((a, b) => a - b),
      units,
      mentions,
      text: `${head}${mark}\n${blocks.map((b) => b.text).join('\n')}`,
    }
  })
}
