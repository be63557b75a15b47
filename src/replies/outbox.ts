/** The admin's word about reminders whose send was interrupted (see OutboxStore.unconfirmed). */
import { chinaDateTime } from '../clock.js'
import type { OutboxItem } from '../ledger/ports.js'

const SHOWN = 5

/** One sentence naming the items, or null when there are none. */
export function describeUnconfirmed(items: OutboxItem[]): string | null {
  if (!items.length) return null
  const named = items.slice(0, SHOWN).map((i) => `${i.roomTopic ?? '私聊'}（${chinaDateTime(i.plannedFor)}）`)
  return (
    `发送时中断、无法确认是否已发出的消息 ${items.length} 条：${named.join('、')}${items.length > SHOWN ? '等' : ''}。` +
    '为免重复，这些消息不会自动重发，请在群里核实后手动补发。'
  )
}
