// Entry of the worker thread that reads one task-table file (bot/tableReader.ts). Plain JavaScript
// because a worker starts without the parent's TypeScript loader; tsx loads the TypeScript body.
import { tsImport } from 'tsx/esm/api'

await tsImport('./tableWorkerBody.ts', import.meta.url)
