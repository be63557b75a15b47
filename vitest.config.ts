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
  },
})
