/** Dates as the office sees them: China has one time zone (UTC+8) and no daylight saving. */

const CHINA_OFFSET_MS = 8 * 3600_000

/** Today's calendar date in China as numbers, with the ISO weekday (Monday 1 … Sunday 7). */
export function chinaToday(now: Date): { y: number; m: number; d: number; weekday: number } {
  const t = new Date(now.getTime() + CHINA_OFFSET_MS)
  const weekday = t.getUTCDay() === 0 ? 7 : t.getUTCDay()
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), weekday }
}

/** The calendar date (YYYY-MM-DD) in China at instant `at`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** "2026-11-26 09:30" in China time, for replies and the ledger. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** Whole days from date a to date b (YYYY-MM-DD), negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400_000)
}
