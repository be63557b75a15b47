import type { Feature } from '../types.js'
import { exportLedger, missing, summary } from './handlers.js'

export { recogniseLedgerView } from './recognise.js'

export const ledgerViewsFeature: Feature<'summary' | 'missing' | 'export'> = {
  name: 'ledgerViews',
  routes: {
    summary: { policy: { admin: '进度汇总', readOnly: true, showsProgress: true }, handle: summary },
    // A liaison sees their own unit's; an admin every unit's.
    missing: { policy: { readOnly: true, showsProgress: true, needsUnit: (_, s) => !s.isAdmin }, handle: missing },
    export: { policy: { admin: '导出台账' }, handle: exportLedger },
  },
}
