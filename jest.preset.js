// Shared Jest setup: TypeScript through SWC as native ESM, workspace packages
// resolved to their sources through the "@enterprise-mcp/source" export condition.
import { fileURLToPath } from 'node:url';

const summaryReporter = fileURLToPath(new URL('./tools/scripts/jest-summary-reporter.cjs', import.meta.url));

export const preset = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@enterprise-mcp/source', 'node', 'node-addons'],
  },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
    // The console's pages (apps/console, Hono JSX), also when the server's tests import it.
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic', importSource: 'hono/jsx' } } },
        module: { type: 'es6' },
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  reporters: ['default', summaryReporter],
  testTimeout: 20_000,
};
