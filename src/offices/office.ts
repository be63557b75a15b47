/**
 * An office the assistant serves (惠来县人民政府办公室): its place, level and the prefix of its own
 * units. One bot process serves one office; the name is what OFFICE and `--office` name.
 */
export type OfficeLevel = '县' | '区' | '市'

export interface Office {
  id: number
  /** 惠来县人民政府办公室 */
  name: string
  /** 惠来县 */
  place: string
  level: OfficeLevel
  /** What the office's own units are prefixed with (县司法局): the level's character. */
  prefix: string
}

export type OfficeDef = Omit<Office, 'id'>

/** The office of a place as its directory names it (惠来县 → 县, 县 prefix; 海珠区 → 区; 揭阳市 → 市). */
export function officeOfPlace(place: string, name?: string | null): OfficeDef {
  const trimmed = place.trim()
  const last = trimmed.slice(-1)
  const level: OfficeLevel = last === '区' ? '区' : last === '市' ? '市' : '县'
  return { name: name?.trim() || `${trimmed}人民政府办公室`, place: trimmed, level, prefix: level }
}

/** Whether `key` (OFFICE, `--office`) names the office: its full name or its place, with or without the level (惠来). */
export function namesOffice(office: Pick<Office, 'name' | 'place'>, key: string): boolean {
  const k = key.trim()
  if (!k) return false
  return k === office.name || k === office.place || (office.place.length > 2 && k === office.place.slice(0, -1))
}
