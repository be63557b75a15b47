/**
 * Chat text -> Intent: the features' recognisers tried in the order src/features/index.ts gives.
 * Mentioned messages are questions or commands; unmentioned ones matter only when they are
 * progress reports, so chit-chat, 收到 and 好的 in a busy work group never trigger the bot.
 */
import { toHalfWidth } from '../numerals.js'
import { recognisers } from '../features/index.js'
import { recogniseUnmentioned } from '../features/reports/recognise.js'
import type { Intent } from '../features/intent.js'
import { readSaid, type IntentContext } from './said.js'
import { MAX_MESSAGE_CHARS } from '../text.js'

export type { Intent } from '../features/intent.js'
export type { IntentContext, TaskRole } from './said.js'

export function parseIntent(text: string, ctx: IntentContext): Intent {
  if (text.length > MAX_MESSAGE_CHARS) return ctx.mentioned ? { type: 'unknown', text: text.slice(0, 100) } : { type: 'ignore' }
  const raw = toHalfWidth(text).replace(/\u2005/g, ' ').replace(/\r\n?/g, '\n').trim()
  if (!ctx.mentioned) return recogniseUnmentioned(raw, ctx)
  const said = readSaid(raw, ctx)
  for (const recognise of recognisers) {
    const intent = recognise(said)
    if (intent) return intent
  }
  return { type: 'unknown', text: raw }
}
