import type { Feature } from '../types.js'
import { reviewDecision, reviewQueue } from './handlers.js'

export { recogniseReview } from './recognise.js'

export const reviewFeature: Feature<'review_queue' | 'review_decision'> = {
  name: 'review',
  routes: {
    review_queue: { policy: { admin: '查看待销号', readOnly: true }, handle: reviewQueue },
    review_decision: { policy: { admin: (i) => (i.decision === 'close' ? '销号' : '退回销号') }, handle: reviewDecision },
  },
}
