import { preset } from '../../jest.preset.js';

// Pages are .tsx (Hono JSX): SWC compiles them with hono/jsx as the JSX runtime.
export default {
  ...preset,
  displayName: 'console',
  rootDir: import.meta.dirname,
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic', importSource: 'hono/jsx' } } },
        module: { type: 'es6' },
      },
    ],
  },
};
