// For hosts that run the Prisma CLI themselves (`npx prisma migrate deploy`); the server applies
// the same migrations with its own runner (`npm run db:migrate`), recorded the same way.
// A plain object (what `defineConfig` from 'prisma/config' returns), so no import is needed at the root.
export default {
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
};
