/** 生成通报: the monthly 督办工作通报 draft (.docx) on demand. */
import type { Recogniser } from '../types.js'

export type BulletinIntent = { type: 'bulletin' }

const BULLETIN = /^(?:生成|起草|出|拟|导出|发)?(?:一下|一份)?(?:本月|月度|本期|这个月的?)?(?:督办|督查|工作)?(?:工作)?通报(?:稿|草稿)?$/

export const recogniseBulletin: Recogniser = ({ compact }) => (BULLETIN.test(compact) ? { type: 'bulletin' } : null)
