import type { Feature } from '../types.js'
import { webLink } from './handlers.js'

export { recogniseWebLink } from './recognise.js'

export const webFeature: Feature<'web_link'> = {
  name: 'web',
  routes: {
    web_link: { policy: { admin: '网页台账', readOnly: true }, handle: webLink },
  },
}
