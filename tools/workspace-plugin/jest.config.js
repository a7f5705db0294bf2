import { preset } from '../../jest.preset.js';

export default {
  ...preset,
  displayName: 'workspace-plugin',
  rootDir: import.meta.dirname,
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  // The end-to-end test builds, lints, tests, packs and installs a generated package.
  testTimeout: 240_000,
};
