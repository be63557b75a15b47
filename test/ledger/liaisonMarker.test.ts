import { describe, expect, it } from 'vitest'
import { liaisonAlias, withoutMarker } from '../../src/ledger/liaisonMarker.js'

describe('the bot\'s 备注 marker', () => {
  const first = () => 0
  it('keeps the office\'s own text, or the nickname, and adds one marker with the unit', () => {
    expect(liaisonAlias('司法局小李', '李娜', '县司法局', first)).toBe('司法局小李 [县司法局联络员 AAAA]')
    expect(liaisonAlias(null, '李娜', '县司法局', first)).toBe('李娜 [县司法局联络员 AAAA]')
    // Re-binding replaces the marker instead of stacking another.
    expect(liaisonAlias('司法局小李 [县司法局联络员 K7Q2]', '李娜', '县财政局', first)).toBe('司法局小李 [县财政局联络员 AAAA]')
  })
  it('comes off again for what an @ shows; other brackets stay', () => {
    expect(withoutMarker('李娜 [县司法局联络员 K7Q2]')).toBe('李娜')
    expect(withoutMarker('李娜 [司法局]')).toBe('李娜 [司法局]')
  })
})
