import { TableParseError } from '../../src/tasks/model.js'

/** The TableParseError a promise rejects with; any other outcome fails the test. */
export async function rejection(p: Promise<unknown>): Promise<TableParseError> {
  try {
    await p
  } catch (e) {
    if (e instanceof TableParseError) return e
    throw e
  }
  throw new Error('expected a TableParseError')
}
