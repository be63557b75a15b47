import type { Feature } from '../types.js'
import { setRoom } from './handlers.js'

export { recogniseRoomSwitch } from './recognise.js'

export const roomsFeature: Feature<'enable_room' | 'disable_room'> = {
  name: 'rooms',
  routes: {
    enable_room: { policy: { admin: '启用本群', allowedInDisabledRoom: true }, handle: (ctx) => setRoom(ctx) },
    disable_room: { policy: { admin: '停用本群' }, handle: (ctx) => setRoom(ctx) },
  },
}
