import type { Feature } from '../types.js'
import { archiveDocument, listDocuments, renameDocument } from './handlers.js'

export { recogniseDocuments, DOCUMENT_INTENTS } from './recognise.js'

export const documentsFeature: Feature<'documents' | 'archive_document' | 'rename_document'> = {
  name: 'documents',
  routes: {
    documents: { policy: { readOnly: true, showsProgress: true, allowedUnbound: true }, handle: listDocuments },
    archive_document: { policy: { admin: (i) => (i.archived ? '归档文件' : '恢复文件') }, handle: archiveDocument },
    rename_document: { policy: { admin: '修改文件简称' }, handle: renameDocument },
  },
}
