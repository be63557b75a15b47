/**
 * Migration 0005 on a ledger made before offices and documents existed (migrations 0000–0004, the
 * rows as that code wrote them): every row is kept and belongs to office 1, the county named by
 * its directory seed, and the stores of that office answer as before.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { describe, expect, it } from 'vitest'
import { attachPglite, queryRaw } from '../../db/client.js'
import * as schema from '../../db/schema.js'
import { createStores } from '../../db/stores.js'
import { listOffices } from '../../db/repositories/offices.js'

const migrations = fileURLToPath(new URL('../../db/migrations', import.meta.url))

/** The migrations folder as it was before 0005: the same files, the journal cut there. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'duban-migr-'))
  cpSync(migrations, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag))
  writeFileSync(journalPath, JSON.stringify(journal))
  return dir
}

describe('migration to offices and documents', () => {
  it('keeps every row of an earlier ledger as office 1 and answers from it', async () => {
    const client = await PGlite.create()
    const old = drizzle({ client, schema })
    await migrate(old, { migrationsFolder: migrationsBefore('0005_offices_documents') })
    // Rows as the code before offices wrote them.
    await client.exec(`
      insert into settings (key, value) values ('county', '惠来县');
      insert into units (name, kind, aliases) values ('县司法局', 'dept', '{司法局}'), ('县财政局', 'dept', '{}');
      insert into unit_groups (name, kinds, aliases) values ('县政府各部门', '{dept}', '{}');
      insert into documents (document_key, title, issuer, issued_on, source_name, content_hash)
        values ('doc|惠来县人民政府办公室|惠来县2022年政务公开工作要点任务分解表', '惠来县2022年政务公开工作要点任务分解表', '惠来县人民政府办公室', '2022-08-25', 'a.txt', 'h');
      insert into tasks (document_id, number, text, deadline_kind, deadline_date) values (1, 1, '公开政府信息', 'date', '2022-12-31'), (1, 2, '清理规范性文件', 'ongoing', null);
      insert into assignments (task_id, role, target_type, target) values (1, 'lead', 'unit', '县司法局'), (2, 'responsible', 'group', '县政府各部门');
      insert into rooms (wechat_id, topic, enabled) values ('r1', '政务公开工作群', true);
      insert into liaisons (contact_id, name, alias, unit) values ('wx-1', '李娜', null, '县司法局');
      insert into admins (contact_id, name, alias) values ('wx-0', '王五', '办公室王主任');
      insert into inbox (message_id, room_id, room_topic, sender_id, sender_name, text, received_at, handled_at, outcome)
        values ('m1', 'r1', '政务公开工作群', 'wx-1', '李娜', '第1项已完成', now(), now(), 'report:1/0');
      insert into progress_reports (task_id, unit, status, percent, liaison_contact_id, liaison_name, source_message_id, reported_at)
        values (1, '县司法局', 'done', 100, 'wx-1', '李娜', 'm1', now());
      insert into progress_latest (task_id, unit, report_id, reported_at) select task_id, unit, id, reported_at from progress_reports;
      insert into outbox (dedupe_key, room_id, room_topic, text, planned_for, sent_at) values ('督办提醒|2022-09-20|政务公开工作群|1', 'r1', '政务公开工作群', '【督办提醒】', now(), now());
    `)
    const before = await tableCounts(old)

    const migrated = await attachPglite(client) // the real migrator, every migration
    const db = migrated.db
    try {
      expect(await tableCounts(db)).toEqual(before)
      expect(await listOffices(db)).toEqual([{ id: 1, name: '惠来县人民政府办公室', place: '惠来县', level: '县', prefix: '县' }])
      for (const table of ROOT_TABLES) {
        const [row] = await queryRaw<{ n: number | string }>(db, sql.raw(`select count(*) as n from "${table}" where office_id is distinct from 1`))
        expect(Number(row!.n), table).toBe(0)
      }
      const stores = createStores(db, 1)
      const book = await stores.tasks.loadBook()
      expect(book.documents).toMatchObject([{ shortName: '文件1', ordinal: 1, archived: false, issuedOn: '2022-08-25' }])
      expect(book.tasks.map((t) => [t.number, t.since])).toEqual([[1, '2022-08-25'], [2, '2022-08-25']])
      expect(book.directory).toMatchObject({ county: '惠来县', units: [{ name: '县司法局', aliases: ['司法局'] }, { name: '县财政局' }] })
      expect(await stores.progress.latest()).toMatchObject([{ taskId: 1, unit: '县司法局', status: 'done' }])
      expect((await stores.liaisons.find({ contactId: 'wx-1', name: '李娜' }))?.unit).toBe('县司法局')
      expect(await stores.admins.isAdmin({ contactId: 'wx-0', name: '王五', alias: '办公室王主任' })).toBe(true)
      expect(await stores.rooms.get('r1', null)).toMatchObject({ topic: '政务公开工作群', enabled: true })
      expect(await stores.outbox.has('督办提醒|2022-09-20|政务公开工作群|1')).toBe(true)
      expect(await stores.inbox.store({ id: 'm1', roomId: 'r1', roomTopic: '政务公开工作群', senderId: 'wx-1', senderName: '李娜', text: '第1项已完成', mentionsBot: false, receivedAt: new Date(), kind: 'text' })).toBe('handled')
      // A revision of the migrated document is found by its key and keeps its report.
      expect((await stores.tasks.renameDocument(book.documents[0]!.id, '政务公开要点'))).toBe(true)
    } finally {
      await migrated.close()
    }
  })
})

const ROOT_TABLES = ['settings', 'units', 'unit_groups', 'documents', 'rooms', 'liaisons', 'admins', 'inbox', 'progress_reports', 'outbox']

async function tableCounts(db: Parameters<typeof queryRaw>[0]): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of [...ROOT_TABLES, 'tasks', 'assignments', 'progress_latest']) {
    const [row] = await queryRaw<{ n: number | string }>(db, sql.raw(`select count(*) as n from "${t}"`))
    out[t] = Number(row!.n)
  }
  return out
}
