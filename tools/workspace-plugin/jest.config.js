import { preset } from '../../jest.preset.js';

export default {
  ...preset,
  displayName: 'workspace-plugin',
  rootDir: import.meta.dirname,
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
};
