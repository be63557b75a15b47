/**
 * The place a document belongs to (issue 13, item 6): a 区 document's bare names take 区, a 市
 * document's 市, and another county's table is not read through this county's directory — its
 * local aliases (惠来县: 县商务局 = 县工业和信息化局) are facts of one place, not of China. The
 * national abbreviation table applies everywhere, since it lives in the resolver itself.
 */
import { countyInfo, normText } from './normalize.js'
import { createUnitDirectory, type UnitDirectory } from './directory.js'

const HAN = '\\u4e00-\\u9fa5'
/**
 * A county-level place at the start of an issuer or title, after an optional province/city:
 * 惠来县人民政府办公室, 某某区2024年…, 鞍山市立山区人民政府, 普宁市关于…. It must be followed by
 * 人民政府/政府/委 (县委), a year, 关于 or a quotation, so that 市场监管局… or 城区供水… name no place.
 */
const PLACE_RE = new RegExp(
  `^(?:中共)?(?:[${HAN}]{2,4}?(?:省|自治区))?(?:[${HAN}]{2,4}?(?:市|州|盟))?([${HAN}]{2,6}?(?:自治县|自治旗|县|区|市|旗))(?=人民政府|政府|委|(?:19|20)\\d{2}|关于|《|“)`,
)
/** Template placeholders (某某县, XX区) name no place. */
const PLACEHOLDER = /^(?:某某|某|XX|xx|ＸＸ|××|\*\*|○○|〇〇)/
/** Words that end in 县/区/市 without being a place: 全县, 本区, 城区, 我市. */
const NOT_PLACE = /^(?:全|本|我|该|各|城|市|县|区|新)/

/**
 * The county-level place a document names in its issuer or title, or null when it names none. A
 * placeholder (某某区) is returned as written: it still tells the level (see directoryForPlace).
 */
export function documentPlace(table: { issuer: string | null; title: string | null }): string | null {
  for (const s of [table.issuer, table.title]) {
    if (!s) continue
    const m = PLACE_RE.exec(normText(s))
    const place = m?.[1]
    if (place && !NOT_PLACE.test(place)) return place
  }
  return null
}

/**
 * The directory to read a table's unit names with: the office's own when the table names no place
 * or names the office's county, else an empty one for the table's place, so that its bare names take
 * that place's prefix (财政局 -> 区财政局) and none of this county's units or aliases are matched.
 * A placeholder place (某某县) may be this county anonymised: it is another place only when its
 * level differs (某某区 in a 县's directory).
 */
export function directoryForPlace(
  dir: UnitDirectory,
  table: { issuer: string | null; title: string | null },
): { dir: UnitDirectory; otherPlace: string | null } {
  const place = documentPlace(table)
  if (place === null) return { dir, otherPlace: null }
  const other = PLACEHOLDER.test(place) ? countyInfo(place).prefix !== dir.prefix : !samePlace(place, dir.data.county)
  if (!other) return { dir, otherPlace: null }
  return { dir: createUnitDirectory({ county: place, units: [], groups: [], roles: [] }), otherPlace: place }
}

/** 惠来县 = 惠来县 = 惠来; 揭西县 ≠ 惠来县; 天河区 ≠ 天河县 (another level is another place). */
export function samePlace(place: string, county: string): boolean {
  const a = countyInfo(place)
  const b = countyInfo(county)
  return a.full === b.full || (a.short !== '' && a.short === b.short && a.prefix === b.prefix)
}
