/**
 * Child process for the SIGKILL fault test: ingests liaison reports through the real assistant, 20
 * at a time (as the bot handles conversations in parallel), printing how far it got, until killed.
 * argv: <databaseUrl or PGlite dir> <count>
 */
import { join } from 'node:path'
import type { ChatMessage } from '../../src/chat.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import { ensureSeeded, openApp } from '../../bot/openLedger.js'

export const TOWNS = ['惠城镇', '华湖镇', '仙庵镇', '靖海镇', '周田镇']
/** Tasks every town holds (as one of 各镇人民政府（场）). */
export const TASKS = [4, 5, 6, 8, 9, 10, 11, 12, 13, 17]

export function reportMessage(i: number, at: Date): ChatMessage {
  const town = i % TOWNS.length
  return {
    id: `fault-${i}`,
    roomId: 'room-fault',
    roomTopic: '故障测试群',
    senderId: `wx-town-${town}`,
    senderName: `${TOWNS[town]}联络员`,
    text: `第${TASKS[Math.floor(i / TOWNS.length) % TASKS.length]}项正在推进，完成${(i % 9) + 1}0%`,
    mentionsBot: false,
    receivedAt: at,
    kind: 'text',
  }
}

const SEED_DIR = join(import.meta.dirname, '../../seeds')

async function main() {
  const [target, countArg] = process.argv.slice(2)
  const app = await openApp(target!.startsWith('postgres') ? { databaseUrl: target!, dataDir: '.' } : { databaseUrl: null, dataDir: target! }, { office: null, seedDir: SEED_DIR })
  await ensureSeeded(app.stores, join(import.meta.dirname, '../../seeds'), silentLogger)
  const config = parseConfig({ ENABLED_ROOMS: '故障测试群' })
  const assistant = createAssistant({ stores: app.stores, config, log: silentLogger })
  for (let t = 0; t < TOWNS.length; t++) {
    await app.stores.liaisons.bind({ contactId: `wx-town-${t}`, name: `${TOWNS[t]}联络员`, alias: null, unit: TOWNS[t]!, boundBy: null })
  }
  process.stdout.write('ready\n')
  const count = Number(countArg)
  for (let i = 0; i < count; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => assistant.processMessage(reportMessage(i + k, new Date()))))
    process.stdout.write(`done ${i + 20}\n`)
  }
  process.stdout.write('finished\n')
  await app.close()
}

if (process.argv[1]?.endsWith('ingest-child.ts')) {
  main().catch((err) => {
    process.stderr.write(String(err) + '\n')
    process.exit(1)
  })
}
