import type { Feature } from '../types.js'
import { issueNotice } from './handlers.js'

export { recogniseNotice } from './recognise.js'

export const noticesFeature: Feature<'issue_notice'> = {
  name: 'notices',
  routes: {
    issue_notice: { policy: { admin: '印发督办通知单', showsProgress: true }, handle: issueNotice },
  },
}
