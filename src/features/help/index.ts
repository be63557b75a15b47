import type { Feature } from '../types.js'
import { help, unknown } from './handlers.js'

export { recogniseHelp } from './recognise.js'

export const helpFeature: Feature<'help' | 'unknown'> = {
  name: 'help',
  routes: {
    help: { policy: { readOnly: true, allowedUnbound: true }, handle: help },
    unknown: { policy: { readOnly: true, allowedUnbound: true }, handle: unknown },
  },
}
