import { preset } from '../../jest.preset.js';

// Packing, installing and linting packages takes a while on 2 cores.
export default { ...preset, displayName: 'package-smoke', rootDir: import.meta.dirname, testTimeout: 240_000 };
