import { asc, eq } from 'drizzle-orm'
import type { Office, OfficeDef, OfficeLevel } from '../../src/offices/office.js'
import { namesOffice } from '../../src/offices/office.js'
import type { Executor } from '../client.js'
import { offices } from '../schema.js'

const toOffice = (r: typeof offices.$inferSelect): Office => ({ id: r.id, name: r.name, place: r.place, level: r.level as OfficeLevel, prefix: r.prefix })

export async function listOffices(db: Executor): Promise<Office[]> {
  return (await db.select().from(offices).orderBy(asc(offices.id))).map(toOffice)
}

/** The office `key` names (full name or place), or null. */
export async function findOffice(db: Executor, key: string): Promise<Office | null> {
  return (await listOffices(db)).find((o) => namesOffice(o, key)) ?? null
}

/**
 * The office of this place, created when missing. An office migrated from a ledger made before
 * offices existed and seeded without a county name (place '') is this one: it is named now.
 */
export async function ensureOffice(db: Executor, def: OfficeDef): Promise<Office> {
  const [existing] = await db.select().from(offices).where(eq(offices.place, def.place))
  if (existing) return toOffice(existing)
  const [unnamed] = await db.select().from(offices).where(eq(offices.place, ''))
  if (unnamed) {
    const [row] = await db.update(offices).set(def).where(eq(offices.id, unnamed.id)).returning()
    return toOffice(row!)
  }
  const [row] = await db.insert(offices).values(def).onConflictDoNothing().returning()
  if (row) return toOffice(row)
  // Created by another process at the same moment.
  const [again] = await db.select().from(offices).where(eq(offices.place, def.place))
  if (!again) throw new Error(`无法创建办公室 ${def.name}`)
  return toOffice(again)
}
