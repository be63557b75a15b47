import type { Feature } from '../types.js'
import { importTable } from './handlers.js'

export { recogniseImport } from './recognise.js'
/** A file from an admin may be a task table: tried first on the passive path. */
export { receiveFile } from './handlers.js'

export const importsFeature: Feature<'import_table'> = {
  name: 'imports',
  routes: {
    import_table: { policy: { admin: '导入任务分解表' }, handle: importTable },
  },
}
