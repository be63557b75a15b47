import { defineConfig } from 'drizzle-kit'

// Migrations are generated from db/schema.ts and committed; they run at open (db/client.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
})
