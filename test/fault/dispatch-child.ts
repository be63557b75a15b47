/**
 * Child process for the SIGKILL fault test of the outbox: queues one reminder and dispatches it with
 * a notifier that "sends" (prints `sent`) and then never returns, so the parent can kill the process
 * between the send and the mark. argv: <databaseUrl or PGlite dir>
 */
import { join } from 'node:path'
import { silentLogger } from '../../src/ledger/context.js'
import { openApp } from '../../bot/openLedger.js'
import { createDispatcher } from '../../jobs/dispatch.js'

export const KILLED_KEY = 'fault-kill-mid-send'

const SEED_DIR = join(import.meta.dirname, '../../seeds')

async function main() {
  const [target] = process.argv.slice(2)
  const app = await openApp(target!.startsWith('postgres') ? { databaseUrl: target!, dataDir: '.' } : { databaseUrl: null, dataDir: target! }, { office: null, seedDir: SEED_DIR })
  await app.stores.outbox.enqueue({ dedupeKey: KILLED_KEY, roomId: 'room-k', roomTopic: '故障测试群', text: '督办提醒', mentionIds: [], filePath: null, plannedFor: new Date() })
  const notifier = {
    async send() {
      process.stdout.write('sent\n')
      await new Promise(() => {}) // killed here, after WeChat took the message and before the mark
    },
  }
  await createDispatcher({ outbox: app.stores.outbox, notifier, log: silentLogger, claimer: `child:${process.pid}` }).tick()
}

if (process.argv[1]?.endsWith('dispatch-child.ts')) {
  main().catch((err) => {
    process.stderr.write(String(err) + '\n')
    process.exit(1)
  })
}
