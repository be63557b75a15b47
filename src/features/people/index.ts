import type { Feature } from '../types.js'
import { bind, claimAdmin, unbind, whoami } from './handlers.js'

export { recogniseClaim, recogniseIdentity } from './recognise.js'

export const peopleFeature: Feature<'bind' | 'unbind' | 'whoami' | 'claim_admin'> = {
  name: 'people',
  routes: {
    // Anyone binds themselves (a second liaison of a unit is announced); binding someone else is an admin's.
    bind: { policy: { allowedUnbound: true, admin: (i) => (i.targetName ? '为他人绑定单位' : null) }, handle: bind },
    unbind: { policy: { admin: (i) => (i.targetName ? '为他人解除绑定' : null) }, handle: unbind },
    whoami: { policy: { readOnly: true, allowedUnbound: true }, handle: whoami },
    // The code is checked by the handler; an admin is answered even in a room not enabled yet.
    claim_admin: { policy: { allowedUnbound: true, allowedInDisabledRoom: true }, handle: claimAdmin },
  },
}
