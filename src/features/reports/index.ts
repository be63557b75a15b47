import type { Feature } from '../types.js'
import { passive, report, unclearReport, undo } from './handlers.js'

export { recogniseProxyReport, recogniseQuotedReply, recogniseReportWithoutTask, recogniseUndo, recogniseUnmentioned } from './recognise.js'
/** Recalls and attachments after a report (evidence): the passive path. */
export { passive }

export const reportsFeature: Feature<'report' | 'undo' | 'unclear_report'> = {
  name: 'reports',
  routes: {
    report: {
      policy: { admin: (i) => (i.unit ? '代其他单位报送' : null), needsUnit: (i) => i.unit == null, unboundConsequence: '进度未记录' },
      handle: report,
    },
    undo: { policy: {}, handle: undo },
    // Answers only a bound liaison about their own tasks (the handler is silent otherwise).
    unclear_report: { policy: { readOnly: true, allowedUnbound: true }, handle: unclearReport },
  },
}
