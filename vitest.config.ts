import { availableParallelism } from 'node:os'
import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The minute-long load test runs on its own (`npm run test:load`, called by .ci/run), not in `npm test`.
    exclude: process.env.LOAD_TEST_SECONDS ? configDefaults.exclude : [...configDefaults.exclude, 'test/load/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A migrated PGlite dump and Postgres template made once per run (test/helpers/db.ts copies them).
    globalSetup: ['test/helpers/globalSetup.ts'],
    // PGlite and Postgres suites each create their own databases; files run in parallel workers.
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: on a 2-core machine one file at a time. The
    // files wait on Postgres, worker threads and child processes much of the time, so one per core.
    maxWorkers: Math.max(2, availableParallelism()),
  },
})
