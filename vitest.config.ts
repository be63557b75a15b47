import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite and Postgres suites each create their own databases; files run in parallel workers.
    pool: 'forks',
  },
})
