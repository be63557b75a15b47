export interface DocumentsData {
  documents: { documents: { name: string; title: string | null; tasks: number; done: number; overdue: number; archived: boolean }[] }
  archive_document: { document: string; archived: boolean }
  rename_document: { document: string; previous: string }
}

export type DocumentsOutcome = 'documents' | 'archive_document' | 'rename_document' | 'ask_document'
