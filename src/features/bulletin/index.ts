import type { Feature } from '../types.js'
import { bulletin } from './handlers.js'

export { recogniseBulletin } from './recognise.js'

export const bulletinFeature: Feature<'bulletin'> = {
  name: 'bulletin',
  routes: {
    bulletin: { policy: { admin: '生成通报', showsProgress: true }, handle: bulletin },
  },
}
