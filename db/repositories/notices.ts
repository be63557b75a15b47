import { sql } from 'drizzle-orm'
import type { NoticeStore } from '../../src/ledger/ports.js'
import { queryRaw, type Db } from '../client.js'
import { settings } from '../schema.js'

/**
 * Notice numbers live in the office's settings (`notice_number:2022`): the upsert takes the row's
 * lock, so concurrent callers, in any process, are served one after another, each a new number.
 */
export function createNoticeStore({ db, officeId }: { db: Db; officeId: number }): NoticeStore {
  return {
    async nextNumber(year) {
      const [row] = await queryRaw<{ value: string }>(db, sql`
        insert into ${settings} (office_id, key, value) values (${officeId}, ${`notice_number:${year}`}, '1')
        on conflict (office_id, key) do update set value = (${settings}.value::int + 1)::text
        returning value`)
      if (!row) throw new Error('notice number not allocated')
      return Number(row.value)
    },
  }
}
