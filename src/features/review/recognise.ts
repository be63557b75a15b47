/**
 * 销号 (CLOSE_REQUIRES_REVIEW): 待销号 lists the 已完成 awaiting the office's check; 同意销号 第5项
 * 县司法局 closes one, 退回 第5项 县司法局 请补充佐证材料 sends it back, by command or by quote-reply
 * to the liaison's report or to the bot's receipt.
 */
import type { Recogniser } from '../types.js'
import { findTaskRefSpans } from '../../intents/taskRefs.js'
import { quotedTaskNumbers } from '../../intents/said.js'

export type ReviewIntent =
  | { type: 'review_queue' }
  | {
      type: 'review_decision'
      decision: 'close' | 'return'
      tasks: number[]
      /** What follows the task reference: the unit (and for a return the reason), as written. */
      rest: string
      /** The quoted message's sender and text when deciding by quote-reply. */
      quoted: { senderName: string | null; text: string } | null
    }

const QUEUE = /^(?:查看|看看|看一下)?(?:待销号|待审核|销号审核|待审核销号|待销号清单|待销号列表|待审核清单|待审核列表|销号清单|销号列表)(?:的?(?:任务|事项|清单|列表|有哪些|还有哪些)){0,2}$/
const CLOSE = /^(?:同意销号|准予销号|予以销号|确认销号|审核通过|销号)(?=[\s:：，,]|第|$)[\s:：，,]*([\s\S]*)$/
// 退回 then a space, a mark or the task: "退回的第5项已补充完成" is a liaison's report, not a decision.
const RETURN = /^(?:退回|不予销号|不同意销号|驳回)(?=[\s:：，,]|第|$)[\s:：，,]*([\s\S]*)$/

export const recogniseReview: Recogniser = ({ s, compact, ctx }) => {
  if (QUEUE.test(compact)) return { type: 'review_queue' }
  const text = s.trim()
  const m = CLOSE.exec(text) ?? RETURN.exec(text)
  if (!m) return null
  const decision = CLOSE.test(text) ? 'close' : 'return'
  const spans = findTaskRefSpans(m[1]!)
  const quoted = ctx.quoted ? { senderName: ctx.quoted.senderName, text: ctx.quoted.text } : null
  const tasks = spans.length ? [...new Set(spans.flatMap((sp) => sp.numbers))] : quotedTaskNumbers(ctx)
  // A decision names its task or answers a message that does.
  if (!tasks.length) return quoted || /^\s*$/.test(m[1]!) ? { type: 'review_decision', decision, tasks: [], rest: m[1]!.trim(), quoted } : null
  // The rest: the text without the task references (退回 第5项 县司法局 请补充 → 县司法局 请补充).
  let rest = m[1]!
  for (const sp of [...spans].reverse()) rest = rest.slice(0, sp.start) + ' ' + rest.slice(sp.end)
  return { type: 'review_decision', decision, tasks, rest: rest.replace(/\s+/g, ' ').trim(), quoted }
}
