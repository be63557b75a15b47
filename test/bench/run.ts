/**
 * npm run bench: speed and memory of the hot paths, measured rather than asserted in tests.
 * Prints one line per case: operations, mean time per operation, throughput; then memory.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseTaskText } from '../../src/tasks/parseText.js'
import { prepareImport } from '../../src/ledger/prepareImport.js'
import { createUnitDirectory, parseDirectoryData } from '../../src/units/directory.js'
import { parseIntent } from '../../src/intents/parseIntent.js'
import { parseConfig } from '../../src/config.js'
import { createAssistant } from '../../src/ledger/assistant.js'
import { silentLogger } from '../../src/ledger/context.js'
import { MEMORY_DATA_DIR, openDatabase } from '../../db/client.js'
import { createStores } from '../../db/stores.js'
import { ensureSeeded } from '../../bot/app.js'
import type { ChatMessage } from '../../src/chat.js'

const ROOT = join(import.meta.dirname, '../..')
const seedText = readFileSync(join(ROOT, 'seeds/000_3c54fac4c972c98b.txt'), 'utf8')
const directory = parseDirectoryData(JSON.parse(readFileSync(join(ROOT, 'seeds/huilai-units.json'), 'utf8')))

async function bench(name: string, n: number, fn: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < Math.min(5, n); i++) await fn(i) // warm-up
  const start = performance.now()
  for (let i = 0; i < n; i++) await fn(i)
  const ms = performance.now() - start
  console.log(`${name.padEnd(44)} ${String(n).padStart(6)} ops  ${(ms / n).toFixed(3).padStart(9)} ms/op  ${Math.round((n / ms) * 1000).toString().padStart(8)} ops/s`)
}

const phrasings = [
  '我单位负责什么', '发改局有哪些任务', '第五十七项谁负责', '任务41', '搜索 规范性文件', '快到期的', '逾期任务',
  '第1项已完成，清理结果已公布', '1、2项已完成；3项正在推进，预计11月底完成', '第13至16项均已落实', '撤销', '进度汇总',
  '【进度反馈】\n1.第5项：已完成\n2.第6项：正在推进，完成七成', '收到，谢谢', '绑定 县司法局', '我是人社局联络员',
]

async function main() {
  const now = new Date('2022-09-20T02:00:00Z')
  await bench('parseTaskText (seed, 58 tasks)', 300, () => parseTaskText(seedText, { file: 'seed.txt' }))
  const table = parseTaskText(seedText, { file: 'seed.txt' })
  const dir = createUnitDirectory(directory)
  await bench('prepareImport (resolve every unit name)', 300, () => prepareImport(table, dir, { name: 'seed.txt', contentHash: 'x' }))
  await bench('parseIntent (mixed phrasings)', 20_000, (i) => parseIntent(phrasings[i % phrasings.length]!, { mentioned: i % 2 === 0, now }))
  await bench('resolve unit name (alias/abbreviation)', 20_000, (i) => dir.resolve(['人社局', '县住房和城乡建设局', '商务局', '发改局', '县司法局'][i % 5]!))

  const database = await openDatabase({ dataDir: MEMORY_DATA_DIR })
  const stores = createStores(database.db)
  await ensureSeeded(stores, join(ROOT, 'seeds'), silentLogger)
  const prepared = prepareImport(table, createUnitDirectory((await stores.tasks.loadBook()).directory), { name: 'seed.txt', contentHash: 'x' })
  await bench('importTable re-import (PGlite, 58 tasks)', 20, () => stores.tasks.importTable(prepared.input))
  await bench('loadBook (PGlite)', 100, () => stores.tasks.loadBook())

  const config = parseConfig({ ENABLED_ROOMS: '群', REPLAY_MAX_AGE_SECONDS: '999999999' })
  const assistant = createAssistant({ stores, config, log: silentLogger, now: () => now })
  let id = 0
  const msg = (senderId: string, text: string, mentionsBot = true): ChatMessage => ({
    id: `b${++id}`, roomId: 'r', roomTopic: '群', senderId, senderName: senderId, text, mentionsBot, receivedAt: now,
  })
  await assistant.processMessage(msg('sifa', '绑定 县司法局'))
  await bench('processMessage 我单位负责什么 (PGlite)', 300, () => assistant.processMessage(msg('sifa', '我单位负责什么')))
  await bench('processMessage 第57项 (PGlite)', 300, () => assistant.processMessage(msg('sifa', '第57项')))
  await bench('processMessage report + undo (PGlite)', 150, async () => {
    await assistant.processMessage(msg('sifa', '第1项正在推进，完成50%', false))
    await assistant.processMessage(msg('sifa', '撤销'))
  })
  await bench('processMessage unmentioned chit-chat (PGlite)', 300, () => assistant.processMessage(msg('sifa', '收到，谢谢', false)))
  await database.close()

  const mem = process.memoryUsage()
  console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
