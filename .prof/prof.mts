import { openApp } from '/work/main/bot/openLedger.ts'
import { createAssistant } from '/work/main/src/ledger/assistant.ts'
import { parseConfig } from '/work/main/src/config.ts'
const app = await openApp({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/duban_s100', dataDir: '/tmp' }, { office: null, seedDir: '/work/main/seeds' })
for (const [name, store] of Object.entries(app.stores)) for (const [m, fn] of Object.entries(store as Record<string, unknown>)) if (typeof fn === 'function') (store as any)[m] = async (...args: unknown[]) => { const t = performance.now(); try { return await (fn as any)(...args) } finally { const d = performance.now() - t; if (d > 10) console.log('slow', name, m, d.toFixed(1)) } }
const a = createAssistant({ stores: app.stores, config: parseConfig({ REPLAY_MAX_AGE_SECONDS: '3600' }) })
let n = 0
const msg = (text: string) => ({ id: `p${++n}-${Date.now()}`, roomId: 'synth-room-0', roomTopic: '政务公开工作群', senderId: 'synth:0:5', senderName: 'x', text, mentionsBot: true, receivedAt: new Date(), kind: 'text' as const })
for (const text of ['我单位负责什么', '第5项']) {
  for (let i = 0; i < 5; i++) await a.processMessage(msg(text))
  const t = performance.now()
  const c = process.cpuUsage()
  for (let i = 0; i < 30; i++) await a.processMessage(msg(text))
  const cu = process.cpuUsage(c)
  console.log(text, ((performance.now() - t) / 30).toFixed(1), 'ms wall', ((cu.user + cu.system) / 30000).toFixed(1), 'ms cpu')
}
const { book, dir } = await a.book()
let t = performance.now()
for (let i = 0; i < 30; i++) dir.groupsOf('县司法局')
console.log('groupsOf', ((performance.now() - t) / 30).toFixed(2))
await app.close()
